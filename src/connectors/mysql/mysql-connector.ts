/** `createMysqlConnector`: the MySQL/MariaDB source connector, wiring its parts. Read-only. */
import type { Connector, ConnectorAdapter } from '../../core/connector/connector.js';
import { resolveMysqlConfig, type MysqlConnectorConfig } from './mysql-config.js';
import { MysqlControlTotals } from './mysql-control-totals.js';
import { MysqlDriver, asMysqlDriver } from './mysql-driver.js';
import { createMysqlBlobSource } from './mysql-blob-source.js';
import { MysqlIntrospector } from './mysql-introspector.js';
import { MysqlReader } from './mysql-reader.js';

/** Capabilities of the MySQL connector (a source only: no writer). */
export const MYSQL_ADAPTER: ConnectorAdapter = Object.freeze({
  dialect: 'mysql',
  supportsTransactionalDdl: false,
  supportsUpsert: false,
  supportsStreaming: false,
  supportsControlTotals: true,
  pagesByKey: true,
  supportsWrite: false,
  maxParameters: 65_535,
});

/** Creates a MySQL/MariaDB connector. Validates the config now; connects only in `driver.init()`. */
export function createMysqlConnector(config: MysqlConnectorConfig): Connector {
  const resolved = resolveMysqlConfig(config);
  return {
    name: resolved.name,
    adapter: MYSQL_ADAPTER,
    createDriver: () => new MysqlDriver(resolved),
    createIntrospector: (driver) => new MysqlIntrospector(driver),
    createReader: (driver) => new MysqlReader(driver),
    createDocumentSource: (driver, spec) => createMysqlBlobSource(asMysqlDriver(driver), spec),
    createControlTotals: (driver) => new MysqlControlTotals(driver),
  };
}

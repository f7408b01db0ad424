/**
 * `createMssqlConnector`: SQL Server (2017+) as a read-only source through the optional peer
 * dependency `mssql`.
 */
import type { Connector, ConnectorAdapter, ConnectorDriver } from '../../core/connector/connector.js';
import { ConfigurationError } from '../../core/errors.js';
import { resolveMssqlConfig, type MssqlConnectorConfig } from './mssql-config.js';
import { MssqlControlTotals } from './mssql-control-totals.js';
import { MssqlDriver } from './mssql-driver.js';
import { createMssqlBlobSource } from './mssql-blob-source.js';
import { MssqlIntrospector } from './mssql-introspector.js';
import { MssqlReader } from './mssql-reader.js';

/** Capabilities of the SQL Server connector. */
export const MSSQL_ADAPTER: ConnectorAdapter = Object.freeze({
  dialect: 'mssql',
  supportsTransactionalDdl: true,
  supportsUpsert: false,
  /** Page-by-page keyset reads (TOP n), not a server-side cursor. */
  supportsStreaming: false,
  supportsControlTotals: true,
  pagesByKey: true,
  supportsWrite: false,
  /** SQL Server allows 2100 parameters per request. */
  maxParameters: 2100,
});

function asMssqlDriver(driver: ConnectorDriver): MssqlDriver {
  if (!(driver instanceof MssqlDriver)) {
    throw new ConfigurationError('SQL Server connector: the driver passed in was not created by this connector.');
  }
  return driver;
}

/** Creates a read-only SQL Server connector. Validates the configuration at once; connects on `init()`. */
export function createMssqlConnector(config: MssqlConnectorConfig): Connector {
  const resolved = resolveMssqlConfig(config);
  return {
    name: config.name,
    adapter: MSSQL_ADAPTER,
    createDriver: () => new MssqlDriver(resolved),
    createIntrospector: (driver) => new MssqlIntrospector(asMssqlDriver(driver)),
    createReader: (driver) => new MssqlReader(asMssqlDriver(driver)),
    createDocumentSource: (driver, spec) => createMssqlBlobSource(asMssqlDriver(driver), spec),
    createControlTotals: (driver) => new MssqlControlTotals(asMssqlDriver(driver)),
  };
}

/** `createPostgresConnector`: the PostgreSQL connector, wiring its parts (Kysely's Dialect shape). */
import type { Connector, ConnectorAdapter } from '../../core/connector/connector.js';
import { resolvePostgresConfig, type PostgresConnectorConfig } from './postgres-config.js';
import { PostgresControlTotals } from './postgres-control-totals.js';
import { PostgresDriver, asPostgresDriver } from './postgres-driver.js';
import { createPostgresBlobSource } from './postgres-blob-source.js';
import { PostgresIntrospector } from './postgres-introspector.js';
import { PostgresReader } from './postgres-reader.js';
import { PostgresWriter } from './postgres-writer.js';

/** Capabilities of the PostgreSQL connector. */
export const POSTGRES_ADAPTER: ConnectorAdapter = Object.freeze({
  dialect: 'postgres',
  supportsTransactionalDdl: true,
  supportsUpsert: true,
  supportsStreaming: false,
  supportsControlTotals: true,
  pagesByKey: true,
  supportsWrite: true,
  maxParameters: 65_535,
});

/** Creates a PostgreSQL connector. Validates the config now; connects only in `driver.init()`. */
export function createPostgresConnector(config: PostgresConnectorConfig): Connector {
  const resolved = resolvePostgresConfig(config);
  return {
    name: resolved.name,
    adapter: POSTGRES_ADAPTER,
    createDriver: () => new PostgresDriver(resolved),
    createIntrospector: (driver) => new PostgresIntrospector(driver),
    createReader: (driver) => new PostgresReader(driver),
    createControlTotals: (driver) => new PostgresControlTotals(driver),
    createWriter: (driver) => new PostgresWriter(driver),
    createDocumentSource: (driver, spec) => createPostgresBlobSource(asPostgresDriver(driver), spec),
  };
}

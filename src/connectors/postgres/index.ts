/** casebridge/connectors/postgres: the PostgreSQL source (and target) connector. Needs the optional `pg`. */
export { createPostgresConnector, POSTGRES_ADAPTER } from './postgres-connector.js';
export { resolvePostgresConfig, type PostgresConnectorConfig, type ResolvedPostgresConfig } from './postgres-config.js';
export { translatePostgresError, type PostgresErrorContext } from './postgres-errors.js';
export { normalizePostgresType, POSTGRES_TEXT_PARSERS } from './postgres-type-map.js';
export { PostgresDriver } from './postgres-driver.js';
export { PostgresIntrospector } from './postgres-introspector.js';
export { PostgresReader } from './postgres-reader.js';
export { PostgresWriter } from './postgres-writer.js';
export { PostgresControlTotals } from './postgres-control-totals.js';
export { createPostgresBlobSource, postgresBlobStatements } from './postgres-blob-source.js';

/** `casebridge/connectors/mssql`: the SQL Server connector (needs the optional peer dependency `mssql`). */
export { createMssqlConnector, MSSQL_ADAPTER } from './mssql-connector.js';
export { parseMssqlUrl, resolveMssqlConfig, type MssqlConnectorConfig } from './mssql-config.js';
export { MssqlDriver } from './mssql-driver.js';
export { MssqlIntrospector } from './mssql-introspector.js';
export { MssqlReader } from './mssql-reader.js';
export { MssqlControlTotals } from './mssql-control-totals.js';
export { translateMssqlError, MSSQL_ERROR_NUMBERS } from './mssql-errors.js';
export { MSSQL_TYPE_MAP, mssqlNormalizedType, normalizeMssqlValue } from './mssql-type-map.js';
export { quoteIdentifier, parseTableName, keysetPage, controlTotalsQuery } from './mssql-sql.js';
export { createMssqlBlobSource, mssqlBlobStatements } from './mssql-blob-source.js';

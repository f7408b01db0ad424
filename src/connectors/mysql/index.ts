/** casebridge/connectors/mysql: the MySQL/MariaDB source connector. Needs the optional `mysql2`. */
export { createMysqlConnector, MYSQL_ADAPTER } from './mysql-connector.js';
export { resolveMysqlConfig, type MysqlConnectorConfig, type ResolvedMysqlConfig } from './mysql-config.js';
export { translateMysqlError, type MysqlErrorContext } from './mysql-errors.js';
export { normalizeMysqlType, mysqlTypeCast } from './mysql-type-map.js';
export { MysqlDriver } from './mysql-driver.js';
export { MysqlIntrospector } from './mysql-introspector.js';
export { MysqlReader } from './mysql-reader.js';
export { MysqlControlTotals } from './mysql-control-totals.js';
export { createMysqlBlobSource, mysqlBlobStatements } from './mysql-blob-source.js';

/** MySQL/MariaDB spelling for the shared SQL builders. */
import type { SqlDialect } from '../shared/sql-dialect.js';
import { quoteMysqlIdent } from './mysql-introspector.js';

/**
 * Backtick identifiers, `?` parameters. String keys compare as utf8mb4_bin (code-point order, the same
 * for latin1 and utf8mb4 columns); BIGINT/DECIMAL resume values are cast so MySQL never compares them
 * as DOUBLE.
 */
export const MYSQL_SQL_DIALECT: SqlDialect = {
  quoteIdentifier: quoteMysqlIdent,
  placeholder: () => '?',
  deterministicString: (expr, column) =>
    column.charset === 'utf8mb4' && column.collation === 'utf8mb4_bin' ? expr : `CONVERT(${expr} USING utf8mb4) COLLATE utf8mb4_bin`,
  yearOf: (expr) => `NULLIF(YEAR(${expr}), 0)`,
  asText: (expr) => `CAST(${expr} AS CHAR)`,
  castParameter: (placeholder, column) => {
    if (column.type === 'bigint') return `CAST(${placeholder} AS DECIMAL(65,0))`;
    if (column.type === 'decimal') return `CAST(${placeholder} AS DECIMAL(65,30))`;
    if (column.isString) return `CONVERT(${placeholder} USING utf8mb4) COLLATE utf8mb4_bin`;
    return placeholder;
  },
  // MySQL reads a DATETIME literal with a space and no zone suffix (its sessions run in UTC).
  stampParameter: (value, column) =>
    column.type === 'timestamp' || column.type === 'timestamptz' ? value.replace('T', ' ').replace(/(?:Z|[+-]00:?00)$/, '') : value,
};

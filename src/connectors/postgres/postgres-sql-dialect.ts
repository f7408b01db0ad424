/** PostgreSQL spelling for the shared SQL builders. */
import type { SqlDialect } from '../shared/sql-dialect.js';
import { quoteIdent } from './postgres-introspector.js';

/** Identifiers in double quotes, `$n` parameters, string keys compared in the "C" collation (byte order). */
export const POSTGRES_SQL_DIALECT: SqlDialect = {
  quoteIdentifier: quoteIdent,
  placeholder: (i) => `$${i}`,
  deterministicString: (expr, column) => (column.collation === 'C' || column.collation === 'POSIX' ? expr : `${expr} COLLATE "C"`),
  yearOf: (expr) => `EXTRACT(YEAR FROM ${expr})::int`,
  asText: (expr) => `(${expr})::text`,
};

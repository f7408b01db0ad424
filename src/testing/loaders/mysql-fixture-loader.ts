/**
 * Turns the golden fixture into MySQL/MariaDB DDL and parametrised inserts (`?`). The statements must
 * run on one connection: the first ones set a UTC session time zone and a permissive sql_mode so that
 * zero dates can be stored (as legacy systems did).
 */
import type { SourceValue } from '../../core/connector/source-value.js';
import type { FixtureColumn, FixtureTable } from '../fixtures/fixture-types.js';
import { bindValue, rowChunks, type FixtureStatement } from './sql-literals.js';

const quote = (name: string): string => `\`${name.replaceAll('`', '``')}\``;

/** The MySQL/MariaDB column type used to store a fixture column. */
export function mysqlFixtureType(column: FixtureColumn): string {
  switch (column.type) {
    case 'integer':
      return 'INT';
    case 'bigint':
      return column.variant === 'unsigned' ? 'BIGINT UNSIGNED' : 'BIGINT';
    case 'decimal':
      return `DECIMAL(${column.precision ?? 38},${column.scale ?? 10})`;
    case 'float':
      return 'DOUBLE';
    case 'boolean':
      return column.variant === 'bit' ? 'BIT(1)' : 'TINYINT(1)';
    case 'string': {
      const base = column.maxLength === undefined ? 'MEDIUMTEXT' : `VARCHAR(${column.maxLength})`;
      return column.variant === 'latin1' ? `${base} CHARACTER SET latin1 COLLATE latin1_swedish_ci` : `${base} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`;
    }
    case 'date':
      return 'DATE';
    case 'timestamp':
      return column.variant === 'zero-date' ? 'DATETIME' : 'DATETIME(6)';
    case 'timestamptz':
      return 'TIMESTAMP(6) NULL';
    case 'time':
      return 'TIME(6)';
    case 'uuid':
      return 'UUID';
    case 'binary':
      return 'BLOB';
    case 'json':
      return 'JSON';
    case 'unknown':
      return 'MEDIUMTEXT';
  }
}

function mysqlBind(column: FixtureColumn, value: SourceValue | undefined): unknown {
  const bound = bindValue(column, value);
  if (typeof bound !== 'string') return bound;
  if (column.type === 'timestamptz') return bound.replace('T', ' ').replace(/Z$/, '');
  if (column.type === 'timestamp') return bound.replace('T', ' ');
  return bound;
}

/** Session settings, DDL and inserts that create `table` (dropping an older copy first). */
export function mysqlFixtureStatements(table: FixtureTable): FixtureStatement[] {
  const cols = table.columns.map((c) => `${quote(c.name)} ${mysqlFixtureType(c)}${c.nullable ? '' : ' NOT NULL'}`);
  const statements: FixtureStatement[] = [
    { sql: "SET time_zone = '+00:00'", params: [] },
    { sql: "SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'", params: [] },
    { sql: 'SET NAMES utf8mb4', params: [] },
    { sql: `DROP TABLE IF EXISTS ${quote(table.name)}`, params: [] },
    {
      sql: `CREATE TABLE ${quote(table.name)} (${cols.join(', ')}, PRIMARY KEY (${table.primaryKey.map(quote).join(', ')})) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      params: [],
    },
  ];
  for (const rows of rowChunks(table, 60_000)) {
    const params: unknown[] = [];
    const tuples = rows.map(
      (row) =>
        `(${table.columns
          .map((c) => {
            params.push(mysqlBind(c, row[c.name]));
            return '?';
          })
          .join(', ')})`,
    );
    statements.push({ sql: `INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(', ')}) VALUES ${tuples.join(', ')}`, params });
  }
  return statements;
}

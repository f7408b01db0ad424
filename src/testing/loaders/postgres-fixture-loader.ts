/** Turns the golden fixture into PostgreSQL DDL and parametrised inserts (`$1, $2, …`). */
import type { FixtureColumn, FixtureTable } from '../fixtures/fixture-types.js';
import { bindValue, rowChunks, type FixtureStatement } from './sql-literals.js';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The PostgreSQL column type used to store a fixture column. */
export function postgresFixtureType(column: FixtureColumn): string {
  switch (column.type) {
    case 'integer':
      return 'integer';
    case 'bigint':
      return column.variant === 'unsigned' ? 'numeric(20,0)' : 'bigint';
    case 'decimal':
      return `numeric(${column.precision ?? 38},${column.scale ?? 10})`;
    case 'float':
      return 'double precision';
    case 'boolean':
      return 'boolean';
    case 'string':
      return column.maxLength === undefined ? 'text' : `varchar(${column.maxLength})`;
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp(6)';
    case 'timestamptz':
      return 'timestamptz(6)';
    case 'time':
      return 'time(6)';
    case 'uuid':
      return 'uuid';
    case 'binary':
      return 'bytea';
    case 'json':
      return 'jsonb';
    case 'unknown':
      return 'text';
  }
}

/** DDL and inserts that create `table` (dropping an older copy first) in the current schema. */
export function postgresFixtureStatements(table: FixtureTable): FixtureStatement[] {
  const cols = table.columns.map((c) => `${quote(c.name)} ${postgresFixtureType(c)}${c.nullable ? '' : ' NOT NULL'}`);
  const statements: FixtureStatement[] = [
    { sql: `DROP TABLE IF EXISTS ${quote(table.name)}`, params: [] },
    { sql: `CREATE TABLE ${quote(table.name)} (${cols.join(', ')}, PRIMARY KEY (${table.primaryKey.map(quote).join(', ')}))`, params: [] },
  ];
  for (const rows of rowChunks(table, 30_000)) {
    const params: unknown[] = [];
    const tuples = rows.map(
      (row) =>
        `(${table.columns
          .map((c) => {
            params.push(bindValue(c, row[c.name]));
            return `$${params.length}::${postgresFixtureType(c)}`;
          })
          .join(', ')})`,
    );
    statements.push({ sql: `INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(', ')}) VALUES ${tuples.join(', ')}`, params });
  }
  return statements;
}

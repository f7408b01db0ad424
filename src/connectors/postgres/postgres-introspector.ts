/** Tables, columns (raw and normalised types), keys and exact row counts from the PostgreSQL catalog. */
import type { ColumnMetadata, ConnectorDriver, ForeignKeyMetadata, Introspector, TableMetadata } from '../../core/connector/connector.js';
import { ERROR_CODES, ObjectNotFoundError } from '../../core/errors.js';
import { asPostgresDriver, type PostgresDriver } from './postgres-driver.js';
import { translatePostgresError } from './postgres-errors.js';
import { normalizePostgresType } from './postgres-type-map.js';

const COLUMNS_SQL = `
SELECT column_name AS name, udt_name AS udt, is_nullable = 'YES' AS nullable,
       character_maximum_length::int AS max_length, numeric_precision::int AS precision, numeric_scale::int AS scale,
       collation_name AS collation
FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`;

const PRIMARY_KEY_SQL = `
SELECT a.attname AS name
FROM pg_index i
CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indrelid = format('%I.%I', $1::text, $2::text)::regclass AND i.indisprimary ORDER BY k.ord`;

const FOREIGN_KEYS_SQL = `
SELECT con.conname AS name, ref.relname AS ref_table,
  (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS cols,
  (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_cols
FROM pg_constraint con JOIN pg_class ref ON ref.oid = con.confrelid
WHERE con.conrelid = format('%I.%I', $1::text, $2::text)::regclass AND con.contype = 'f' ORDER BY con.conname`;

/** Raw type text as the spec shows it: `int4`, `varchar(40)`, `numeric(38,10)`. */
function rawType(udt: string, maxLength: unknown, precision: unknown, scale: unknown): string {
  if (typeof maxLength === 'number') return `${udt}(${maxLength})`;
  if (udt === 'numeric' && typeof precision === 'number') return `numeric(${precision},${typeof scale === 'number' ? scale : 0})`;
  return udt;
}

/** Columns and primary key of a table, without the (possibly slow) row count. */
export interface PostgresTableShape {
  readonly columns: readonly ColumnMetadata[];
  readonly primaryKey: readonly string[];
  /** Collation per column, where the catalog names one explicitly. */
  readonly collations: ReadonlyMap<string, string>;
}

/** Reads a table's columns and primary key; ObjectNotFoundError when it does not exist. */
export async function describePostgresShape(driver: PostgresDriver, table: string): Promise<PostgresTableShape> {
  const schema = driver.config.schema;
  try {
    const cols = await driver.pool().query(COLUMNS_SQL, [schema, table]);
    if (cols.rows.length === 0) {
      throw new ObjectNotFoundError(`Table not found: "${table}".`, { code: ERROR_CODES.TABLE_NOT_FOUND, details: { schema, table } });
    }
    const pk = await driver.pool().query(PRIMARY_KEY_SQL, [schema, table]);
    const collations = new Map<string, string>();
    const columns = cols.rows.map((r): ColumnMetadata => {
      const udt = String(r.udt);
      const type = normalizePostgresType(udt);
      if (typeof r.collation === 'string') collations.set(String(r.name), r.collation);
      return {
        name: String(r.name),
        dataType: rawType(udt, r.max_length, r.precision, r.scale),
        type,
        nullable: r.nullable === true,
        ...(typeof r.max_length === 'number' ? { maxLength: r.max_length } : {}),
        ...(type === 'decimal' && typeof r.precision === 'number' ? { precision: r.precision, scale: typeof r.scale === 'number' ? r.scale : 0 } : {}),
        ...(type === 'string' ? { charset: 'UTF8' } : {}),
      };
    });
    return { columns, primaryKey: pk.rows.map((r) => String(r.name)), collations };
  } catch (error) {
    throw translatePostgresError(error, { operation: 'introspection', table });
  }
}

/** The PostgreSQL Introspector. */
export class PostgresIntrospector implements Introspector {
  readonly #driver: PostgresDriver;

  constructor(driver: ConnectorDriver) {
    this.#driver = asPostgresDriver(driver);
  }

  /** Tables and views of the configured schema, sorted by name. */
  async listTables(): Promise<readonly string[]> {
    try {
      const r = await this.#driver
        .pool()
        .query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [this.#driver.config.schema]);
      return r.rows.map((row) => String(row.name));
    } catch (error) {
      throw translatePostgresError(error, { operation: 'introspection' });
    }
  }

  /** Columns, keys and the exact row count of `table`. */
  async describeTable(table: string): Promise<TableMetadata> {
    const shape = await describePostgresShape(this.#driver, table);
    const schema = this.#driver.config.schema;
    try {
      const fks = await this.#driver.pool().query(FOREIGN_KEYS_SQL, [schema, table]);
      const count = await this.#driver.pool().query(`SELECT count(*) AS n FROM ${quoteIdent(schema)}.${quoteIdent(table)}`);
      const foreignKeys = fks.rows.map(
        (r): ForeignKeyMetadata => ({
          name: String(r.name),
          columns: (r.cols as string[] | null) ?? [],
          referencedTable: String(r.ref_table),
          referencedColumns: (r.ref_cols as string[] | null) ?? [],
        }),
      );
      return { schema, name: table, columns: shape.columns, primaryKey: shape.primaryKey, foreignKeys, rowCount: Number(count.rows[0]?.n ?? 0) };
    } catch (error) {
      throw translatePostgresError(error, { operation: 'introspection', table });
    }
  }
}

/** Quotes a PostgreSQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

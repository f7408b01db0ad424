/** Tables, columns (raw and normalised types, charset, unsigned), keys and exact row counts from information_schema. */
import type { ColumnMetadata, ConnectorDriver, ForeignKeyMetadata, Introspector, TableMetadata } from '../../core/connector/connector.js';
import { ERROR_CODES, ObjectNotFoundError } from '../../core/errors.js';
import type { TableShape } from '../shared/read-plan.js';
import { asMysqlDriver, resultRows, type MysqlDriver } from './mysql-driver.js';
import { translateMysqlError } from './mysql-errors.js';
import { normalizeMysqlType } from './mysql-type-map.js';

const COLUMNS_SQL = `
SELECT COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type, IS_NULLABLE AS nullable,
       CHARACTER_MAXIMUM_LENGTH AS max_length, NUMERIC_PRECISION AS num_precision, NUMERIC_SCALE AS num_scale,
       CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`;

const KEYS_SQL = `
SELECT CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_NAME AS ref_table, REFERENCED_COLUMN_NAME AS ref_col
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL)
ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION`;

const num = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

/** Quotes a MySQL identifier. */
export function quoteMysqlIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** Columns, primary key and foreign keys (no row count); ObjectNotFoundError when the table is missing. */
export async function describeMysqlShape(driver: MysqlDriver, table: string): Promise<TableShape & { foreignKeys: ForeignKeyMetadata[] }> {
  const db = driver.config.database;
  try {
    const { rows } = resultRows(await driver.pool().query(COLUMNS_SQL, [db, table]));
    if (rows.length === 0)
      throw new ObjectNotFoundError(`Table not found: "${table}".`, { code: ERROR_CODES.TABLE_NOT_FOUND, details: { database: db, table } });
    const collations = new Map<string, string>();
    const columns = rows.map((r): ColumnMetadata => {
      const columnType = String(r.column_type);
      const type = normalizeMysqlType(String(r.data_type), columnType);
      if (typeof r.collation === 'string') collations.set(String(r.name), r.collation);
      const maxLength = num(r.max_length);
      return {
        name: String(r.name),
        dataType: columnType,
        type,
        nullable: r.nullable === 'YES',
        ...(type === 'string' && maxLength !== undefined && maxLength < 65_536 ? { maxLength } : {}),
        ...(type === 'decimal' ? { precision: num(r.num_precision) ?? 10, scale: num(r.num_scale) ?? 0 } : {}),
        ...(/unsigned/i.test(columnType) ? { unsigned: true } : {}),
        ...(typeof r.charset === 'string' ? { charset: r.charset } : {}),
      };
    });
    const keys = resultRows(await driver.pool().query(KEYS_SQL, [db, table])).rows;
    const primaryKey = keys.filter((k) => k.name === 'PRIMARY').map((k) => String(k.col));
    const fkByName = new Map<string, { columns: string[]; referencedTable: string; referencedColumns: string[] }>();
    for (const k of keys.filter((k) => k.name !== 'PRIMARY')) {
      const name = String(k.name);
      const fk = fkByName.get(name) ?? { columns: [], referencedTable: String(k.ref_table), referencedColumns: [] };
      fk.columns.push(String(k.col));
      fk.referencedColumns.push(String(k.ref_col));
      fkByName.set(name, fk);
    }
    return { columns, primaryKey, collations, foreignKeys: [...fkByName].map(([name, fk]) => ({ name, ...fk })) };
  } catch (error) {
    throw translateMysqlError(error, { operation: 'introspection', table });
  }
}

/** The MySQL Introspector. */
export class MysqlIntrospector implements Introspector {
  readonly #driver: MysqlDriver;

  constructor(driver: ConnectorDriver) {
    this.#driver = asMysqlDriver(driver);
  }

  /** Tables and views of the configured database, sorted by name. */
  async listTables(): Promise<readonly string[]> {
    try {
      const { rows } = resultRows(
        await this.#driver
          .pool()
          .query('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [this.#driver.config.database]),
      );
      return rows.map((r) => String(r.name));
    } catch (error) {
      throw translateMysqlError(error, { operation: 'introspection' });
    }
  }

  /** Columns, keys and the exact row count of `table`. */
  async describeTable(table: string): Promise<TableMetadata> {
    const shape = await describeMysqlShape(this.#driver, table);
    try {
      const { rows } = resultRows(
        await this.#driver.pool().query(`SELECT COUNT(*) AS n FROM ${quoteMysqlIdent(this.#driver.config.database)}.${quoteMysqlIdent(table)}`),
      );
      return {
        schema: this.#driver.config.database,
        name: table,
        columns: shape.columns,
        primaryKey: shape.primaryKey,
        foreignKeys: shape.foreignKeys,
        rowCount: Number(rows[0]?.n ?? 0),
      };
    } catch (error) {
      throw translateMysqlError(error, { operation: 'introspection', table });
    }
  }
}

/**
 * Introspector of the SQL Server connector: INFORMATION_SCHEMA for tables, columns and primary keys,
 * sys.foreign_keys for foreign keys, COUNT_BIG(*) for exact row counts.
 */
import type { ColumnMetadata, ForeignKeyMetadata, Introspector, TableMetadata } from '../../core/connector/connector.js';
import { ObjectNotFoundError } from '../../core/errors.js';
import type { MssqlDriver } from './mssql-driver.js';
import { columnsQuery, foreignKeysQuery, listTablesQuery, parseTableName, primaryKeyQuery, rowCountQuery, type MssqlTableName } from './mssql-sql.js';
import { mssqlNormalizedType, mssqlSqlType, type MssqlColumnInfo } from './mssql-type-map.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined);

/** A column row of INFORMATION_SCHEMA.COLUMNS as ColumnMetadata plus the facts SQL generation needs. */
export function toColumnMetadata(row: Record<string, unknown>): ColumnMetadata & { info: MssqlColumnInfo } {
  const info: MssqlColumnInfo = {
    name: String(row.name),
    dataType: String(row.dataType).toLowerCase(),
    maxLength: num(row.maxLength) ?? null,
    precision: num(row.precision) ?? null,
    scale: num(row.scale) ?? null,
    datetimePrecision: num(row.datetimePrecision) ?? null,
  };
  const type = mssqlNormalizedType(info.dataType);
  const exactNumeric = type === 'decimal';
  const maxLength =
    info.maxLength !== null && info.maxLength !== undefined && info.maxLength > 0 && (type === 'string' || type === 'binary') ? info.maxLength : undefined;
  return {
    name: info.name,
    dataType: mssqlSqlType(info),
    type,
    nullable: row.nullable === 'YES',
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(exactNumeric && info.precision != null ? { precision: info.precision } : {}),
    ...(exactNumeric && info.scale != null ? { scale: info.scale } : {}),
    ...(typeof row.charset === 'string' ? { charset: row.charset } : {}),
    info,
  };
}

/** Reads the columns of a table; ObjectNotFoundError (CB_TABLE_NOT_FOUND) when it has none. */
export async function describeColumns(driver: MssqlDriver, reference: string, name: MssqlTableName, signal?: AbortSignal) {
  const rows = await driver.execute(columnsQuery(name), { signal, table: reference });
  if (rows.length === 0) {
    throw new ObjectNotFoundError(`SQL Server has no table "${reference}".`, { details: { table: reference } });
  }
  return rows.map(toColumnMetadata);
}

/** Reads the primary-key column names in key order. */
export async function describePrimaryKey(driver: MssqlDriver, reference: string, name: MssqlTableName): Promise<string[]> {
  return (await driver.execute(primaryKeyQuery(name), { table: reference })).map((r) => String(r.name));
}

/** Introspector over one SQL Server database (one schema for bare names). */
export class MssqlIntrospector implements Introspector {
  constructor(private readonly driver: MssqlDriver) {}

  /** Base tables of the configured schema. */
  async listTables(): Promise<readonly string[]> {
    return (await this.driver.execute(listTablesQuery(this.driver.schema))).map((r) => String(r.name));
  }

  /** Columns, primary key, foreign keys and exact row count of a table. */
  async describeTable(reference: string): Promise<TableMetadata> {
    const name = parseTableName(reference, this.driver.schema);
    const columns = (await describeColumns(this.driver, reference, name)).map(({ info: _info, ...column }) => column);
    const primaryKey = await describePrimaryKey(this.driver, reference, name);
    const fkRows = await this.driver.execute(foreignKeysQuery(name), { table: reference });
    const byName = new Map<string, { columns: string[]; referencedTable: string; referencedColumns: string[] }>();
    for (const r of fkRows) {
      const key = String(r.name);
      let fk = byName.get(key);
      if (!fk) {
        const refSchema = String(r.refSchema);
        fk = { columns: [], referencedTable: refSchema === name.schema ? String(r.refTable) : `${refSchema}.${String(r.refTable)}`, referencedColumns: [] };
        byName.set(key, fk);
      }
      fk.columns.push(String(r.column));
      fk.referencedColumns.push(String(r.refColumn));
    }
    const foreignKeys: ForeignKeyMetadata[] = [...byName].map(([fkName, fk]) => ({ name: fkName, ...fk }));
    const [count] = await this.driver.execute(rowCountQuery(name), { table: reference });
    return { schema: name.schema, name: name.table, columns, primaryKey, foreignKeys, rowCount: Number(count?.count ?? 0) };
  }
}

/**
 * SQL Server types → normalised types, and raw driver values → the value representation. The SELECT
 * (see `selectExpression` in mssql-sql.ts) already delivers decimals, money, bigint and every date/time
 * type as text, so no value ever passes through a JS float or a JS Date; this module only normalises
 * that text (trailing fraction zeros, UTC `Z`) and converts the types tedious returns natively.
 */
import { InvalidSourceValue, type JsonValue, type NormalizedType, type SourceValue } from '../../core/connector/source-value.js';
import { parseDecimalText } from '../shared/decimal-text.js';
import { parseTimestampText, parseTimestamptzText, parseTimeText } from '../shared/temporal-text.js';
import type { MssqlColumnSql } from './mssql-sql.js';

/** SQL Server base type (lower case) → normalised type. */
export const MSSQL_TYPE_MAP: Readonly<Record<string, NormalizedType>> = {
  int: 'integer',
  smallint: 'integer',
  tinyint: 'integer',
  bigint: 'bigint',
  decimal: 'decimal',
  numeric: 'decimal',
  money: 'decimal',
  smallmoney: 'decimal',
  float: 'float',
  real: 'float',
  bit: 'boolean',
  date: 'date',
  datetime: 'timestamp',
  datetime2: 'timestamp',
  smalldatetime: 'timestamp',
  datetimeoffset: 'timestamptz',
  time: 'time',
  uniqueidentifier: 'uuid',
  char: 'string',
  nchar: 'string',
  varchar: 'string',
  nvarchar: 'string',
  text: 'string',
  ntext: 'string',
  xml: 'string',
  sysname: 'string',
  binary: 'binary',
  varbinary: 'binary',
  image: 'binary',
  rowversion: 'binary',
  timestamp: 'binary',
  json: 'json',
};

/** The normalised type of a SQL Server base type; `unknown` for sql_variant, geography, hierarchyid, … */
export function mssqlNormalizedType(baseType: string): NormalizedType {
  return MSSQL_TYPE_MAP[baseType.toLowerCase()] ?? 'unknown';
}

/** Column facts as INFORMATION_SCHEMA.COLUMNS reports them. */
export interface MssqlColumnInfo {
  readonly name: string;
  readonly dataType: string;
  readonly maxLength?: number | null;
  readonly precision?: number | null;
  readonly scale?: number | null;
  readonly datetimePrecision?: number | null;
}

/** The full engine type (`nvarchar(40)`, `varchar(max)`, `decimal(38,10)`, `datetime2(7)`), usable in CAST. */
export function mssqlSqlType(column: MssqlColumnInfo): string {
  const base = column.dataType.toLowerCase();
  switch (base) {
    case 'char':
    case 'nchar':
    case 'varchar':
    case 'nvarchar':
    case 'binary':
    case 'varbinary':
      return `${base}(${column.maxLength === -1 || column.maxLength == null ? 'max' : column.maxLength})`;
    case 'decimal':
    case 'numeric':
      return `${base}(${column.precision ?? 18},${column.scale ?? 0})`;
    case 'datetime2':
    case 'datetimeoffset':
    case 'time':
      return `${base}(${column.datetimePrecision ?? 7})`;
    default:
      return base;
  }
}

/** The SQL-generation view of an introspected column. */
export function toColumnSql(column: MssqlColumnInfo): MssqlColumnSql {
  const base = column.dataType.toLowerCase();
  const scale = base === 'money' || base === 'smallmoney' ? 4 : column.scale;
  return { name: column.name, sqlType: mssqlSqlType(column), baseType: base, ...(scale == null ? {} : { scale }) };
}

function text(raw: unknown): string {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? 'Invalid Date' : raw.toISOString();
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('hex');
  return String(raw);
}

function orInvalid(value: string | undefined, raw: unknown, reason: 'invalid-date' | 'undecodable'): SourceValue {
  return value ?? new InvalidSourceValue(reason, text(raw));
}

/**
 * Converts one raw driver value of a column of base type `baseType` (as selected by
 * `selectExpression`) to the value representation.
 */
export function normalizeMssqlValue(baseType: string, raw: unknown): SourceValue {
  if (raw === null || raw === undefined) return null;
  const type = mssqlNormalizedType(baseType);
  switch (type) {
    case 'integer':
      return typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : new InvalidSourceValue('undecodable', text(raw));
    case 'bigint':
      return /^-?\d+$/.test(String(raw)) ? String(raw) : new InvalidSourceValue('undecodable', text(raw));
    case 'decimal':
      return orInvalid(typeof raw === 'string' ? parseDecimalText(raw) : undefined, raw, 'undecodable');
    case 'float':
      return typeof raw === 'number' ? raw : new InvalidSourceValue('undecodable', text(raw));
    case 'boolean':
      return typeof raw === 'boolean' ? raw : raw === 1 || raw === 0 ? raw === 1 : new InvalidSourceValue('undecodable', text(raw));
    case 'date':
      return typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : new InvalidSourceValue('invalid-date', text(raw));
    case 'timestamp':
      return orInvalid(typeof raw === 'string' ? parseTimestampText(raw) : undefined, raw, 'invalid-date');
    case 'timestamptz': {
      // SWITCHOFFSET(…, '+00:00') with style 127 ends in Z; accept an explicit +00:00 or none as UTC too.
      const s = typeof raw === 'string' ? (/(Z|[+-]\d{2}:\d{2})$/i.test(raw) ? raw : `${raw}Z`) : undefined;
      return orInvalid(s === undefined ? undefined : parseTimestamptzText(s), raw, 'invalid-date');
    }
    case 'time':
      return orInvalid(typeof raw === 'string' ? parseTimeText(raw) : undefined, raw, 'invalid-date');
    case 'uuid':
      return typeof raw === 'string' ? raw.toLowerCase() : new InvalidSourceValue('undecodable', text(raw));
    case 'binary':
      return raw instanceof Uint8Array ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : new InvalidSourceValue('undecodable', text(raw));
    case 'json':
      try {
        return typeof raw === 'string' ? (JSON.parse(raw) as JsonValue) : new InvalidSourceValue('undecodable', text(raw));
      } catch {
        return new InvalidSourceValue('undecodable', text(raw));
      }
    case 'string':
      return typeof raw === 'string' ? raw : text(raw);
    default:
      return text(raw);
  }
}

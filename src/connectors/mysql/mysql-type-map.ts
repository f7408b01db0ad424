/**
 * MySQL/MariaDB types → normalised types, and the mysql2 `typeCast` that produces the exact values of
 * `source-value.ts`: dates as text (zero dates → InvalidSourceValue), BIGINT/DECIMAL as exact strings,
 * TINYINT(1) and BIT(1) as booleans, binaries as Uint8Array.
 */
import type { NormalizedType, SourceValue } from '../../core/connector/source-value.js';
import { normalizeDateText, normalizeTimestampText, normalizeTimestamptzText, normalizeTimeText } from '../shared/temporal-text.js';
import { InvalidSourceValue } from '../../core/connector/source-value.js';

const TYPE_MAP: Readonly<Record<string, NormalizedType>> = {
  tinyint: 'integer',
  smallint: 'integer',
  mediumint: 'integer',
  int: 'integer',
  integer: 'integer',
  year: 'integer',
  bigint: 'bigint',
  decimal: 'decimal',
  numeric: 'decimal',
  float: 'float',
  double: 'float',
  real: 'float',
  bool: 'boolean',
  boolean: 'boolean',
  char: 'string',
  varchar: 'string',
  tinytext: 'string',
  text: 'string',
  mediumtext: 'string',
  longtext: 'string',
  enum: 'string',
  set: 'string',
  date: 'date',
  datetime: 'timestamp',
  timestamp: 'timestamptz',
  time: 'time',
  uuid: 'uuid',
  binary: 'binary',
  varbinary: 'binary',
  tinyblob: 'binary',
  blob: 'binary',
  mediumblob: 'binary',
  longblob: 'binary',
  json: 'json',
};

/**
 * The normalised type of a column from information_schema: `dataType` (`DATA_TYPE`, e.g. `tinyint`)
 * and `columnType` (`COLUMN_TYPE`, e.g. `tinyint(1) unsigned`).
 */
export function normalizeMysqlType(dataType: string, columnType: string): NormalizedType {
  const dt = dataType.toLowerCase();
  const ct = columnType.toLowerCase();
  if (dt === 'tinyint' && /^tinyint\(1\)/.test(ct)) return 'boolean';
  if (dt === 'bit') return /^bit\(1\)$/.test(ct) ? 'boolean' : 'binary';
  // INT UNSIGNED fits in 2^53; BIGINT (signed or not) is always a string.
  return TYPE_MAP[dt] ?? 'unknown';
}

/** Structural subset of the field mysql2 hands to `typeCast`. */
export interface MysqlTypeCastField {
  readonly type: string;
  readonly length: number;
  readonly name: string;
  readonly extendedTypeName?: string;
  string(encoding?: string): string | null;
  buffer(): Buffer | null;
}

function toBytes(value: Buffer): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
}

/** Converts one wire value; `next` is mysql2's default conversion. */
export function mysqlTypeCast(field: MysqlTypeCastField, next: () => unknown): SourceValue {
  switch (field.type) {
    case 'DATE': {
      const s = field.string();
      return s === null ? null : normalizeDateText(s);
    }
    case 'DATETIME': {
      const s = field.string();
      return s === null ? null : normalizeTimestampText(s);
    }
    case 'TIMESTAMP': {
      // The session time zone is UTC (set per connection), so the text is a UTC instant.
      const s = field.string();
      if (s === null) return null;
      const ts = normalizeTimestampText(s);
      return typeof ts === 'string' ? normalizeTimestamptzText(`${ts}Z`) : ts;
    }
    case 'TIME': {
      const s = field.string();
      return s === null ? null : normalizeTimeText(s);
    }
    case 'NEWDECIMAL':
    case 'DECIMAL':
    case 'LONGLONG':
      return field.string();
    case 'TINY': {
      const s = field.string();
      if (s === null) return null;
      return field.length === 1 ? s !== '0' : Number(s);
    }
    case 'BIT': {
      const b = field.buffer();
      if (b === null) return null;
      return field.length === 1 ? b.some((byte) => byte !== 0) : toBytes(b);
    }
    case 'JSON': {
      const s = field.string('utf8');
      return s === null ? null : (JSON.parse(s) as SourceValue);
    }
  }
  const value = next();
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return toBytes(value);
  if (typeof value === 'string') {
    if (field.extendedTypeName === 'uuid') return value.toLowerCase();
    if (field.extendedTypeName === 'json') {
      try {
        return JSON.parse(value) as SourceValue;
      } catch {
        return new InvalidSourceValue('undecodable', value);
      }
    }
  }
  return value as SourceValue;
}

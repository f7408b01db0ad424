/**
 * PostgreSQL types → normalised types, and the pg type parsers that produce the exact values of
 * `source-value.ts` (dates as text, never JS Date; int8/numeric as exact strings).
 */
import type { NormalizedType, SourceValue } from '../../core/connector/source-value.js';
import { InvalidSourceValue } from '../../core/connector/source-value.js';
import { normalizeDateText, normalizeTimestampText, normalizeTimestamptzText, normalizeTimeText } from '../shared/temporal-text.js';

const TYPE_MAP: Readonly<Record<string, NormalizedType>> = {
  int2: 'integer',
  int4: 'integer',
  oid: 'integer',
  int8: 'bigint',
  numeric: 'decimal',
  float4: 'float',
  float8: 'float',
  bool: 'boolean',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  name: 'string',
  citext: 'string',
  char: 'string',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  time: 'time',
  uuid: 'uuid',
  bytea: 'binary',
  json: 'json',
  jsonb: 'json',
};

/** The normalised type of a PostgreSQL type name (`udt_name`/`typname`, e.g. `int4`, `_int4` → unknown). */
export function normalizePostgresType(typeName: string): NormalizedType {
  return TYPE_MAP[typeName.toLowerCase()] ?? 'unknown';
}

/** Well-known type OIDs the parsers below handle. */
export const PG_OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  money: 790,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
} as const;

function parseNumeric(text: string): SourceValue {
  return /^-?\d+(\.\d+)?$/.test(text) ? text : new InvalidSourceValue('out-of-range', text);
}

function parseBytea(text: string): Uint8Array {
  // DateStyle-independent: the server's default bytea_output is hex (`\x…`).
  if (text.startsWith('\\x')) return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** Text parsers by OID; types not listed fall back to pg's defaults (all strings or numbers). */
export const POSTGRES_TEXT_PARSERS: ReadonlyMap<number, (text: string) => SourceValue> = new Map<number, (text: string) => SourceValue>([
  [PG_OID.int8, (t) => t],
  [PG_OID.numeric, parseNumeric],
  [PG_OID.date, normalizeDateText],
  [PG_OID.timestamp, normalizeTimestampText],
  [PG_OID.timestamptz, normalizeTimestamptzText],
  [PG_OID.time, normalizeTimeText],
  [PG_OID.uuid, (t) => t.toLowerCase()],
  [PG_OID.bytea, parseBytea],
  [PG_OID.json, (t) => JSON.parse(t) as SourceValue],
  [PG_OID.jsonb, (t) => JSON.parse(t) as SourceValue],
  [PG_OID.interval, (t) => t],
  [PG_OID.timetz, (t) => t],
  [PG_OID.money, (t) => t],
]);

/** Structural subset of `pg.types`. */
export interface PgTypes {
  getTypeParser(oid: number, format?: string): (value: string) => unknown;
}

/** A `types` object for pg.Pool that applies {@link POSTGRES_TEXT_PARSERS} over pg's defaults. */
export function createPostgresTypes(defaults: PgTypes): PgTypes {
  return {
    getTypeParser(oid: number, format?: string) {
      if (format === 'binary') return defaults.getTypeParser(oid, format);
      return POSTGRES_TEXT_PARSERS.get(oid) ?? defaults.getTypeParser(oid, format);
    },
  };
}

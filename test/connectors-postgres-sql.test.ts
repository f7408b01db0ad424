/** Unit tests of the SQL building, type mapping and error translation behind the PostgreSQL connector. */
import { describe, expect, it } from 'vitest';
import { POSTGRES_SQL_DIALECT } from '../src/connectors/postgres/postgres-sql-dialect.js';
import { normalizePostgresType, POSTGRES_TEXT_PARSERS, PG_OID } from '../src/connectors/postgres/postgres-type-map.js';
import { translatePostgresError } from '../src/connectors/postgres/postgres-errors.js';
import { buildPostgresMergeSql } from '../src/connectors/postgres/postgres-writer.js';
import { encodeCopyRow } from '../src/connectors/postgres/postgres-copy-text.js';
import { buildKeysetSelect } from '../src/connectors/shared/keyset-sql.js';
import { buildControlTotalsSelect } from '../src/connectors/shared/control-totals-sql.js';
import { InvalidSourceValue } from '../src/core/connector/source-value.js';
import { describeSourceValue } from '../src/testing/value-format.js';

describe('postgres keyset SQL', () => {
  it.each([
    ['first page, integer key', { keyColumns: [{ name: 'id', isString: false }], limit: 7 }, 'SELECT "id", "a" FROM "s"."t" ORDER BY "id" LIMIT 7', []],
    [
      'resume, integer key',
      { keyColumns: [{ name: 'id', isString: false }], after: [5], limit: 7 },
      'SELECT "id", "a" FROM "s"."t" WHERE "id" > $1 ORDER BY "id" LIMIT 7',
      [5],
    ],
    [
      'resume, composite string key in C collation',
      {
        keyColumns: [
          { name: 'tenant', isString: true },
          { name: 'id', isString: false },
        ],
        after: ['Ä', 2],
        limit: 1,
      },
      'SELECT "id", "a" FROM "s"."t" WHERE ("tenant" COLLATE "C", "id") > ($1, $2) ORDER BY "tenant" COLLATE "C", "id" LIMIT 1',
      ['Ä', 2],
    ],
    [
      'string key already in C collation',
      { keyColumns: [{ name: 'k', isString: true, collation: 'C' }], after: ['x'], limit: 2 },
      'SELECT "id", "a" FROM "s"."t" WHERE "k" > $1 ORDER BY "k" LIMIT 2',
      ['x'],
    ],
  ] as const)('%s', (_label, input, sql, params) => {
    const stmt = buildKeysetSelect(POSTGRES_SQL_DIALECT, { schema: 's', table: 't', columns: ['id', 'a'], ...input });
    expect(stmt.sql).toBe(sql);
    expect(stmt.params).toEqual(params);
  });

  it('rejects a resume key of the wrong length and a bad limit', () => {
    expect(() =>
      buildKeysetSelect(POSTGRES_SQL_DIALECT, { table: 't', columns: ['id'], keyColumns: [{ name: 'id', isString: false }], after: [1, 2], limit: 1 }),
    ).toThrow(/resume key/);
    expect(() => buildKeysetSelect(POSTGRES_SQL_DIALECT, { table: 't', columns: ['id'], keyColumns: [{ name: 'id', isString: false }], limit: 0 })).toThrow(
      /limit/,
    );
  });

  it('quotes identifiers with embedded quotes', () => {
    expect(buildKeysetSelect(POSTGRES_SQL_DIALECT, { table: 'we"ird', columns: ['i"d'], keyColumns: [{ name: 'i"d', isString: false }], limit: 1 }).sql).toBe(
      'SELECT "i""d" FROM "we""ird" ORDER BY "i""d" LIMIT 1',
    );
  });

  it('builds control totals with exact text sums per year and group', () => {
    const stmt = buildControlTotalsSelect(POSTGRES_SQL_DIALECT, 'public', { table: 'b', yearColumn: 'd', groupBy: ['k'], sumColumns: ['amt'] });
    expect(stmt.sql).toBe(
      'SELECT EXTRACT(YEAR FROM "d")::int AS "y", ("k")::text AS "g0", (COUNT(*))::text AS "n", (COALESCE(SUM("amt"), 0))::text AS "s0" FROM "public"."b" GROUP BY 1, 2',
    );
  });

  it('builds control totals over a filtered selection with signed sums, codes as parameters in text order', () => {
    const stmt = buildControlTotalsSelect(POSTGRES_SQL_DIALECT, undefined, {
      table: 'b',
      sumColumns: ['amt'],
      where: [{ column: 'k', notIn: ['X'] }],
      negateWhen: [{ column: 'k', in: ['E'] }],
    });
    expect(stmt.sql).toBe(
      'SELECT (COUNT(*))::text AS "n", (COALESCE(SUM(CASE WHEN (("k")::text IN ($1)) THEN NULL ELSE "amt" END), 0) - COALESCE(SUM(CASE WHEN (("k")::text IN ($2)) THEN "amt" END), 0))::text AS "s0" ' +
        'FROM "b" WHERE (("k" IS NULL OR ("k")::text NOT IN ($3)))',
    );
    expect(stmt.params).toEqual(['E', 'E', 'X']);
  });
});

describe('postgres type map', () => {
  it.each([
    ['int2', 'integer'],
    ['int4', 'integer'],
    ['int8', 'bigint'],
    ['numeric', 'decimal'],
    ['float8', 'float'],
    ['bool', 'boolean'],
    ['varchar', 'string'],
    ['text', 'string'],
    ['bpchar', 'string'],
    ['date', 'date'],
    ['timestamp', 'timestamp'],
    ['timestamptz', 'timestamptz'],
    ['time', 'time'],
    ['uuid', 'uuid'],
    ['bytea', 'binary'],
    ['json', 'json'],
    ['jsonb', 'json'],
    ['_int4', 'unknown'],
    ['tsvector', 'unknown'],
  ])('%s → %s', (raw, normalised) => {
    expect(normalizePostgresType(raw)).toBe(normalised);
  });

  it.each([
    [PG_OID.int8, '9223372036854775807', 'string:"9223372036854775807"'],
    [PG_OID.numeric, '-0.0000000001', 'string:"-0.0000000001"'],
    [PG_OID.numeric, 'NaN', 'invalid:out-of-range:"NaN"'],
    [PG_OID.date, '1899-12-31', 'string:"1899-12-31"'],
    [PG_OID.date, 'infinity', 'invalid:out-of-range:"infinity"'],
    [PG_OID.date, '0044-03-15 BC', 'invalid:out-of-range:"0044-03-15 BC"'],
    [PG_OID.timestamp, '2023-06-15 08:30:00.12', 'string:"2023-06-15T08:30:00.12"'],
    [PG_OID.timestamptz, '2024-03-31 03:30:00+02', 'string:"2024-03-31T01:30:00Z"'],
    [PG_OID.timestamptz, '1970-01-01 00:00:01.250+00', 'string:"1970-01-01T00:00:01.25Z"'],
    [PG_OID.uuid, '3F2504E0-4F89-11D3-9A0C-0305E82C3301', 'string:"3f2504e0-4f89-11d3-9a0c-0305e82c3301"'],
    [PG_OID.bytea, '\\x00ff', 'binary:00ff'],
    [PG_OID.jsonb, '{"a": [1, "ü"]}', 'object:{"a":[1,"ü"]}'],
  ])('oid %i parses %s exactly', (oid, text, expected) => {
    const parse = POSTGRES_TEXT_PARSERS.get(oid);
    expect(parse).toBeDefined();
    expect(describeSourceValue(parse?.(text))).toBe(expected);
  });
});

describe('postgres error translation', () => {
  it.each([
    ['28P01', 'CB_AUTHENTICATION_FAILED'],
    ['28000', 'CB_AUTHENTICATION_FAILED'],
    ['3D000', 'CB_CONNECTION_FAILED'],
    ['42P01', 'CB_TABLE_NOT_FOUND'],
    ['42703', 'CB_COLUMN_NOT_FOUND'],
    ['23505', 'CB_UNIQUE_VIOLATION'],
    ['23503', 'CB_FOREIGN_KEY_VIOLATION'],
    ['23502', 'CB_NOT_NULL_VIOLATION'],
    ['23514', 'CB_CHECK_VIOLATION'],
    ['57014', 'CB_TIMEOUT'],
    ['08006', 'CB_CONNECTION_FAILED'],
    ['22P02', 'CB_DATA_EXCEPTION'],
    ['ECONNREFUSED', 'CB_CONNECTION_FAILED'],
    ['XX000', 'CB_QUERY_FAILED'],
  ])('%s → %s, driver message kept out, cause kept', (code, expected) => {
    const driverError = Object.assign(new Error('invalid input syntax for type integer: "Hans Muster 756.1234.5678.97"'), { code });
    const error = translatePostgresError(driverError, { operation: 'read', table: 't' });
    expect(error.code).toBe(expected);
    expect(error.message).not.toContain('Muster');
    expect(error.cause).toBe(driverError);
  });

  it('57014 after an abort is a cancellation', () => {
    const controller = new AbortController();
    controller.abort();
    expect(
      translatePostgresError(Object.assign(new Error('canceling statement'), { code: '57014' }), { operation: 'read', signal: controller.signal }).code,
    ).toBe('CB_CANCELLED');
  });
});

describe('postgres writer SQL', () => {
  it('builds plain inserts and upserts', () => {
    expect(buildPostgresMergeSql('"s"."t"', '"st"', { table: 't', columns: ['id', 'a'], rows: [], mode: 'insert' })).toBe(
      'INSERT INTO "s"."t" ("id", "a") SELECT "id", "a" FROM "st"',
    );
    expect(buildPostgresMergeSql('"s"."t"', '"st"', { table: 't', columns: ['id', 'a'], rows: [], mode: 'upsert', keyColumns: ['id'] })).toBe(
      'INSERT INTO "s"."t" ("id", "a") SELECT "id", "a" FROM "st" ON CONFLICT ("id") DO UPDATE SET "a" = EXCLUDED."a"',
    );
    expect(() => buildPostgresMergeSql('t', 's', { table: 't', columns: ['id'], rows: [], mode: 'upsert' })).toThrow(/keyColumns/);
  });

  it('encodes COPY text exactly (escapes, NULL, bytea, json, booleans) and refuses invalid values', () => {
    expect(encodeCopyRow(['a\tb\r\nc\\', null, Uint8Array.of(0, 255), true, { k: 'ü' }, 1.5])).toBe('a\\tb\\r\\nc\\\\\t\\N\t\\\\x00ff\tt\t{"k":"ü"}\t1.5\n');
    expect(() => encodeCopyRow([new InvalidSourceValue('zero-date', '0000-00-00')])).toThrow(/invalid source value/);
  });
});

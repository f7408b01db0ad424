/**
 * The arithmetic and SQL of delta reads, without a database: the overlap is parsed per stamp type
 * and subtracted exactly (whole seconds, the fraction kept), stamps order like the SQL comparison,
 * the file filter keeps unstamped rows, and the shared SELECT builder ANDs the bound with the keyset
 * for PostgreSQL and MySQL/MariaDB (DATETIME literal, BIGINT cast).
 */
import { describe, expect, it } from 'vitest';
import { MYSQL_SQL_DIALECT } from '../src/connectors/mysql/mysql-sql-dialect.js';
import { POSTGRES_SQL_DIALECT } from '../src/connectors/postgres/postgres-sql-dialect.js';
import { buildKeysetSelect } from '../src/connectors/shared/keyset-sql.js';
import { compareStamps, passesDeltaFilter } from '../src/core/connector/delta-filter.js';
import { parseOverlap, subtractOverlap } from '../src/core/pipeline/delta-overlap.js';

describe('delta overlap', () => {
  it('parses durations for temporal stamps and integers for integer stamps', () => {
    expect(parseOverlap('15 minutes', 'timestamp')).toEqual({ seconds: 900 });
    expect(parseOverlap('PT1H30M', 'timestamptz')).toEqual({ seconds: 5400 });
    expect(parseOverlap('2 days', 'date')).toEqual({ seconds: 172_800 });
    expect(parseOverlap('P1W', 'timestamp')).toEqual({ seconds: 604_800 });
    expect(parseOverlap(0, 'timestamp')).toEqual({ seconds: 0 });
    expect(parseOverlap(50, 'bigint')).toEqual({ units: 50n });
    expect(parseOverlap('50', 'integer')).toEqual({ units: 50n });
  });

  it('refuses an overlap that does not fit the stamp', () => {
    expect(parseOverlap('soon', 'timestamp')).toMatch(/duration/);
    expect(parseOverlap('PT', 'timestamp')).toMatch(/duration/);
    expect(parseOverlap(15, 'timestamp')).toMatch(/duration/);
    expect(parseOverlap('6 hours', 'date')).toMatch(/whole days/);
    expect(parseOverlap('5 minutes', 'integer')).toMatch(/integer/);
    expect(parseOverlap(-1, 'bigint')).toMatch(/integer/);
  });

  it('subtracts exactly, across midnight and month ends, keeping the fraction and the zone', () => {
    expect(subtractOverlap('2026-03-01T00:10:00.123456', { seconds: 900 })).toBe('2026-02-28T23:55:00.123456');
    expect(subtractOverlap('2026-03-01T00:10:00Z', { seconds: 900 })).toBe('2026-02-28T23:55:00Z');
    expect(subtractOverlap('2024-03-01', { seconds: 86_400 })).toBe('2024-02-29');
    expect(subtractOverlap('9007199254740993', { units: 3n })).toBe('9007199254740990');
    expect(subtractOverlap('not a stamp', { seconds: 1 })).toBeUndefined();
  });
});

describe('delta stamp order and the file filter', () => {
  it('orders integers numerically and temporal text chronologically, whatever the spelling', () => {
    expect(compareStamps('9', '10')).toBeLessThan(0);
    expect(compareStamps('2026-01-01 10:00:00', '2026-01-01T09:59:59.999')).toBeGreaterThan(0);
    expect(compareStamps('2026-01-01T10:00:00Z', '2026-01-01T10:00:00')).toBe(0);
    expect(compareStamps('2026-01-01T10:00:00.5', '2026-01-01T10:00:00')).toBeGreaterThan(0);
  });

  it('passes rows after the bound and rows without a stamp, never rows at or before it', () => {
    const filter = { column: 'at', after: '2026-01-01T10:00:00' };
    expect(passesDeltaFilter('2026-01-01T10:00:01', filter)).toBe(true);
    expect(passesDeltaFilter('2026-01-01T10:00:00', filter)).toBe(false);
    expect(passesDeltaFilter('2025-12-31T23:00:00', filter)).toBe(false);
    expect(passesDeltaFilter(null, filter)).toBe(true);
    expect(passesDeltaFilter(undefined, filter)).toBe(true);
  });
});

describe('delta bound in the shared keyset SELECT', () => {
  const stamp = { name: 'changed_at', isString: false, type: 'timestamp' as const };
  it('PostgreSQL: the bound (NULL stamps kept) AND the keyset, bound first in the parameters', () => {
    const first = buildKeysetSelect(POSTGRES_SQL_DIALECT, {
      table: 't',
      columns: ['id', 'changed_at'],
      keyColumns: [{ name: 'id', isString: false }],
      since: { column: stamp, after: '2026-01-01T10:00:00' },
      limit: 10,
    });
    expect(first).toEqual({
      sql: 'SELECT "id", "changed_at" FROM "t" WHERE ("changed_at" > $1 OR "changed_at" IS NULL) ORDER BY "id" LIMIT 10',
      params: ['2026-01-01T10:00:00'],
    });
    const next = buildKeysetSelect(POSTGRES_SQL_DIALECT, {
      table: 't',
      columns: ['id'],
      keyColumns: [{ name: 'id', isString: false }],
      after: [42],
      since: { column: stamp, after: '2026-01-01T10:00:00' },
      limit: 10,
    });
    expect(next).toEqual({
      sql: 'SELECT "id" FROM "t" WHERE ("changed_at" > $1 OR "changed_at" IS NULL) AND "id" > $2 ORDER BY "id" LIMIT 10',
      params: ['2026-01-01T10:00:00', 42],
    });
  });

  it('MySQL/MariaDB: DATETIME literal with a space and no zone; a BIGINT key bound is cast, never compared as DOUBLE', () => {
    const at = buildKeysetSelect(MYSQL_SQL_DIALECT, {
      table: 't',
      columns: ['id'],
      keyColumns: [{ name: 'id', isString: false }],
      since: { column: { ...stamp, type: 'timestamptz' }, after: '2026-01-01T10:00:00.25Z' },
      limit: 5,
    });
    expect(at).toEqual({
      sql: 'SELECT `id` FROM `t` WHERE (`changed_at` > ? OR `changed_at` IS NULL) ORDER BY `id` LIMIT 5',
      params: ['2026-01-01 10:00:00.25'],
    });
    const key = buildKeysetSelect(MYSQL_SQL_DIALECT, {
      table: 't',
      columns: ['id'],
      keyColumns: [{ name: 'id', isString: false, type: 'bigint' }],
      since: { column: { name: 'id', isString: false, type: 'bigint' }, after: '9007199254740993' },
      limit: 5,
    });
    expect(key.sql).toBe('SELECT `id` FROM `t` WHERE (`id` > CAST(? AS DECIMAL(65,0)) OR `id` IS NULL) ORDER BY `id` LIMIT 5');
    expect(key.params).toEqual(['9007199254740993']);
  });
});

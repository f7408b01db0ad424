/**
 * Control totals over untyped text columns in Swiss formats: the file connector's totals and the
 * engine's excluded-row aggregates read `dd.mm.yyyy` dates and `1'234.50` / `CHF 1'100.00` / `850.–`
 * amounts the way the mapping transforms do, so `source = target + excluded` holds per year; a malformed
 * amount is named by table, column and row key and leaves the comparison inconclusive, not the run stopped.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { SourceMapping } from '../src/core/pipeline/source-mapping.js';
import { sourceAmountToRappen, yearOf } from '../src/core/pipeline/exact-money.js';
import { parseMoneyRappen, parseSwissDate } from '../src/mappings/transforms/index.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

/** Source rows: key, date text, amount text, booking type (`XX` is not a booking type → quarantined). */
const ROWS: readonly (readonly [number, string, string, string])[] = [
  [1, '15.03.2021', "1'234.50", 'ORDINARY_PAYMENT'],
  [2, '1.12.2021', "CHF 1'100.00", 'ONE_OFF_PAYMENT'],
  [3, '2.1.2022', '850.–', 'ORDINARY_PAYMENT'],
  [4, '28.02.2022', '1234.50', 'XX'],
  [5, '31.12.2020 08:15', '-12.–', 'ORDINARY_PAYMENT'],
  [6, '2023-06-30', '7.05', 'ORDINARY_PAYMENT'],
];

function writeBookings(dir: string, rows: readonly (readonly [number, string, string, string])[]): void {
  const quote = (v: string): string => `"${v}"`;
  writeFileSync(
    path.join(dir, 'bookings.csv'),
    `${['id;datum;betrag;typ', ...rows.map(([id, d, a, t]) => [String(id), quote(d), quote(a), t].join(';'))].join('\n')}\n`,
  );
}

function connector(dir: string) {
  return createFileConnector({
    name: 'swiss-files',
    baseDir: dir,
    tables: { bookings: { file: 'bookings.csv', format: 'csv', delimiter: ';', keyColumn: 'id', columns: { id: 'integer' } } },
  });
}

const bookingMapping: SourceMapping = {
  name: 'bookings',
  version: '1.0.0',
  entity: 'booking',
  produces: ['booking'],
  source: { table: 'bookings', keyColumns: ['id'] },
  controlTotals: [
    {
      source: { table: 'bookings', yearColumn: 'datum', sumColumns: ['betrag'] },
      entity: 'booking',
      yearField: 'bookingDate',
      sums: { betrag: 'amountRappen' },
    },
  ],
  map(row, ctx) {
    const date = parseSwissDate(row['datum']);
    const amount = parseMoneyRappen(row['betrag']);
    const issues = [date, amount].flatMap((r) =>
      r.ok ? [] : [{ code: r.code, severity: 'error' as const, entity: 'booking', path: '', message: 'Transform failed.', recordRef: ctx.recordRef }],
    );
    const record = {
      id: ctx.id('booking', row['id'] as number),
      bookingDate: date.ok ? date.value : null,
      amountRappen: amount.ok ? amount.value : null,
      bookingType: row['typ'],
    };
    return { records: issues.length > 0 ? [] : [{ entity: 'booking', record }], issues };
  },
};

/** Expected per-year figures from the rows, read through the transforms (the mapping's own reading). */
function expectedByYear(rows: typeof ROWS): Map<number, { count: number; rappen: number; excludedCount: number; excludedRappen: number }> {
  const out = new Map<number, { count: number; rappen: number; excludedCount: number; excludedRappen: number }>();
  for (const [, d, a, t] of rows) {
    const date = parseSwissDate(d);
    const amount = parseMoneyRappen(a);
    if (!date.ok || !amount.ok) throw new Error('fixture rows must parse');
    const year = Number(date.value.slice(0, 4));
    const e = out.get(year) ?? { count: 0, rappen: 0, excludedCount: 0, excludedRappen: 0 };
    out.set(year, e);
    e.count += 1;
    e.rappen += amount.value;
    if (t === 'XX') {
      e.excludedCount += 1;
      e.excludedRappen += amount.value;
    }
  }
  return out;
}

describe('Swiss formats in the year lookup and the money sum', () => {
  it('reads dates and amounts as the transforms do', () => {
    for (const [, d, a] of ROWS) {
      const date = parseSwissDate(d);
      const amount = parseMoneyRappen(a);
      expect(yearOf(d)).toBe(date.ok ? Number(date.value.slice(0, 4)) : null);
      expect(sourceAmountToRappen(a, 'chf')).toBe(amount.ok ? BigInt(amount.value) : null);
    }
    expect(yearOf('03.1970')).toBe(1970);
    expect(yearOf('31.02.2020')).toBeNull();
    expect(sourceAmountToRappen('12.345', 'chf')).toBeNull();
    expect(sourceAmountToRappen("1'234,50", 'chf', ',')).toBe(123450n);
  });

  it('the file connector totals per year of dd.mm.yyyy text, summing Swiss money text exactly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-swiss-ct-'));
    writeBookings(dir, ROWS);
    const source = connector(dir);
    const driver = source.createDriver();
    await driver.init();
    try {
      const rows = await source.createControlTotals!(driver).compute({ table: 'bookings', yearColumn: 'datum', sumColumns: ['betrag'] });
      const expected = expectedByYear(ROWS);
      expect(rows.map((r) => r.group['year'])).toEqual([...expected.keys()].sort());
      for (const row of rows) {
        const e = expected.get(row.group['year'] as number)!;
        expect(row.count).toBe(e.count);
        expect(sourceAmountToRappen(row.sums['betrag']!, 'chf')).toBe(BigInt(e.rappen));
      }
    } finally {
      await driver.destroy();
    }
  });

  it('a run over Swiss text columns reconciles per year, excluded rows in their real year', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-swiss-run-'));
    writeBookings(dir, ROWS);
    const report = await runMigration(
      defineMigration({
        name: 'swiss',
        source: connector(dir),
        commune: TEST_COMMUNE,
        sourceSystem: 'swiss',
        mappings: [bookingMapping],
        target: createPgliteTarget({}),
        options: { batchSize: 2 },
      }),
    );
    const expected = expectedByYear(ROWS);
    const totals = report.reconciliation.controlTotals;
    expect(totals.map((t) => t.year)).toEqual([...expected.keys()].sort());
    for (const t of totals) {
      const e = expected.get(t.year!)!;
      expect({ year: t.year, source: t.source.count, excluded: t.excluded.count, target: t.target.count }).toEqual({
        year: t.year,
        source: e.count,
        excluded: e.excludedCount,
        target: e.count - e.excludedCount,
      });
      expect(t.source.sums['amountRappen']).toBe(String(e.rappen));
      expect(t.excluded.sums['amountRappen'] ?? '0').toBe(String(e.excludedRappen));
      expect(t.matched && t.conclusive).toBe(true);
    }
    expect(report.status).toBe('passed');
  });

  it('a malformed amount is named by table, column and row key; the comparison is inconclusive and the run finishes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-swiss-bad-'));
    writeBookings(dir, [...ROWS.slice(0, 3), [17, '05.05.2021', '12x.50', 'ORDINARY_PAYMENT']]);
    const source = connector(dir);
    const driver = source.createDriver();
    await driver.init();
    try {
      await expect(source.createControlTotals!(driver).compute({ table: 'bookings', sumColumns: ['betrag'] })).rejects.toMatchObject({
        code: 'CB_SOURCE_FORMAT_INVALID',
        details: { table: 'bookings', column: 'betrag', record: 4, key: '17' },
      });
    } finally {
      await driver.destroy();
    }
    const report = await runMigration(
      defineMigration({
        name: 'swiss-bad',
        source: connector(dir),
        commune: TEST_COMMUNE,
        sourceSystem: 'swiss',
        mappings: [bookingMapping],
        target: createPgliteTarget({}),
      }),
    );
    expect(report.reconciliation.controlTotalsSkipped).toEqual([
      { mapping: 'bookings', reason: 'source-value-malformed', details: { table: 'bookings', column: 'betrag', record: 4, key: '17' } },
    ]);
    expect(report.reconciliation.controlTotals.every((t) => !t.conclusive)).toBe(true);
    expect(report.entities[0]).toMatchObject({ extracted: 4, loaded: 3, quarantined: 1, balanced: true });
    expect(report.status).toBe('passed_with_warnings');
    expect(report.reasons).toContain('reconciliation-inconclusive');
  });
});

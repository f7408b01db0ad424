/**
 * Conformance checks on failure behaviour and totals: cancellation, missing tables, bad credentials
 * (without leaking the secret), and control totals computed in the source.
 */
import { expect, it } from 'vitest';
import type { ConformanceContext } from './conformance-context.js';
import { compareControlTotals, expectedControlTotals } from './expected-control-totals.js';
import { readAll, rejectionOf } from './read-all.js';

function codeOf(error: unknown): unknown {
  return error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
}

/** Registers the cancellation checks. */
export function cancellationChecks(ctx: ConformanceContext): void {
  it('an already aborted signal rejects with CB_CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    const reader = ctx.connector.createReader(ctx.driver);
    const error = await rejectionOf(readAll(reader, { table: ctx.table('main'), batchSize: 5, signal: controller.signal }));
    expect(codeOf(error)).toBe('CB_CANCELLED');
  });

  it('aborting mid-read rejects with CB_CANCELLED and leaves the connector usable', async () => {
    const controller = new AbortController();
    const iterator = ctx.connector.createReader(ctx.driver).read({ table: ctx.table('main'), batchSize: 3, signal: controller.signal });
    const first = await iterator.next();
    expect(first.done).toBe(false);
    controller.abort();
    const error = await rejectionOf(iterator.next());
    expect(codeOf(error)).toBe('CB_CANCELLED');
    const again = await readAll(ctx.connector.createReader(ctx.driver), { table: ctx.table('main'), batchSize: 1000 });
    expect(again.rows).toHaveLength(ctx.fixture.tables.main.rows.length);
  });

  it('leaving reads early (break) releases their resources', async () => {
    // More early exits than any sane pool size: a leaked connection would make this hang or fail.
    for (let i = 0; i < 25; i++) {
      const partial = await readAll(ctx.connector.createReader(ctx.driver), { table: ctx.table('keys'), batchSize: 2 }, 1);
      expect(partial.rows).toHaveLength(2);
    }
    const full = await readAll(ctx.connector.createReader(ctx.driver), { table: ctx.table('keys'), batchSize: 1000 });
    expect(full.rows).toHaveLength(ctx.fixture.tables.keys.rows.length);
  });
}

/** Registers the missing-table checks. */
export function missingTableChecks(ctx: ConformanceContext): void {
  const missing = 'cb_no_such_table_4711';
  it('reading a missing table rejects with CB_TABLE_NOT_FOUND', async () => {
    const error = await rejectionOf(readAll(ctx.connector.createReader(ctx.driver), { table: missing, batchSize: 10 }));
    expect(codeOf(error)).toBe('CB_TABLE_NOT_FOUND');
  });
  it('describing a missing table rejects with CB_TABLE_NOT_FOUND', async () => {
    const error = await rejectionOf(ctx.connector.createIntrospector(ctx.driver).describeTable(missing));
    expect(codeOf(error)).toBe('CB_TABLE_NOT_FOUND');
  });
}

/** Registers the bad-credentials check (the vendor supplies the connector and its wrong secret). */
export function badCredentialsChecks(ctx: ConformanceContext): void {
  const factory = ctx.options.badCredentials;
  it.skipIf(factory === undefined)('bad credentials reject with CB_AUTHENTICATION_FAILED without the secret in the error', async () => {
    if (!factory) return;
    const { connector, secret } = await factory();
    expect(secret.length).toBeGreaterThan(3);
    const driver = connector.createDriver();
    try {
      const error = await rejectionOf(
        (async () => {
          await driver.init();
          await connector.createIntrospector(driver).listTables();
        })(),
      );
      expect(codeOf(error)).toBe('CB_AUTHENTICATION_FAILED');
      const e = error as { message?: unknown; details?: unknown; toJSON?: () => unknown };
      const visible = [String(e.message), JSON.stringify(e.details ?? {}), JSON.stringify(e.toJSON?.() ?? {})].join('\n');
      expect(visible.includes(secret), 'the secret appears in the error').toBe(false);
    } finally {
      await driver.destroy().catch(() => undefined);
    }
  });
}

/** Registers the control-total checks; reported as skipped when the adapter does not support them. */
export function controlTotalChecks(ctx: ConformanceContext): void {
  it('capability flags match the parts the connector provides', () => {
    const { adapter } = ctx.connector;
    expect(adapter.dialect).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(adapter.maxParameters).toBeGreaterThanOrEqual(1);
    expect(adapter.supportsControlTotals).toBe(typeof ctx.connector.createControlTotals === 'function');
    expect(adapter.supportsWrite).toBe(typeof ctx.connector.createWriter === 'function');
  });

  const specs = [
    { label: 'count only', extra: {} },
    { label: 'count and exact sums per year', extra: { yearColumn: ctx.fixture.controlTotals.yearColumn, sumColumns: ctx.fixture.controlTotals.sumColumns } },
    { label: 'count and exact sums per year and group', extra: { ...ctx.fixture.controlTotals } },
    {
      // A filter and a sign computed inside the source (NULL passes `notIn`, never `in`).
      label: 'a filtered selection with signed sums',
      extra: {
        ...ctx.fixture.controlTotals,
        where: [{ column: ctx.fixture.controlTotals.groupBy[0] ?? '', notIn: ['C'] }],
        negateWhen: [{ column: ctx.fixture.controlTotals.groupBy[0] ?? '', in: ['B'] }],
      },
    },
  ];
  for (const { label, extra } of specs) {
    it(`control totals: ${label}`, async (test) => {
      const make = ctx.connector.createControlTotals;
      if (!ctx.connector.adapter.supportsControlTotals || !make) {
        test.skip('the connector does not compute control totals');
        return;
      }
      const spec = { table: ctx.table('main'), ...extra };
      const actual = await make.call(ctx.connector, ctx.driver).compute(spec);
      const expected = expectedControlTotals(ctx.fixture.tables.main, spec);
      expect(compareControlTotals(expected, actual)).toEqual([]);
    });
  }
}

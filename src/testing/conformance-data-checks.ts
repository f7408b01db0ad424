/**
 * Conformance checks on what a connector reads: introspection, type fidelity of every golden value,
 * stable ordering across batch sizes, and resuming from a checkpoint.
 */
import { expect, it } from 'vitest';
import type { SourceRow } from '../core/connector/source-value.js';
import type { ConformanceContext } from './conformance-context.js';
import type { FixtureTableRole } from './fixtures/fixture-types.js';
import { readAll } from './read-all.js';
import { describeSourceValue } from './value-format.js';

function keyOf(row: SourceRow, keyColumns: readonly string[]): string {
  return JSON.stringify(keyColumns.map((k) => row[k] ?? null));
}

/** Registers the introspection checks. */
export function introspectionChecks(ctx: ConformanceContext): void {
  const sizes = ctx.options.expectations?.introspectsSizes ?? true;
  const nullability = ctx.options.expectations?.introspectsNullability ?? true;

  it('lists the fixture tables', async () => {
    const tables = await ctx.connector.createIntrospector(ctx.driver).listTables();
    expect(tables).toContain(ctx.table('main'));
    expect(tables).toContain(ctx.table('keys'));
  });

  for (const role of ['main', 'keys'] as const) {
    it(`describes the ${role} table: columns, normalised types, primary key, exact row count`, async () => {
      const fixtureTable = ctx.fixture.tables[role];
      const meta = await ctx.connector.createIntrospector(ctx.driver).describeTable(ctx.table(role));
      expect(meta.columns.map((c) => c.name)).toEqual(fixtureTable.columns.map((c) => c.name));
      for (const col of fixtureTable.columns) {
        const got = meta.columns.find((c) => c.name === col.name);
        expect(got?.type, `normalised type of ${col.name}`).toBe(col.type);
        expect(typeof got?.dataType, `raw dataType of ${col.name}`).toBe('string');
        if (nullability) expect(got?.nullable, `nullable of ${col.name}`).toBe(col.nullable);
        if (sizes && col.precision !== undefined) {
          expect(got?.precision, `precision of ${col.name}`).toBe(col.precision);
          expect(got?.scale, `scale of ${col.name}`).toBe(col.scale);
        }
        if (sizes && col.maxLength !== undefined) expect(got?.maxLength, `maxLength of ${col.name}`).toBe(col.maxLength);
      }
      expect(meta.primaryKey).toEqual(fixtureTable.primaryKey);
      expect(meta.rowCount).toBe(fixtureTable.rows.length);
    });
  }
}

/** Registers one type-fidelity check per column of the main table. */
export function typeFidelityChecks(ctx: ConformanceContext): void {
  const main = ctx.fixture.tables.main;
  const expectedById = new Map(main.rows.map((row) => [row.id, row]));

  it('reads every row exactly once with exactly the fixture columns', async () => {
    const { rows } = await ctx.fullRead('main', 1000);
    expect(rows).toHaveLength(main.rows.length);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(main.columns.map((c) => c.name).sort());
  });

  for (const column of main.columns) {
    it(`delivers ${column.name} (${column.type}${column.case ? `, case ${column.case}` : ''}) exactly`, async () => {
      const { rows } = await ctx.fullRead('main', 1000);
      const asJson = column.type === 'json';
      const got = rows.map((row) => `id ${String(row.id)}: ${describeSourceValue(row[column.name], asJson)}`);
      const want = rows.map((row) => `id ${String(row.id)}: ${describeSourceValue(expectedById.get(row.id as number)?.[column.name], asJson)}`);
      expect(got).toEqual(want);
    });
  }

  it('reads only the requested columns', async () => {
    const { rows } = await readAll(ctx.connector.createReader(ctx.driver), { table: ctx.table('main'), columns: ['id', 'code'], batchSize: 20 });
    expect(rows).toHaveLength(main.rows.length);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['code', 'id']);
  });
}

/** Registers the ordering checks: stable order, nothing lost or repeated, batches within size. */
export function orderingChecks(ctx: ConformanceContext): void {
  const batchSizes = ctx.options.expectations?.batchSizes ?? [1, 7, 1000];
  for (const role of ['main', 'keys'] as FixtureTableRole[]) {
    const table = ctx.fixture.tables[role];
    for (const size of batchSizes) {
      it(`${role} table, batch size ${size}: same order as batch size 1000, no row lost or repeated`, async () => {
        const read = await ctx.fullRead(role, size);
        const reference = await ctx.fullRead(role, 1000);
        const keys = read.rows.map((r) => keyOf(r, table.primaryKey));
        expect(new Set(keys).size, 'no repeated rows').toBe(keys.length);
        expect([...keys].sort()).toEqual(table.rows.map((r) => keyOf(r, table.primaryKey)).sort());
        expect(keys).toEqual(reference.rows.map((r) => keyOf(r, table.primaryKey)));
        for (const n of read.batchSizes) {
          expect(n).toBeGreaterThan(0);
          expect(n).toBeLessThanOrEqual(size);
        }
        let seen = 0;
        read.positions.forEach((pos, i) => {
          seen += read.batchSizes[i] ?? 0;
          expect(pos.rowsRead).toBe(seen);
          expect(pos.key).toEqual(JSON.parse(keys[seen - 1] ?? '[]'));
        });
      });
    }
  }

  it('main table: integer keys arrive in ascending numeric order', async () => {
    const { rows } = await ctx.fullRead('main', 7);
    const ids = rows.map((r) => r.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('honours explicit keyColumns', async () => {
    const { rows } = await readAll(ctx.connector.createReader(ctx.driver), { table: ctx.table('keys'), keyColumns: ['tenant', 'seq'], batchSize: 4 });
    const reference = await ctx.fullRead('keys', 1000);
    expect(rows.map((r) => keyOf(r, ['tenant', 'seq']))).toEqual(reference.rows.map((r) => keyOf(r, ['tenant', 'seq'])));
  });
}

/** Registers the resume checks: a read resumed from a mid-way position equals the uninterrupted read. */
export function resumeChecks(ctx: ConformanceContext): void {
  for (const [role, batchSize, stopAfter] of [
    ['main', 7, 3],
    ['keys', 5, 2],
    ['keys', 1, 11],
  ] as const) {
    it(`${role} table: resuming after batch ${stopAfter} of size ${batchSize} equals the full read`, async () => {
      const table = ctx.fixture.tables[role];
      const reader = ctx.connector.createReader(ctx.driver);
      const first = await readAll(reader, { table: ctx.table(role), batchSize }, stopAfter);
      const position = first.positions.at(-1);
      expect(position).toBeDefined();
      // The position must survive the run ledger: a JSON round trip.
      const stored = JSON.parse(JSON.stringify(position));
      const rest = await readAll(ctx.connector.createReader(ctx.driver), { table: ctx.table(role), batchSize, after: stored });
      const full = await ctx.fullRead(role, 1000);
      const combined = [...first.rows, ...rest.rows].map((r) => keyOf(r, table.primaryKey));
      expect(combined).toEqual(full.rows.map((r) => keyOf(r, table.primaryKey)));
      expect(rest.positions.at(-1)?.rowsRead).toBe(table.rows.length);
    });
  }

  it('resuming after the last row yields no rows', async () => {
    const full = await ctx.fullRead('main', 1000);
    const last = full.positions.at(-1);
    expect(last).toBeDefined();
    if (!last) return;
    const rest = await readAll(ctx.connector.createReader(ctx.driver), { table: ctx.table('main'), batchSize: 5, after: last });
    expect(rest.rows).toHaveLength(0);
  });
}

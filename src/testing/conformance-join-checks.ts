/**
 * Conformance checks of join and query sources (`ReadRequest.join`, `ReadRequest.query`) on the join
 * tables of the golden fixture: inner and left joins, NULL and dangling join values, a one-to-many join,
 * a chained join, ordering across batch sizes and resuming mid-join; then a read-only query (or, for a
 * connector without SQL, a clear refusal).
 */
import { expect, it } from 'vitest';
import type { ReadRequest } from '../core/connector/connector.js';
import { JOIN_UNMATCHED_COLUMN, type JoinSource } from '../core/connector/join-source.js';
import type { SourceRow } from '../core/connector/source-value.js';
import type { ConformanceContext } from './conformance-context.js';
import { readAll, rejectionOf } from './read-all.js';
import { describeSourceValue } from './value-format.js';

/** One join case: the request parts and the rows a conforming connector delivers, in order. */
interface JoinCase {
  readonly title: string;
  readonly join: JoinSource;
  readonly keyColumns: readonly string[];
  readonly expected: readonly SourceRow[];
}

function render(rows: readonly SourceRow[]): string[] {
  return rows.map((row) =>
    Object.keys(row)
      .sort()
      .map((k) => `${k}=${describeSourceValue(row[k])}`)
      .join(' '),
  );
}

function codeOf(error: unknown): unknown {
  return error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
}

/** The join cases over the fixture's join tables, with the expected rows computed by a reference join. */
function joinCases(ctx: ConformanceContext): JoinCase[] {
  const cases = ctx.fixture.tables['join-case'].rows;
  const persons = ctx.fixture.tables['join-person'].rows;
  const budgets = ctx.fixture.tables['join-budget'].rows;
  const person = (id: unknown): SourceRow | undefined => (id === null ? undefined : persons.find((p) => p.person_id === id));
  const caseRow = (id: unknown): SourceRow | undefined => (id === null ? undefined : cases.find((c) => c.case_id === id));
  const T = (role: 'join-case' | 'join-person' | 'join-budget'): string => ctx.table(role);
  const personJoin = (type: 'inner' | 'left'): JoinSource => ({
    from: { table: T('join-case'), as: 'c' },
    joins: [{ table: T('join-person'), as: 'p', on: [['c.person_id', 'p.person_id']], type }],
    columns: { case_id: 'c.case_id', office: 'c.office', label: 'p.label' },
  });
  return [
    {
      title: 'inner join (unmatched driving rows marked, not dropped)',
      join: personJoin('inner'),
      keyColumns: ['case_id'],
      expected: cases.map((c) => {
        const p = person(c.person_id);
        return { case_id: c.case_id ?? null, office: c.office ?? null, label: p?.label ?? null, [JOIN_UNMATCHED_COLUMN]: p === undefined ? 'p' : null };
      }),
    },
    {
      title: 'left join',
      join: personJoin('left'),
      keyColumns: ['case_id'],
      expected: cases.map((c) => ({ case_id: c.case_id ?? null, office: c.office ?? null, label: person(c.person_id)?.label ?? null })),
    },
    {
      title: 'one-to-many left join',
      join: {
        from: { table: T('join-case'), as: 'c' },
        joins: [{ table: T('join-budget'), as: 'b', on: [['c.case_id', 'b.case_id']], type: 'left' }],
        columns: { case_id: 'c.case_id', budget_id: 'b.budget_id', amount: 'b.amount' },
      },
      keyColumns: ['case_id', 'budget_id'],
      expected: cases.flatMap((c) => {
        const lines = budgets.filter((b) => b.case_id === c.case_id);
        if (lines.length === 0) return [{ case_id: c.case_id ?? null, budget_id: null, amount: null }];
        return lines.map((b) => ({ case_id: c.case_id ?? null, budget_id: b.budget_id ?? null, amount: b.amount ?? null }));
      }),
    },
    {
      title: 'chained join (inner, then left on the joined table)',
      join: {
        from: { table: T('join-budget'), as: 'b' },
        joins: [
          { table: T('join-case'), as: 'c', on: [['b.case_id', 'c.case_id']], type: 'inner' },
          { table: T('join-person'), as: 'p', on: [['c.person_id', 'p.person_id']], type: 'left' },
        ],
        columns: { budget_id: 'b.budget_id', amount: 'b.amount', office: 'c.office', label: 'p.label' },
      },
      keyColumns: ['budget_id'],
      expected: budgets.map((b) => {
        const c = caseRow(b.case_id);
        const p = c === undefined ? undefined : person(c.person_id);
        return {
          budget_id: b.budget_id ?? null,
          amount: b.amount ?? null,
          office: c?.office ?? null,
          label: p?.label ?? null,
          [JOIN_UNMATCHED_COLUMN]: c === undefined ? 'c' : null,
        };
      }),
    },
  ];
}

/** Registers the join checks. */
export function joinChecks(ctx: ConformanceContext): void {
  const batchSizes = ctx.options.expectations?.batchSizes ?? [1, 7, 1000];
  const request = (c: JoinCase, batchSize: number): ReadRequest => ({ table: ctx.table('join-case'), join: c.join, keyColumns: c.keyColumns, batchSize });
  for (const index of [0, 1, 2, 3]) {
    for (const size of batchSizes) {
      it(`case ${index + 1}, batch size ${size}: delivers the reference join's rows in key order`, async () => {
        const c = joinCases(ctx)[index]!;
        const read = await readAll(ctx.connector.createReader(ctx.driver), request(c, size));
        expect(render(read.rows), c.title).toEqual(render(c.expected));
        let seen = 0;
        read.positions.forEach((pos, i) => {
          const n = read.batchSizes[i] ?? 0;
          expect(n).toBeGreaterThan(0);
          expect(n).toBeLessThanOrEqual(size);
          seen += n;
          expect(pos.rowsRead).toBe(seen);
          expect(pos.key).toEqual(c.keyColumns.map((k) => read.rows[seen - 1]?.[k] ?? null));
        });
      });
    }
  }

  for (const [index, batchSize, stopAfter] of [
    [2, 4, 3],
    [3, 3, 5],
    [0, 1, 9],
  ] as const) {
    it(`case ${index + 1}: resuming after batch ${stopAfter} of size ${batchSize} equals the full join`, async () => {
      const c = joinCases(ctx)[index]!;
      const first = await readAll(ctx.connector.createReader(ctx.driver), request(c, batchSize), stopAfter);
      const stored = JSON.parse(JSON.stringify(first.positions.at(-1))) as ReadRequest['after'];
      expect(stored).toBeDefined();
      const rest = await readAll(ctx.connector.createReader(ctx.driver), { ...request(c, batchSize), ...(stored ? { after: stored } : {}) });
      expect(render([...first.rows, ...rest.rows])).toEqual(render(c.expected));
      expect(rest.positions.at(-1)?.rowsRead).toBe(c.expected.length);
    });
  }

  it('a NULL or dangling join value never matches: the row keeps NULLs (left) or is marked (inner)', async () => {
    const c = joinCases(ctx)[0]!;
    const { rows } = await readAll(ctx.connector.createReader(ctx.driver), request(c, 1000));
    const nullRef = ctx.fixture.tables['join-case'].rows.filter((r) => r.person_id === null).map((r) => r.case_id);
    expect(nullRef.length).toBeGreaterThan(0);
    for (const row of rows.filter((r) => nullRef.includes(r.case_id ?? null))) expect(row[JOIN_UNMATCHED_COLUMN]).toBe('p');
  });

  it('reads only the requested output columns (plus the inner-join marker)', async () => {
    const c = joinCases(ctx)[0]!;
    const { rows } = await readAll(ctx.connector.createReader(ctx.driver), { ...request(c, 10), columns: ['case_id', 'label'] });
    expect(rows).toHaveLength(c.expected.length);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual([JOIN_UNMATCHED_COLUMN, 'case_id', 'label'].sort());
  });

  it('a join column the table does not have rejects with CB_COLUMN_NOT_FOUND', async () => {
    const c = joinCases(ctx)[1]!;
    const join = { ...c.join, columns: { ...c.join.columns, nope: 'p.no_such_column' } };
    const error = await rejectionOf(readAll(ctx.connector.createReader(ctx.driver), { ...request(c, 10), join }));
    expect(codeOf(error)).toBe('CB_COLUMN_NOT_FOUND');
  });
}

/** Registers the query checks (or, for a connector without SQL, the refusal check). */
export function queryChecks(ctx: ConformanceContext): void {
  const query = (): string =>
    `SELECT c.case_id, c.office, p.label FROM ${ctx.table('join-case')} c LEFT JOIN ${ctx.table('join-person')} p ON p.person_id = c.person_id`;
  const request = (batchSize: number): ReadRequest => ({ table: 'conformance-query', query: query(), keyColumns: ['case_id'], batchSize });
  if (ctx.options.expectations?.queries === false) {
    it('refuses a query source with CB_CONFIGURATION_INVALID', async () => {
      const error = await rejectionOf(readAll(ctx.connector.createReader(ctx.driver), request(10)));
      expect(codeOf(error)).toBe('CB_CONFIGURATION_INVALID');
    });
    return;
  }
  for (const size of ctx.options.expectations?.batchSizes ?? [1, 7, 1000]) {
    it(`batch size ${size}: a query keyed by a result column reads like the equivalent left join`, async () => {
      const expected = joinCases(ctx)[1]!.expected;
      const read = await readAll(ctx.connector.createReader(ctx.driver), request(size));
      expect(render(read.rows)).toEqual(render(expected));
    });
  }

  it('resuming a query mid-way equals the full read', async () => {
    const first = await readAll(ctx.connector.createReader(ctx.driver), request(4), 2);
    const stored = JSON.parse(JSON.stringify(first.positions.at(-1))) as ReadRequest['after'];
    const rest = await readAll(ctx.connector.createReader(ctx.driver), { ...request(4), ...(stored ? { after: stored } : {}) });
    expect(render([...first.rows, ...rest.rows])).toEqual(render(joinCases(ctx)[1]!.expected));
  });

  it('refuses a statement that is not one SELECT with CB_CONFIGURATION_INVALID and changes nothing', async () => {
    for (const sql of [`DELETE FROM ${ctx.table('join-person')}`, `SELECT 1 AS case_id; DELETE FROM ${ctx.table('join-person')}`]) {
      const error = await rejectionOf(readAll(ctx.connector.createReader(ctx.driver), { ...request(10), query: sql }));
      expect(codeOf(error), sql).toBe('CB_CONFIGURATION_INVALID');
    }
    const persons = await readAll(ctx.connector.createReader(ctx.driver), { table: ctx.table('join-person'), batchSize: 100 });
    expect(persons.rows).toHaveLength(ctx.fixture.tables['join-person'].rows.length);
  });
}

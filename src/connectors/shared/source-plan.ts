/**
 * What a SQL reader reads for a request: a table, a join or a query, as a read plan plus the FROM text
 * (a derived table for joins and queries). Shared by the PostgreSQL and MySQL readers.
 */
import type { ReadRequest } from '../../core/connector/connector.js';
import { assertReadOnlyQuery } from './read-only-query.js';
import { joinFromSql, joinOutputColumns, joinShape, joinTables, queryFromSql, type FromSqlSpelling } from './join-sql.js';
import { planRead, type ReadPlan, type TableShape } from './read-plan.js';

/** A planned read: what to select and from where. */
export interface SourcePlan {
  readonly plan: ReadPlan;
  /** The derived table of a join or query; undefined for a table read. */
  readonly from?: string;
  /** True for a query source: each page runs in a read-only transaction. */
  readonly readOnly: boolean;
}

/** What the connector provides to plan a read. */
export interface SourcePlanHooks {
  readonly spelling: FromSqlSpelling;
  /** The shape of one table (ObjectNotFoundError when missing). */
  describe(table: string): Promise<TableShape>;
  /** The shape of the result of `SELECT * FROM <from> WHERE 1 = 0` (column names and types, no rows). */
  probe(from: string): Promise<TableShape>;
}

/** Plans `request`: its table, join (`request.join`) or query (`request.query`). */
export async function planSourceRead(request: ReadRequest, hooks: SourcePlanHooks): Promise<SourcePlan> {
  if (request.join !== undefined) {
    const join = request.join;
    const shapes = new Map<string, TableShape>();
    for (const table of joinTables(join)) shapes.set(table, await hooks.describe(table));
    const columns = joinOutputColumns(join, request.columns);
    const plan = planRead(joinShape(join, shapes), { ...request, ...(columns === undefined ? {} : { columns }) });
    return { plan, from: joinFromSql(hooks.spelling, join, plan.select), readOnly: false };
  }
  if (request.query !== undefined) {
    const from = queryFromSql(hooks.spelling, assertReadOnlyQuery(request.table, request.query));
    const plan = planRead(await hooks.probe(from), request);
    return { plan, from, readOnly: true };
  }
  return { plan: planRead(await hooks.describe(request.table), request), readOnly: false };
}

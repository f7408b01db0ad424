/**
 * Builds the control-total query: COUNT(*) and exact SUMs (as text, never via JS numbers), per calendar
 * year of a date column and per further group columns.
 */
import type { ControlTotalRow, ControlTotalSpec } from '../../core/connector/connector.js';
import type { SourceRow } from '../../core/connector/source-value.js';
import type { SqlStatement } from './keyset-sql.js';
import { qualifiedName, type SqlDialect } from './sql-dialect.js';

/** The aggregate query for `spec`; result columns are `y`, `g0…`, `n`, `s0…`. */
export function buildControlTotalsSelect(dialect: SqlDialect, schema: string | undefined, spec: ControlTotalSpec): SqlStatement {
  const q = (c: string): string => dialect.quoteIdentifier(c);
  const groups: string[] = [];
  if (spec.yearColumn !== undefined) groups.push(`${dialect.yearOf(q(spec.yearColumn))} AS ${q('y')}`);
  (spec.groupBy ?? []).forEach((col, i) => groups.push(`${dialect.asText(q(col))} AS ${q(`g${i}`)}`));
  const sums = (spec.sumColumns ?? []).map((col, i) => `${dialect.asText(`COALESCE(SUM(${q(col)}), 0)`)} AS ${q(`s${i}`)}`);
  const select = [...groups, `${dialect.asText('COUNT(*)')} AS ${q('n')}`, ...sums].join(', ');
  const groupBy = groups.length > 0 ? ` GROUP BY ${groups.map((_, i) => String(i + 1)).join(', ')}` : '';
  return { sql: `SELECT ${select} FROM ${qualifiedName(dialect, schema, spec.table)}${groupBy}`, params: [] };
}

/** Turns the aggregate rows into ControlTotalRows. */
export function parseControlTotalRows(spec: ControlTotalSpec, rows: readonly SourceRow[]): ControlTotalRow[] {
  return rows.map((row) => {
    const group: Record<string, string | number | null> = {};
    if (spec.yearColumn !== undefined) group.year = row.y === null || row.y === undefined ? null : Number(row.y);
    (spec.groupBy ?? []).forEach((col, i) => {
      const v = row[`g${i}`];
      group[col] = v === null || v === undefined ? null : String(v);
    });
    const sums: Record<string, string> = {};
    (spec.sumColumns ?? []).forEach((col, i) => {
      sums[col] = String(row[`s${i}`]);
    });
    return { group, count: Number(row.n), sums };
  });
}

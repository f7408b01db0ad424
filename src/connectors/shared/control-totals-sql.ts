/**
 * Builds the control-total query: COUNT(*) and exact SUMs (as text, never via JS numbers), per calendar
 * year of a date column and per further group columns.
 */
import type { ControlTotalRow, ControlTotalSpec } from '../../core/connector/connector.js';
import type { ControlTotalCondition } from '../../core/connector/control-total-condition.js';
import type { SourceRow } from '../../core/connector/source-value.js';
import type { SqlStatement } from './keyset-sql.js';
import { qualifiedName, type SqlDialect } from './sql-dialect.js';

/**
 * The aggregate query for `spec`; result columns are `y`, `g0…`, `n`, `s0…`. `where` becomes the
 * statement's WHERE, `negateWhen` a CASE inside each SUM; their codes are bound parameters.
 */
export function buildControlTotalsSelect(dialect: SqlDialect, schema: string | undefined, spec: ControlTotalSpec): SqlStatement {
  const q = (c: string): string => dialect.quoteIdentifier(c);
  const params: string[] = [];
  const predicate = (conditions: readonly ControlTotalCondition[]): string => conditions.map((c) => conditionSql(dialect, c, params)).join(' AND ');
  const groups: string[] = [];
  if (spec.yearColumn !== undefined) groups.push(`${dialect.yearOf(q(spec.yearColumn))} AS ${q('y')}`);
  for (const [i, col] of (spec.groupBy ?? []).entries()) groups.push(`${dialect.asText(q(col))} AS ${q(`g${i}`)}`);
  const negate = spec.negateWhen !== undefined && spec.negateWhen.length > 0 ? spec.negateWhen : undefined;
  const sums = (spec.sumColumns ?? []).map((col, i) => {
    // Two sums subtracted rather than a negated value: SUM widens the type, `-(x)` of a BIGINT can overflow.
    const total =
      negate === undefined
        ? `COALESCE(SUM(${q(col)}), 0)`
        : `COALESCE(SUM(CASE WHEN ${predicate(negate)} THEN NULL ELSE ${q(col)} END), 0) - COALESCE(SUM(CASE WHEN ${predicate(negate)} THEN ${q(col)} END), 0)`;
    return `${dialect.asText(total)} AS ${q(`s${i}`)}`;
  });
  const select = [...groups, `${dialect.asText('COUNT(*)')} AS ${q('n')}`, ...sums].join(', ');
  const where = spec.where !== undefined && spec.where.length > 0 ? ` WHERE ${predicate(spec.where)}` : '';
  const groupBy = groups.length > 0 ? ` GROUP BY ${groups.map((_, i) => String(i + 1)).join(', ')}` : '';
  return { sql: `SELECT ${select} FROM ${qualifiedName(dialect, schema, spec.table)}${where}${groupBy}`, params };
}

/** One condition as SQL: the column as text compared with bound codes (NULL: `in` false, `notIn` true). */
function conditionSql(dialect: SqlDialect, condition: ControlTotalCondition, params: string[]): string {
  const column = dialect.quoteIdentifier(condition.column);
  const list = (codes: readonly string[]): string =>
    codes
      .map((code) => {
        params.push(code);
        return dialect.placeholder(params.length);
      })
      .join(', ');
  const parts: string[] = [];
  if (condition.in !== undefined) parts.push(condition.in.length === 0 ? '1 = 0' : `${dialect.asText(column)} IN (${list(condition.in)})`);
  if (condition.notIn !== undefined && condition.notIn.length > 0)
    parts.push(`(${column} IS NULL OR ${dialect.asText(column)} NOT IN (${list(condition.notIn)}))`);
  return parts.length === 0 ? '1 = 1' : `(${parts.join(' AND ')})`;
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

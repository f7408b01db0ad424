/**
 * Expected control totals computed from fixture data with exact decimal arithmetic, and an
 * order-insensitive comparison with what a connector's `ControlTotals.compute` returned.
 */
import type { ControlTotalRow, ControlTotalSpec } from '../core/connector/connector.js';
import type { FixtureTable } from './fixtures/fixture-types.js';
import { conditionsHold } from '../core/connector/control-total-condition.js';
import type { SourceValue } from '../core/connector/source-value.js';
import { decimalEquals, sumDecimals } from './exact-decimal.js';

function yearOf(value: unknown): number | null {
  return typeof value === 'string' && /^\d{4}-/.test(value) ? Number(value.slice(0, 4)) : null;
}

function groupKey(group: Readonly<Record<string, string | number | null>>): string {
  return JSON.stringify(
    Object.keys(group)
      .sort()
      .map((k) => [k, group[k] ?? null]),
  );
}

function negateText(value: string): string {
  return value.startsWith('-') ? value.slice(1) : `-${value}`;
}

/** Computes the control totals `spec` asks for over the rows of `table`. */
export function expectedControlTotals(table: FixtureTable, spec: ControlTotalSpec): ControlTotalRow[] {
  const groups = new Map<string, { group: Record<string, string | number | null>; count: number; values: Record<string, string[]> }>();
  const negate = spec.negateWhen !== undefined && spec.negateWhen.length > 0 ? spec.negateWhen : undefined;
  for (const row of table.rows) {
    if (!conditionsHold(spec.where, row as Record<string, SourceValue>)) continue;
    const negated = negate !== undefined && conditionsHold(negate, row as Record<string, SourceValue>);
    const group: Record<string, string | number | null> = {};
    if (spec.yearColumn !== undefined) group.year = yearOf(row[spec.yearColumn]);
    for (const col of spec.groupBy ?? []) {
      const v = row[col];
      group[col] = v === null || v === undefined ? null : String(v);
    }
    const key = groupKey(group);
    let entry = groups.get(key);
    if (!entry) {
      entry = { group, count: 0, values: Object.fromEntries((spec.sumColumns ?? []).map((c) => [c, []])) };
      groups.set(key, entry);
    }
    entry.count += 1;
    for (const col of spec.sumColumns ?? []) {
      const v = row[col];
      if (typeof v === 'string' || typeof v === 'number') entry.values[col]?.push(negated ? negateText(String(v)) : String(v));
    }
  }
  return [...groups.values()].map(({ group, count, values }) => ({
    group,
    count,
    sums: Object.fromEntries(Object.entries(values).map(([c, vs]) => [c, sumDecimals(vs)])),
  }));
}

/** Differences between expected and actual totals, as short lines without personal data. Empty = equal. */
export function compareControlTotals(expected: readonly ControlTotalRow[], actual: readonly ControlTotalRow[]): string[] {
  const problems: string[] = [];
  const byKey = new Map(actual.map((row) => [groupKey(row.group), row]));
  if (byKey.size !== actual.length) problems.push('actual totals contain the same group twice');
  for (const exp of expected) {
    const key = groupKey(exp.group);
    const act = byKey.get(key);
    if (!act) {
      problems.push(`group ${key} missing`);
      continue;
    }
    byKey.delete(key);
    if (act.count !== exp.count) problems.push(`group ${key}: count ${act.count}, expected ${exp.count}`);
    for (const [col, sum] of Object.entries(exp.sums)) {
      const got = act.sums[col];
      if (typeof got !== 'string' || !/^-?\d+(\.\d+)?$/.test(got)) problems.push(`group ${key}: sum of ${col} is not an exact decimal string`);
      else if (!decimalEquals(got, sum)) problems.push(`group ${key}: sum of ${col} is ${got}, expected ${sum}`);
    }
  }
  for (const key of byKey.keys()) problems.push(`unexpected group ${key}`);
  return problems;
}

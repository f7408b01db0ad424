/**
 * Aggregates of the source rows the run excluded (filtered or quarantined), per control total and year,
 * so that reconciliation checks `source = target + excluded` exactly. Only counts and exact sums are
 * kept: no row, no key, no value survives here.
 */
import { isInvalidSourceValue, type SourceRow } from '../connector/source-value.js';
import { conditionsHold } from '../connector/control-total-condition.js';
import type { SourceMapping } from './source-mapping.js';
import type { EngineContext } from './engine-context.js';
import type { ExcludedTotals, ExcludedYearTotals } from './mapping-account.js';
import { sourceAmountToRappen, yearOf } from './exact-money.js';

/**
 * Adds one excluded (or, with `mergedEntity`, merged) row to the excluded totals of every control total
 * on this mapping's table (`into`: the batch's, added to the account when the batch commits).
 */
export function accumulateExcluded(_ctx: EngineContext, mapping: SourceMapping, into: ExcludedTotals, row: SourceRow, mergedEntity?: string): void {
  const totals = mapping.controlTotals ?? [];
  totals.forEach((ct, index) => {
    if (ct.source.table !== mapping.source.table) return;
    // A merged row is loaded, but its record of the merged entity is not: it counts as excluded only
    // for control totals over that entity.
    if (mergedEntity !== undefined && ct.entity !== mergedEntity) return;
    // The same row selection and sign as the source computes (`where`, `negateWhen`).
    if (!conditionsHold(ct.source.where, row)) return;
    const negated = ct.source.negateWhen !== undefined && ct.source.negateWhen.length > 0 && conditionsHold(ct.source.negateWhen, row);
    const year = ct.source.yearColumn === undefined ? null : yearOf(row[ct.source.yearColumn]);
    let byYear = into.get(index);
    if (!byYear) into.set(index, (byYear = new Map()));
    const key = year === null ? 'null' : String(year);
    let agg: ExcludedYearTotals | undefined = byYear.get(key);
    if (!agg) byYear.set(key, (agg = { count: 0, sums: new Map(), inexact: 0 }));
    agg.count += 1;
    for (const column of ct.source.sumColumns ?? []) {
      const value = row[column];
      if (value === null || value === undefined) continue;
      const rappen =
        isInvalidSourceValue(value) || (typeof value !== 'string' && typeof value !== 'number') ? null : sourceAmountToRappen(value, ct.sourceUnit ?? 'chf');
      if (rappen === null) agg.inexact += 1;
      else agg.sums.set(column, (agg.sums.get(column) ?? 0n) + (negated ? -rappen : rappen));
    }
  });
}

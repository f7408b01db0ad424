/**
 * Witness 2 of reconciliation: control totals computed inside the source (connector, SQL aggregates)
 * against the same totals over the canonical records in the target, per year. The equation checked is
 * `source = target + excluded`, where `excluded` are the filtered and quarantined rows the run
 * aggregated as it went. Money is compared exactly, in Rappen (BigInt).
 */
import type { ConnectorDriver } from '../connector/connector.js';
import type { SourceMapping } from './source-mapping.js';
import type { EngineContext } from './engine-context.js';
import type { MappingAccount } from './mapping-account.js';
import { sourceSumToRappen } from './exact-money.js';

/** One year of one control total: the three figures and whether they agree. */
export interface ControlTotalResult {
  readonly mapping: string;
  readonly entity: string;
  readonly sourceTable: string;
  readonly year: number | null;
  readonly source: { readonly count: number; readonly sums: Readonly<Record<string, string>> };
  readonly target: { readonly count: number; readonly sums: Readonly<Record<string, string>> };
  /** Filtered and quarantined rows, plus rows whose record of this entity was merged into a survivor. */
  readonly excluded: { readonly count: number; readonly sums: Readonly<Record<string, string>> };
  /** Sums are keyed by canonical field (Rappen). */
  readonly matched: boolean;
  /**
   * False when the excluded figures do not cover the whole run (a resumed run only aggregates the
   * excluded rows it saw itself) or a value could not be converted exactly: a mismatch is then
   * inconclusive rather than proof of loss.
   */
  readonly conclusive: boolean;
}

/** Runs every control total declared by the mappings. Returns the per-year results and skipped ones. */
export async function checkControlTotals(
  ctx: EngineContext,
  driver: ConnectorDriver,
  mappings: readonly SourceMapping[],
  accounts: ReadonlyMap<string, MappingAccount>,
): Promise<{ results: ControlTotalResult[]; skipped: { mapping: string; reason: string }[] }> {
  const results: ControlTotalResult[] = [];
  const skipped: { mapping: string; reason: string }[] = [];
  const computer = ctx.definition.source.createControlTotals?.(driver);
  for (const mapping of mappings) {
    const account = accounts.get(mapping.name);
    for (const [index, ct] of (mapping.controlTotals ?? []).entries()) {
      if (computer === undefined || !ctx.definition.source.adapter.supportsControlTotals) {
        skipped.push({ mapping: mapping.name, reason: 'source-without-control-totals' });
        continue;
      }
      const sums = ct.sums ?? {};
      const unit = ct.sourceUnit ?? 'chf';
      let inexact = false;
      const source = new Map<string, { count: number; sums: Map<string, bigint> }>();
      for (const row of await computer.compute(ct.source)) {
        const key = yearKey(row.group['year'] ?? null);
        const agg = source.get(key) ?? { count: 0, sums: new Map<string, bigint>() };
        agg.count += row.count;
        for (const [column, field] of Object.entries(sums)) {
          const raw = row.sums[column];
          const rappen = raw === undefined ? 0n : sourceSumToRappen(raw, unit);
          if (rappen === null) inexact = true;
          agg.sums.set(field, (agg.sums.get(field) ?? 0n) + (rappen ?? 0n));
        }
        source.set(key, agg);
      }
      const target = new Map<string, { count: number; sums: Map<string, bigint> }>();
      const targetRows = await ctx.target.totals({
        entity: ct.entity,
        sourceSystem: ctx.sourceSystem,
        ...(ct.yearField === undefined ? {} : { yearField: ct.yearField }),
        sumFields: Object.values(sums),
      });
      for (const row of targetRows) {
        const key = yearKey(ct.yearField === undefined ? null : row.year);
        const agg = target.get(key) ?? { count: 0, sums: new Map<string, bigint>() };
        agg.count += row.count;
        for (const field of Object.values(sums)) agg.sums.set(field, (agg.sums.get(field) ?? 0n) + BigInt(row.sums[field] ?? '0'));
        target.set(key, agg);
      }
      const excluded = new Map<string, { count: number; sums: Map<string, bigint> }>();
      for (const [key, agg] of account?.excluded.get(index) ?? []) {
        if (agg.inexact > 0) inexact = true;
        const byField = new Map<string, bigint>();
        for (const [column, field] of Object.entries(sums)) byField.set(field, agg.sums.get(column) ?? 0n);
        excluded.set(key, { count: agg.count, sums: byField });
      }
      let complete = (account?.resumedFromRow ?? 0) === 0 && !inexact;
      // A count-only total (no year, no sums) needs only the number of excluded rows, which the ledger
      // knows for the whole run: a resumed run stays conclusive (unless merges, counted per session).
      const countOnly = ct.source.yearColumn === undefined && Object.keys(sums).length === 0;
      if (!complete && countOnly && account !== undefined && account.resumedFromRow !== Number.MAX_SAFE_INTEGER && ctx.duplicates.policy !== 'merge' && !inexact) {
        const s = account.stats;
        excluded.set('null', { count: s.quarantined + Object.values(s.filtered).reduce((a, b) => a + b, 0), sums: new Map() });
        complete = true;
      }
      const years = [...new Set([...source.keys(), ...target.keys(), ...excluded.keys()])].sort();
      for (const key of years) {
        const s = source.get(key) ?? { count: 0, sums: new Map() };
        const t = target.get(key) ?? { count: 0, sums: new Map() };
        const e = excluded.get(key) ?? { count: 0, sums: new Map() };
        let matched = s.count === t.count + e.count;
        for (const field of Object.values(sums)) {
          if ((s.sums.get(field) ?? 0n) !== (t.sums.get(field) ?? 0n) + (e.sums.get(field) ?? 0n)) matched = false;
        }
        results.push({
          mapping: mapping.name,
          entity: ct.entity,
          sourceTable: ct.source.table,
          year: key === 'null' ? null : Number(key),
          source: figures(s),
          target: figures(t),
          excluded: figures(e),
          matched,
          conclusive: complete,
        });
      }
    }
  }
  return { results, skipped };
}

function yearKey(year: string | number | null): string {
  return year === null ? 'null' : String(Number(year));
}

function figures(agg: { count: number; sums: Map<string, bigint> }): { count: number; sums: Record<string, string> } {
  return { count: agg.count, sums: Object.fromEntries([...agg.sums].map(([k, v]) => [k, v.toString()])) };
}

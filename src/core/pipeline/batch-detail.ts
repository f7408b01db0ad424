/**
 * The report detail of one committed batch as the ledger keeps it (`LoadBatch.detail`): per-code,
 * per-stage and per-warning counts, loaded-with-warning and duplicate counts, the excluded rows'
 * control-total aggregates and the code-list coverage. A resumed run reads every earlier batch's detail
 * back, so each section of its report counts all sessions, exactly as an uninterrupted run would.
 * Counts, codes and known code values only (unknown code values are pseudonymised in the report).
 */
import type { BatchDetailEntry } from './canonical-target.js';
import type { CodeListCoverage } from '../report/code-list-coverage.js';
import { MappingAccount, addExcluded, type ExcludedTotals } from './mapping-account.js';
import type { DuplicateDetector, DuplicateGroupSnapshot } from './duplicate-detector.js';

/** The counters of one batch that the detail carries. */
export interface BatchDetailCounts {
  readonly quarantinedByCode: ReadonlyMap<string, number>;
  readonly quarantinedByStage: ReadonlyMap<string, number>;
  readonly warningsByCode: ReadonlyMap<string, number>;
  readonly excluded: ExcludedTotals;
  readonly warnings: number;
  readonly duplicates: number;
  readonly coverage: readonly CodeListCoverage[];
  /** Duplicate groups the batch found or changed. */
  readonly groups: readonly DuplicateGroupSnapshot[];
}

/** JSON shape (version 1). Sums are decimal strings: bigint has no JSON form. */
interface DetailJson {
  readonly v: 1;
  readonly q: Record<string, number>;
  readonly s: Record<string, number>;
  readonly w: Record<string, number>;
  readonly x: [number, string, number, number, Record<string, string>][];
  readonly lw: number;
  readonly d: number;
  readonly c: readonly CodeListCoverage[];
  readonly g: readonly DuplicateGroupSnapshot[];
}

/** Serialises a batch's detail for `LoadBatch.detail`. */
export function batchDetailText(counts: BatchDetailCounts): string {
  const x: DetailJson['x'] = [];
  for (const [index, byYear] of counts.excluded) {
    for (const [year, agg] of byYear) x.push([index, year, agg.count, agg.inexact, Object.fromEntries([...agg.sums].map(([k, v]) => [k, v.toString()]))]);
  }
  const json: DetailJson = {
    v: 1,
    q: Object.fromEntries(counts.quarantinedByCode),
    s: Object.fromEntries(counts.quarantinedByStage),
    w: Object.fromEntries(counts.warningsByCode),
    x,
    lw: counts.warnings,
    d: counts.duplicates,
    c: counts.coverage,
    g: counts.groups,
  };
  return JSON.stringify(json);
}

/** Adds one committed batch's detail (from this session or read back from the ledger) to its mapping's account. */
export function addBatchCounts(account: MappingAccount, counts: BatchDetailCounts, records: BatchDetailEntry['records']): void {
  for (const [code, n] of counts.quarantinedByCode) MappingAccount.bump(account.quarantinedByCode, code, n);
  for (const [stage, n] of counts.quarantinedByStage) MappingAccount.bump(account.quarantinedByStage, stage, n);
  for (const [code, n] of counts.warningsByCode) MappingAccount.bump(account.warningsByCode, code, n);
  addExcluded(account.excluded, counts.excluded);
  account.addCoverage(counts.coverage);
  account.warnings += counts.warnings;
  account.duplicates += counts.duplicates;
  account.batches += 1;
  for (const [entity, c] of Object.entries(records)) {
    const acc = account.recordsByEntity.get(entity) ?? { inserted: 0, updated: 0, unchanged: 0 };
    acc.inserted += c.inserted;
    acc.updated += c.updated;
    acc.unchanged += c.unchanged;
    account.recordsByEntity.set(entity, acc);
  }
}

/** Reads a stored batch detail back; null for text of an unknown version (then the detail stays per session). */
export function parseBatchDetail(text: string): BatchDetailCounts | null {
  let json: DetailJson;
  try {
    json = JSON.parse(text) as DetailJson;
  } catch {
    return null;
  }
  if (json.v !== 1) return null;
  const excluded: ExcludedTotals = new Map();
  for (const [index, year, count, inexact, sums] of json.x) {
    let byYear = excluded.get(index);
    if (byYear === undefined) excluded.set(index, (byYear = new Map()));
    byYear.set(year, { count, inexact, sums: new Map(Object.entries(sums).map(([k, v]) => [k, BigInt(v)])) });
  }
  return {
    quarantinedByCode: new Map(Object.entries(json.q)),
    quarantinedByStage: new Map(Object.entries(json.s)),
    warningsByCode: new Map(Object.entries(json.w)),
    excluded,
    warnings: json.lw,
    duplicates: json.d,
    coverage: json.c,
    groups: json.g,
  };
}

/**
 * Seeds the accounts of a resumed run with the detail of every batch the ledger holds for it. Returns
 * false (and changes nothing) when some batch's detail cannot be read: the detail then stays per session.
 */
export function seedAccountsFromLedger(
  accounts: ReadonlyMap<string, MappingAccount>,
  duplicates: DuplicateDetector,
  entries: readonly BatchDetailEntry[],
): boolean {
  const parsed = entries.map((e) => ({ entry: e, counts: parseBatchDetail(e.detail) }));
  if (parsed.some((p) => p.counts === null)) return false;
  for (const { entry, counts } of parsed) {
    const account = accounts.get(entry.mapping);
    if (account !== undefined) addBatchCounts(account, counts!, entry.records);
    duplicates.seed(counts!.groups);
  }
  for (const account of accounts.values()) account.detailFromLedger = true;
  return true;
}

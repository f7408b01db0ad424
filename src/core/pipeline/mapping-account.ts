/**
 * Conservation accounting of one mapping. Every source row lands in exactly one bucket: loaded
 * (inserted, updated or unchanged), filtered by a named rule, or quarantined. The cumulative counters
 * are the ledger's (StatsDelta per committed batch), so a resumed run accounts for the whole run; the
 * detail counters (issue codes, warnings, per-entity records, excluded totals, coverage) are added batch
 * by batch as batches commit, and a resumed run reads the earlier sessions' from the ledger's batch detail.
 */
import type { StatsDelta } from './canonical-target.js';
import { mergeCodeListCoverage, type CodeListCoverage } from '../report/code-list-coverage.js';

/** An empty StatsDelta. */
export function emptyStats(): StatsDelta {
  return { extracted: 0, filtered: {}, quarantined: 0, loaded: 0, inserted: 0, updated: 0, unchanged: 0 };
}

/** Sum of two StatsDelta values. */
export function addStats(a: StatsDelta, b: StatsDelta): StatsDelta {
  const filtered: Record<string, number> = { ...a.filtered };
  for (const [rule, n] of Object.entries(b.filtered)) filtered[rule] = (filtered[rule] ?? 0) + n;
  return {
    extracted: a.extracted + b.extracted,
    filtered,
    quarantined: a.quarantined + b.quarantined,
    loaded: a.loaded + b.loaded,
    inserted: a.inserted + b.inserted,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
  };
}

/** Total of the filtered counters. */
export function filteredTotal(stats: StatsDelta): number {
  return Object.values(stats.filtered).reduce((s, n) => s + n, 0);
}

/** Result of the conservation check of one mapping. */
export interface ConservationCheck {
  readonly mapping: string;
  readonly extracted: number;
  readonly loaded: number;
  readonly filtered: number;
  readonly quarantined: number;
  /** extracted − (loaded + filtered + quarantined); 0 when balanced. */
  readonly difference: number;
  readonly balanced: boolean;
}

/**
 * Checks `extracted = loaded + filtered + quarantined` (source rows). `inserted`/`updated`/`unchanged`
 * count records (a row may yield several) and are not part of the equation.
 */
export function checkConservation(mapping: string, stats: StatsDelta): ConservationCheck {
  const filtered = filteredTotal(stats);
  const difference = stats.extracted - (stats.loaded + filtered + stats.quarantined);
  return {
    mapping,
    extracted: stats.extracted,
    loaded: stats.loaded,
    filtered,
    quarantined: stats.quarantined,
    difference,
    balanced: difference === 0,
  };
}

/** Per-year aggregate of excluded (filtered or quarantined) source rows, for control totals. */
export interface ExcludedYearTotals {
  count: number;
  /** Source sum column → exact sum in Rappen. */
  sums: Map<string, bigint>;
  /** Source values that could not be converted exactly. */
  inexact: number;
}

/** Excluded totals keyed by control-total index, then year (`null` → 'null'). */
export type ExcludedTotals = Map<number, Map<string, ExcludedYearTotals>>;

/** Adds excluded totals `from` into `into`. */
export function addExcluded(into: ExcludedTotals, from: ExcludedTotals): void {
  for (const [index, byYear] of from) {
    let target = into.get(index);
    if (target === undefined) into.set(index, (target = new Map()));
    for (const [year, agg] of byYear) {
      let acc = target.get(year);
      if (acc === undefined) target.set(year, (acc = { count: 0, sums: new Map(), inexact: 0 }));
      acc.count += agg.count;
      acc.inexact += agg.inexact;
      for (const [column, sum] of agg.sums) acc.sums.set(column, (acc.sums.get(column) ?? 0n) + sum);
    }
  }
}

/** Mutable per-mapping accounting state held by the engine during a run. */
export class MappingAccount {
  /** Cumulative counters of the whole run (ledger state + committed batches of this process). */
  stats: StatsDelta;
  /** Quarantined rows per issue code (a row with two codes counts under both). */
  readonly quarantinedByCode = new Map<string, number>();
  /** Rows quarantined per stage that found the first error. */
  readonly quarantinedByStage = new Map<string, number>();
  /** Rows loaded with at least one warning. */
  warnings = 0;
  /** Warning issues per code. */
  readonly warningsByCode = new Map<string, number>();
  /** Records per canonical entity and outcome. */
  readonly recordsByEntity = new Map<string, { inserted: number; updated: number; unchanged: number }>();
  /** Excluded totals keyed by control-total index, then year (`null` → 'null'). */
  readonly excluded: ExcludedTotals = new Map();
  /** Code-list coverage of the committed batches (merged per list). */
  coverage: readonly CodeListCoverage[] = [];
  /**
   * The detail counters (codes, stages, warnings, records, excluded totals, coverage) cover every
   * session: an earlier session's batches were read back from the ledger's batch detail.
   */
  detailFromLedger = false;
  /** Records found to duplicate an earlier record (flagged or merged). */
  duplicates = 0;
  /** Rows this process read (not counting earlier sessions). */
  sessionExtracted = 0;
  /** Batches committed by this process. */
  batches = 0;
  /** Milliseconds spent per stage by this process. */
  readonly durations = { extract: 0, map: 0, validate: 0, load: 0 };
  /** The reader position the run resumed from (rows already accounted for by the ledger). */
  resumedFromRow = 0;
  /** How far the mapping got in this run (over all sessions): read to its end, stopped part-way, or never started. */
  completion: 'complete' | 'interrupted' | 'not_run' = 'not_run';

  constructor(
    readonly mapping: string,
    readonly entity: string,
    initial: StatsDelta,
  ) {
    this.stats = initial;
  }

  /** Adds a batch's code-list coverage. */
  addCoverage(list: readonly CodeListCoverage[]): void {
    if (list.length > 0) this.coverage = mergeCodeListCoverage([...this.coverage, ...list]);
  }

  /** Adds one to a counter map. */
  static bump(map: Map<string, number>, key: string, by = 1): void {
    map.set(key, (map.get(key) ?? 0) + by);
  }
}

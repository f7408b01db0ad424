/**
 * The `statisticsReadiness` section of the run report: after the load, the share of statistical
 * dossiers (BFS SHS) that would pass the plausibility checks, per commune, the issues per canonical
 * entity and the fields most often missing, so a commune fixes its data before go-live. Counts, codes,
 * field names and commune numbers only. Produced by `casebridge/stats` (`statisticsReadinessHook`), which
 * the engine calls before the run is finished (so a dry run is judged on the data it would write).
 */
import type { CanonicalTarget } from '../pipeline/canonical-target.js';

/** Dossiers and how many of them pass. */
export interface ReadinessShare {
  readonly dossiers: number;
  readonly passing: number;
  /** `passing / dossiers` in percent with one decimal (`"100.0"` when there are no dossiers). */
  readonly passingPercent: string;
}

/** The statistics readiness of a store. */
export interface StatisticsReadinessSection extends ReadinessShare {
  /** The month the dossiers were derived as of (`YYYY-MM`). */
  readonly referenceMonth: string;
  /** Cases of the SHS domains read. */
  readonly cases: number;
  readonly byCommune: readonly (ReadinessShare & { readonly municipalityBfsNumber: number })[];
  /** Per canonical entity the issues point at: issues, and dossiers with at least one of them. */
  readonly byEntity: readonly { readonly entity: string; readonly issues: number; readonly dossiers: number }[];
  /** Dossiers per issue code (a dossier counts once per code). */
  readonly byCode: Readonly<Record<string, number>>;
  /** The most often missing fields (entity and field), most frequent first. */
  readonly missingFields: readonly { readonly entity: string; readonly field: string; readonly dossiers: number }[];
}

/** What the engine tells the readiness step about the run. */
export interface ReadinessRunInfo {
  readonly target: CanonicalTarget;
  readonly runId: string;
  readonly sourceSystem: string;
  readonly dryRun: boolean;
}

/** Computes the section from the target after the load (see `statisticsReadinessHook` in `casebridge/stats`). */
export type StatisticsReadinessHook = (run: ReadinessRunInfo) => Promise<StatisticsReadinessSection>;

/**
 * The run report: a versioned JSON document for machines and CI. Stable names (never renamed within a
 * report version): `reportVersion`, `status`, `dryRun`, `entities[]` with `name`, `extracted`, `loaded`,
 * `filtered`, `quarantined`, `balanced`, and `reconciliation.status`. Holds codes, counts, canonical ids
 * and pseudonymous record references only: no personal data.
 */
import type { ConservationCheck, MappingAccount } from '../pipeline/mapping-account.js';
import { filteredTotal } from '../pipeline/mapping-account.js';
import type { ControlTotalResult } from '../pipeline/control-totals-check.js';
import type { HashCheckResult } from '../pipeline/hash-check.js';
import type { DuplicateGroup } from '../pipeline/duplicate-detector.js';
import type { DuplicatePolicy } from '../pipeline/migration-definition.js';
import type { RunStatus, ThresholdResult } from '../pipeline/thresholds.js';
import type { CodeListCoverage } from './code-list-coverage.js';
import type { DocumentsReport } from '../documents/documents-report.js';
import type { StatisticsReadinessSection } from './statistics-readiness-section.js';
import type { CaseChecksSection } from './case-checks-section.js';
import type { DeliverySection } from '../pipeline/deliveries.js';
import type { DeltaSection } from '../pipeline/delta-reads.js';
import type { ChangeListSection } from '../pipeline/change-list.js';

/** Version of the report format; bumped only on incompatible changes. */
export const RUN_REPORT_VERSION = '1';

/** Accounting of one mapping, reported under its canonical entity. */
export interface EntityReport {
  /** Canonical entity the mapping reports under. */
  readonly name: string;
  readonly mapping: string;
  readonly mappingVersion: string;
  /** Source rows read. */
  readonly extracted: number;
  /** Source rows loaded (all their records written or found unchanged). */
  readonly loaded: number;
  /** Records (of every entity the mapping yields) by outcome. */
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly filtered: number;
  readonly filteredByRule: Readonly<Record<string, number>>;
  readonly quarantined: number;
  /** Quarantined rows per issue code (a row with two codes counts under both). */
  readonly quarantinedByCode: Readonly<Record<string, number>>;
  /** Quarantined rows per stage that rejected them (`map`, `validate`, `reference`). */
  readonly quarantinedByStage: Readonly<Record<string, number>>;
  /** Rows loaded with at least one warning. */
  readonly warnings: number;
  readonly warningsByCode: Readonly<Record<string, number>>;
  /** Records found to duplicate an earlier record. */
  readonly duplicates: number;
  readonly batches: number;
  /**
   * How far the mapping got over all sessions: `complete` (read to the end), `interrupted` (stopped
   * part-way by an error or a cancel) or `not_run` (never started). Absent in earlier reports: complete.
   */
  readonly completion?: 'complete' | 'interrupted' | 'not_run';
  /** `extracted = loaded + filtered + quarantined`. */
  readonly balanced: boolean;
  /**
   * `run`: every figure covers the whole run (after a resume too, when the target keeps batch detail).
   * `session`: the run was resumed on a target without batch detail; the equation figures come from the
   * ledger and cover the whole run, the per-code/per-stage details cover this session.
   */
  readonly detailScope: 'run' | 'session';
}

/** One session (process) of the run, as the ledger recorded it. */
export interface ReportSession {
  readonly session: number;
  readonly startedAt: string;
  /** Null when the session never ended (see `outcome`). */
  readonly endedAt: string | null;
  /** `killed-or-unknown`: a later session found it never ended (killed, crashed, power lost). */
  readonly outcome: 'finished' | 'failed' | 'cancelled' | 'killed-or-unknown' | null;
}

/** One stage after the load, with how it ended and the session that ran it. */
export interface ReportStage {
  readonly stage: string;
  /** `finished`; `stopped` (ran, but cancelled or failed: runs again on resume); `not_run` (switched off or the run stopped before it). */
  readonly state: 'finished' | 'stopped' | 'not_run';
  readonly session: number | null;
}

/** One witness of reconciliation. */
export type ReconciliationWitness = 'conservation' | 'control-totals' | 'hashes';

/** The three witnesses of reconciliation. */
export interface ReconciliationReport {
  /**
   * `passed` when all three witnesses were compared and every conclusive one agrees; `failed` when one
   * disagrees; `skipped` when reconciliation was switched off; `not_run` when only the conservation
   * equation could be compared (a run stopped before its end).
   */
  readonly status: 'passed' | 'failed' | 'skipped' | 'not_run';
  /** The witnesses actually compared (absent in reports written before it existed). */
  readonly compared?: readonly ReconciliationWitness[];
  /** Why the source-side witnesses were not compared, when `status` is `not_run` (`dry-run` only in earlier reports). */
  readonly notRunBecause?: 'dry-run' | 'cancelled' | 'failed';
  readonly conservation: readonly ConservationCheck[];
  readonly controlTotals: readonly ControlTotalResult[];
  /** Totals not computed; `source-value-malformed` carries the table, column and row key of the bad value in `details`. */
  readonly controlTotalsSkipped: readonly { readonly mapping: string; readonly reason: string; readonly details?: Readonly<Record<string, unknown>> }[];
  readonly hashes: {
    readonly checked: number;
    readonly mismatchedCount: number;
    readonly missingCount: number;
    readonly mismatched: HashCheckResult['mismatched'];
    readonly missing: HashCheckResult['missing'];
  } | null;
}

/** An error surfaced in the report (code and safe details only). */
export interface ReportedError {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The run report document. */
export interface RunReport {
  readonly reportVersion: typeof RUN_REPORT_VERSION;
  readonly runId: string;
  readonly migration: string;
  readonly sourceSystem: string;
  readonly target: { readonly kind: string };
  readonly dryRun: boolean;
  /** True when this run continued an interrupted one. */
  readonly resumed: boolean;
  readonly status: RunStatus;
  /** True when some mapping's conservation equation does not hold (the run then fails). */
  readonly unbalanced: boolean;
  /** Why the run is not `passed`: `unbalanced`, `threshold`, `reconciliation`, `error`, `cancelled`, `threshold-warning`, `reconciliation-inconclusive`. */
  readonly reasons: readonly string[];
  readonly exitCode: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Milliseconds per stage (summed over mappings; stages overlap when reading ahead). */
  readonly durationsMs: Readonly<Record<'extract' | 'map' | 'validate' | 'load' | 'reconcile' | 'total', number>>;
  readonly entities: readonly EntityReport[];
  /** Records produced per canonical entity, by outcome (this session's commits). */
  readonly records: Readonly<Record<string, { inserted: number; updated: number; unchanged: number }>>;
  readonly quarantine: { readonly total: number; readonly byCode: Readonly<Record<string, number>> };
  readonly duplicates: {
    readonly policy: DuplicatePolicy;
    readonly groupCount: number;
    /** At most the report list limit; `groupCount` is exact. */
    readonly groups: readonly DuplicateGroup[];
  };
  readonly thresholds: readonly ThresholdResult[];
  readonly reconciliation: ReconciliationReport;
  /** Dry run only: what a real run would change, per canonical entity. */
  readonly changes: Readonly<Record<string, { insert: number; update: number; unchanged: number }>> | null;
  readonly errors: readonly ReportedError[];
  /** Every session of the run, oldest first (absent for targets without a session ledger and in earlier reports). */
  readonly sessions?: readonly ReportSession[];
  /** The stages after the load, in run order (absent in earlier reports). */
  readonly stages?: readonly ReportStage[];
  /**
   * Code-list coverage per map (source codes mapped / unmapped / unapproved / defaulted, by frequency).
   * The engine sets it when a mapping counts its lookups (the compiled declarative mappings do); it
   * covers the rows this session mapped, so after a resume earlier sessions' rows are not in it.
   */
  readonly codeListCoverage?: readonly CodeListCoverage[];
  /** Document transfer and its byte-for-byte reconciliation, when the run moved documents (`withDocumentsReport`). */
  readonly documents?: DocumentsReport;
  /** Share of SHS dossiers that would pass the plausibility checks after the load (`MigrationOptions.statisticsReadiness`). */
  readonly statisticsReadiness?: StatisticsReadinessSection;
  /** Repeated deliveries: live rows per entity before and after, and the tombstones written (see docs/deliveries.md). */
  readonly delivery?: DeliverySection;
  /** Delta extraction: per mapping whether it read a full snapshot or a delta, and its high-water marks (docs/deliveries.md). */
  readonly delta?: DeltaSection;
  /** Dry run only: record by record what a real run would insert, update (field names) or delete. */
  readonly changeList?: ChangeListSection;
  /** Case-level (cross-record) rules over the loaded cases: flags on loaded records (`MigrationOptions.caseChecks`). */
  readonly caseChecks?: CaseChecksSection;
}

/** Builds the per-mapping entity report from its account. */
export function entityReport(account: MappingAccount, mappingVersion: string, conservation: ConservationCheck): EntityReport {
  const s = account.stats;
  return {
    name: account.entity,
    mapping: account.mapping,
    mappingVersion,
    extracted: s.extracted,
    loaded: s.loaded,
    inserted: s.inserted,
    updated: s.updated,
    unchanged: s.unchanged,
    filtered: filteredTotal(s),
    filteredByRule: { ...s.filtered },
    quarantined: s.quarantined,
    quarantinedByCode: sortedObject(account.quarantinedByCode),
    quarantinedByStage: sortedObject(account.quarantinedByStage),
    warnings: account.warnings,
    warningsByCode: sortedObject(account.warningsByCode),
    duplicates: account.duplicates,
    batches: account.batches,
    completion: account.completion,
    balanced: conservation.balanced,
    detailScope: account.resumedFromRow > 0 && !account.detailFromLedger ? 'session' : 'run',
  };
}

/** Quarantine totals over all entities. */
export function quarantineSummary(entities: readonly EntityReport[]): RunReport['quarantine'] {
  const byCode = new Map<string, number>();
  for (const e of entities) for (const [code, n] of Object.entries(e.quarantinedByCode)) byCode.set(code, (byCode.get(code) ?? 0) + n);
  return { total: entities.reduce((t, e) => t + e.quarantined, 0), byCode: sortedObject(byCode) };
}

/** Records per canonical entity over all mappings. */
export function recordsByEntity(accounts: Iterable<MappingAccount>): Record<string, { inserted: number; updated: number; unchanged: number }> {
  const out: Record<string, { inserted: number; updated: number; unchanged: number }> = {};
  for (const account of accounts) {
    for (const [entity, c] of account.recordsByEntity) {
      const acc = (out[entity] ??= { inserted: 0, updated: 0, unchanged: 0 });
      acc.inserted += c.inserted;
      acc.updated += c.updated;
      acc.unchanged += c.unchanged;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function sortedObject(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
}

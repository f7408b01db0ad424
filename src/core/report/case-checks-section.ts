/**
 * The `caseChecks` section of the run report: the case-level (cross-record) rules run over every case
 * the run's source system loaded, after the load. Their issues are flags on loaded records, never
 * quarantine: the records stay, the report says what to look at. Codes, counts and pseudonymous
 * references (canonical ids) only. Error-severity findings count toward the thresholds (`case-errors`,
 * `case:<code>`): without a threshold that allows them they fail the run.
 */
import type { IssueSeverity } from '../model/validation-issue.js';

/** One flagged record: the case it belongs to, the record the issue points at and the issue code. */
export interface CaseCheckFlag {
  /** Canonical id of the case (pseudonymous). */
  readonly caseRef: string;
  /** Entity of the record the issue points at. */
  readonly entity: string;
  /** Canonical id of that record, when the rule names one. */
  readonly recordRef: string | null;
  readonly code: string;
  readonly severity: IssueSeverity;
}

/** Results of the case-level rules of a run. */
export interface CaseChecksSection {
  /** Cases read and judged. */
  readonly cases: number;
  /** Cases with at least one issue. */
  readonly casesFlagged: number;
  /** Issues in total (exact, even when the list is cut). */
  readonly issues: number;
  /** Issues per code. */
  readonly byCode: Readonly<Record<string, number>>;
  /** Issues per severity (`error`, `warning`, `info`). */
  readonly bySeverity: Readonly<Record<string, number>>;
  /** Error-severity issues per code: these count toward the thresholds and fail the run unless allowed. */
  readonly errorsByCode?: Readonly<Record<string, number>>;
  /** The issues in case-id order, at most the report list limit per code (a rare code is never hidden by a frequent one). */
  readonly flags: readonly CaseCheckFlag[];
  /** True when `flags` was cut at the list limit for some code. */
  readonly truncated: boolean;
}

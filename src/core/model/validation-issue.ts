/**
 * The one shape of a per-record problem. Validators (JSON Schema, Swiss rules, code lists), mappings and
 * the pipeline return issues as data, never as exceptions, so that a row can be quarantined or loaded
 * with warnings and counted in reports. Messages and details never carry personal values.
 */

/** How grave an issue is: `error` quarantines the record, `warning` loads it with the issue recorded. */
export type IssueSeverity = 'error' | 'warning' | 'info';

/** One problem found in one record (or one source row). */
export interface ValidationIssue {
  /** Stable, dotted issue code, e.g. `schema.required`, `swiss.ahvn13.check_digit`. */
  readonly code: string;
  /** How grave it is. */
  readonly severity: IssueSeverity;
  /** Canonical entity name (e.g. `person`), or the source table for mapping issues. */
  readonly entity: string;
  /** JSON Pointer of the offending field within the record (`/dateOfBirth`), `` for the record itself. */
  readonly path: string;
  /** Human-readable text without any personal value from the record. */
  readonly message: string;
  /** Pseudonymous reference of the record or source row. */
  readonly recordRef?: string;
  /** Machine-readable context (limits, expected types, code-list ids), never personal values. */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** True when any issue has severity `error` (the record must be quarantined). */
export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

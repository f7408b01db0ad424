/** The shape of a record-level rule and the context it runs in. */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import type { CanonicalRecordData } from '../../core/model/case-rule.js';

export type { CanonicalRecordData } from '../../core/model/case-rule.js';

/** Where and when a record is checked. */
export interface RuleContext {
  /** Canonical entity name of the record. */
  readonly entity: string;
  /** Pseudonymous reference of the record, copied onto its issues. */
  readonly recordRef?: string;
  /** The date the record is judged at (YYYY-MM-DD), e.g. the migration cut-off; default: today (UTC). */
  readonly referenceDate?: string;
}

/** A record-level rule: returns issues as data, never throws for bad data. */
export type RecordRule = (record: CanonicalRecordData, context: RuleContext) => ValidationIssue[];

/** The reference date of a context: given, or today's date in UTC. */
export function referenceDateOf(context: RuleContext): string {
  return context.referenceDate ?? new Date().toISOString().slice(0, 10);
}

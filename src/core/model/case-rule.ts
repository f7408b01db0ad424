/**
 * The contract of the cross-record (case-level) rules: a case bundle in, issues out. Core owns it because
 * the engine runs the rules after the load; the rules themselves (`validators/case`) are handed to the
 * engine, which imports none of them.
 */
import type { ValidationIssue } from './validation-issue.js';

/** A canonical record as plain data. */
export type CanonicalRecordData = Readonly<Record<string, unknown>>;

/** One case with its related records. */
export interface CaseBundle {
  /** The `case` record. */
  readonly case: CanonicalRecordData;
  /** `person` records of the case's people. */
  readonly persons?: readonly CanonicalRecordData[];
  /** `supportUnit` records of the case. */
  readonly supportUnits?: readonly CanonicalRecordData[];
  /** `supportUnitMember` records of those support units. */
  readonly supportUnitMembers?: readonly CanonicalRecordData[];
  /** `booking` records of the case. */
  readonly bookings?: readonly CanonicalRecordData[];
  /** `budget` records of the case. */
  readonly budgets?: readonly CanonicalRecordData[];
  /** The `caseContainer` (dossier) the case belongs to; absent or null when it names none. */
  readonly container?: CanonicalRecordData | null;
  /** `personRelation` records of the case's persons (their spouses, parents, deputies). */
  readonly personRelations?: readonly CanonicalRecordData[];
}

/** When the bundle is judged. */
export interface CaseRuleContext {
  /** Reference date (YYYY-MM-DD), e.g. the migration cut-off; default today (UTC). */
  readonly referenceDate?: string;
}

/** A cross-record rule. */
export type CaseRule = (bundle: CaseBundle, context: CaseRuleContext) => ValidationIssue[];

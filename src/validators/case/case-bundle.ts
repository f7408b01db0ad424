/**
 * Cross-record rules work on a case bundle: one case with the records that belong to it. The bundle is
 * plain canonical data (as the mapping produces it); the rules return issues as data, pointing at the
 * record by entity, path and pseudonymous record reference (the record id).
 */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import type { CanonicalRecordData } from '../rules/rule-types.js';

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

/** The record id as pseudonymous reference (ids are deterministic UUIDs, never personal values). */
export function refOf(record: CanonicalRecordData): string | undefined {
  return typeof record['id'] === 'string' ? record['id'] : undefined;
}

/** A string field, or undefined. */
export function str(record: CanonicalRecordData, field: string): string | undefined {
  const value = record[field];
  return typeof value === 'string' ? value : undefined;
}

/** Months from `YYYY-MM` a to `YYYY-MM` b (b − a). */
export function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)));
}

/** Domains whose cases are social-assistance dossiers of the SHS. */
export const SHS_DOMAINS: ReadonlySet<string> = new Set(['WSH', 'ALBV']);

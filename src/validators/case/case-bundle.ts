/**
 * Cross-record rules work on a case bundle: one case with the records that belong to it. The bundle is
 * plain canonical data (as the mapping produces it); the rules return issues as data, pointing at the
 * record by entity, path and pseudonymous record reference (the record id).
 */
import type { CanonicalRecordData } from '../rules/rule-types.js';

export type { CaseBundle, CaseRule, CaseRuleContext } from '../../core/model/case-rule.js';

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

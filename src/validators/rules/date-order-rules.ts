/**
 * Date logic within one record: an end never lies before its start (closedOn ≥ openedOn, validTo ≥
 * validFrom, dateOfDeath ≥ dateOfBirth, …) and a person's dated facts never lie before the birth.
 * Partially known dates (eCH dateOfBirth `YYYY` / `YYYY-MM`) are compared by their widest possible span,
 * so only certain contradictions are reported.
 */
import type { EntityDefinition } from '../../core/model/model-registry.js';
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { makeIssue } from '../issue.js';
import type { RecordRule } from './rule-types.js';

/** Pairs [earlier, later] that must be in order whenever both are present. */
export const DATE_ORDER_PAIRS: readonly (readonly [string, string])[] = [
  ['openedOn', 'closedOn'],
  ['validFrom', 'validTo'],
  ['startedOn', 'endedOn'],
  ['periodFrom', 'periodTo'],
  ['decidedOn', 'endedOn'],
  ['issuedOn', 'legalForceOn'],
  ['dateOfBirth', 'dateOfDeath'],
  ['dateOfBirth', 'maritalStatusSince'],
  ['dateOfBirth', 'inSwitzerlandSince'],
  ['dateOfBirth', 'arrivalInCantonOn'],
  ['dateOfBirth', 'arrivalInMunicipalityOn'],
];

/** Earliest day a (partial) date can mean: `1980` → `1980-01-01`, `1980-05` → `1980-05-01`. */
export function earliestDay(value: string): string {
  if (value.length === 4) return `${value}-01-01`;
  if (value.length === 7) return `${value}-01`;
  return value;
}

/** Latest day a (partial) date can mean: `1980` → `1980-12-31`, `1980-05` → `1980-05-31` (lexically enough). */
export function latestDay(value: string): string {
  if (value.length === 4) return `${value}-12-31`;
  if (value.length === 7) return `${value}-31`;
  return value;
}

const DATE_LIKE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Builds the date-order rule of an entity; undefined when none of the pairs applies. */
export function dateOrderRule(entity: EntityDefinition): RecordRule | undefined {
  const names = new Set(entity.properties.map((p) => p.name));
  const pairs = DATE_ORDER_PAIRS.filter(([from, to]) => names.has(from) && names.has(to));
  if (pairs.length === 0) return undefined;
  return (record, context) => {
    const issues: ValidationIssue[] = [];
    for (const [from, to] of pairs) {
      const start = record[from];
      const end = record[to];
      if (typeof start !== 'string' || typeof end !== 'string' || !DATE_LIKE.test(start) || !DATE_LIKE.test(end)) continue;
      // Certainly out of order only when the latest possible end lies before the earliest possible start.
      if (latestDay(end) < earliestDay(start)) {
        issues.push(makeIssue('date.order', 'error', `/${to}`, `/${to} lies before /${from}.`, context, { earlier: from, later: to }));
      }
    }
    return issues;
  };
}

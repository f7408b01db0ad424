/**
 * Plausible ages: a birth date not after the reference date, a death not after it, and an age of at most
 * 120 years at the reference date (or at death). Applies to entities with a `dateOfBirth`.
 */
import type { EntityDefinition } from '../../core/model/model-registry.js';
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { makeIssue } from '../issue.js';
import { earliestDay, latestDay } from './date-order-rules.js';
import { referenceDateOf, type RecordRule } from './rule-types.js';

/** Highest plausible age in years. */
export const MAX_AGE_YEARS = 120;

/** Full years between two dates (YYYY-MM-DD; a day bound such as `-31` of a short month compares correctly). */
export function fullYearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

/** Builds the age rule of an entity; undefined when it has no dateOfBirth. */
export function ageRule(entity: EntityDefinition): RecordRule | undefined {
  if (!entity.properties.some((p) => p.name === 'dateOfBirth')) return undefined;
  const hasDeath = entity.properties.some((p) => p.name === 'dateOfDeath');
  return (record, context) => {
    const issues: ValidationIssue[] = [];
    const birth = record['dateOfBirth'];
    if (typeof birth !== 'string' || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birth)) return issues;
    const reference = referenceDateOf(context);
    if (earliestDay(birth) > reference) {
      issues.push(makeIssue('person.birth_in_future', 'error', '/dateOfBirth', '/dateOfBirth lies after the reference date.', context));
      return issues;
    }
    const death = hasDeath ? record['dateOfDeath'] : undefined;
    if (typeof death === 'string' && death > reference) {
      issues.push(makeIssue('person.death_in_future', 'error', '/dateOfDeath', '/dateOfDeath lies after the reference date.', context));
    }
    const until = typeof death === 'string' && death <= reference ? death : reference;
    // The youngest age the (partial) birth date allows must exceed the limit before we report it.
    if (fullYearsBetween(latestDay(birth), until) > MAX_AGE_YEARS) {
      issues.push(
        makeIssue(
          'person.age_implausible',
          'warning',
          '/dateOfBirth',
          `The age derived from /dateOfBirth exceeds ${MAX_AGE_YEARS} years at the reference date.`,
          context,
          {
            maxAgeYears: MAX_AGE_YEARS,
          },
        ),
      );
    }
    return issues;
  };
}

/**
 * One call that checks a canonical record completely: the entity's JSON Schema first, then the Swiss
 * domain rules (code lists, AHVN13, IBAN, BFS numbers, date order, plausible ages).
 */
import { validateAgainstSchema } from '../core/model/schema-validator.js';
import { hasErrors, type ValidationIssue } from '../core/model/validation-issue.js';
import { validateRecordRules } from './rule-registry.js';
import type { RuleContext } from './rules/rule-types.js';

/** The verdict on one record: `ok` is false when any issue is an error. */
export interface RecordValidationResult {
  readonly ok: boolean;
  readonly issues: readonly ValidationIssue[];
}

/** The engine's answer for a record without issues: one shared, frozen empty list (no allocation per record). */
const NO_ISSUES: readonly ValidationIssue[] = Object.freeze([]);

/**
 * Validates one record of a model entity against its schema and the default rule registry. Rules run
 * only on records whose shape is valid, so that a rule never guesses at a value of the wrong type.
 */
export function validateRecord(entity: string, record: unknown, context?: Omit<RuleContext, 'entity'>): RecordValidationResult {
  const issues = recordIssues(entity, record, context);
  return { ok: !hasErrors(issues), issues: issues === NO_ISSUES ? [] : issues };
}

/**
 * The issues {@link validateRecord} finds, as a list that is shared and frozen when there are none: the
 * per-record path of a migration (the engine only reads the list).
 */
export function recordIssues(entity: string, record: unknown, context?: Omit<RuleContext, 'entity'>): readonly ValidationIssue[] {
  const schemaIssues = validateAgainstSchema(entity, record);
  if (hasErrors(schemaIssues) || typeof record !== 'object' || record === null) return schemaIssues;
  const ruleIssues = validateRecordRules(entity, record as Record<string, unknown>, context);
  if (schemaIssues.length === 0) return ruleIssues.length === 0 ? NO_ISSUES : ruleIssues;
  return [...schemaIssues, ...ruleIssues];
}

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

/**
 * Validates one record of a model entity against its schema and the default rule registry. Rules run
 * only on records whose shape is valid, so that a rule never guesses at a value of the wrong type.
 */
export function validateRecord(entity: string, record: unknown, context: Omit<RuleContext, 'entity'> = {}): RecordValidationResult {
  const schemaIssues = validateAgainstSchema(entity, record);
  if (hasErrors(schemaIssues) || typeof record !== 'object' || record === null) {
    return { ok: false, issues: schemaIssues };
  }
  const issues = [...schemaIssues, ...validateRecordRules(entity, record as Record<string, unknown>, context)];
  return { ok: !hasErrors(issues), issues };
}

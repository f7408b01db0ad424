/**
 * The record-level rules per entity. The defaults are derived from the canonical model registry (code
 * lists, vn/IBAN, municipality numbers, date order, plausible ages); callers may register more rules per
 * entity. Running the rules returns issues as data.
 */
import { ERROR_CODES, SchemaError } from '../core/errors.js';
import { getModel, type CanonicalModel } from '../core/model/model-registry.js';
import type { ValidationIssue } from '../core/model/validation-issue.js';
import { ageRule } from './rules/age-rules.js';
import { codeListRule } from './rules/code-list-rules.js';
import { dateOrderRule } from './rules/date-order-rules.js';
import { identifierRule } from './rules/identifier-rules.js';
import { municipalityRule } from './rules/municipality-rules.js';
import type { CanonicalRecordData, RecordRule, RuleContext } from './rules/rule-types.js';

/** Rules per entity, with a way to add more and to run them on a record. */
export interface RuleRegistry {
  /** The rules registered for an entity (empty for an entity without rules). */
  rulesFor(entity: string): readonly RecordRule[];
  /** Adds a rule for an entity (runs after the existing ones). */
  register(entity: string, rule: RecordRule): void;
  /** Runs all rules of the entity on a record. */
  validate(entity: string, record: CanonicalRecordData, context?: Omit<RuleContext, 'entity'>): ValidationIssue[];
}

/** Creates a registry with the default rules of every entity of the model. */
export function createRuleRegistry(model: CanonicalModel = getModel()): RuleRegistry {
  const rules = new Map<string, RecordRule[]>();
  const contexts = new Map<string, RuleContext>();
  const entityContext = (entity: string): RuleContext => {
    let context = contexts.get(entity);
    if (context === undefined) contexts.set(entity, (context = Object.freeze({ entity })));
    return context;
  };
  const register = (entity: string, rule: RecordRule): void => {
    const list = rules.get(entity) ?? [];
    list.push(rule);
    rules.set(entity, list);
  };
  for (const entity of model.entities) {
    register(entity.name, codeListRule(entity));
    for (const rule of [identifierRule(entity), municipalityRule(entity), dateOrderRule(entity), ageRule(entity)]) {
      if (rule !== undefined) register(entity.name, rule);
    }
  }
  return {
    rulesFor: (entity) => rules.get(entity) ?? [],
    register,
    validate(entity, record, context) {
      const list = rules.get(entity);
      if (list === undefined && !model.hasEntity(entity)) {
        throw new SchemaError(`Unknown entity "${entity}".`, { code: ERROR_CODES.UNKNOWN_ENTITY, details: { entity } });
      }
      if (list === undefined) return [];
      // A call without context (the engine's, per record) shares one frozen context per entity.
      const full: RuleContext = context === undefined ? entityContext(entity) : { ...context, entity };
      let issues: ValidationIssue[] | undefined;
      for (const rule of list) {
        const found = rule(record, full);
        if (found.length === 0) continue;
        if (issues === undefined) issues = [...found];
        else issues.push(...found);
      }
      return issues ?? [];
    },
  };
}

let defaultRegistry: RuleRegistry | undefined;

/** Runs the default rules of an entity on one record (registry built once from the model). */
export function validateRecordRules(entity: string, record: CanonicalRecordData, context?: Omit<RuleContext, 'entity'>): ValidationIssue[] {
  defaultRegistry ??= createRuleRegistry();
  return defaultRegistry.validate(entity, record, context);
}

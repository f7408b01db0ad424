/**
 * Code-list membership for every coded property of an entity: the properties with a code list in the
 * registry (`PropertyDefinition.codeList`, strings and arrays of codes) and, one level down, code fields
 * of arrays of objects (e.g. `kesMeasure.taskAreas[].taskArea`), read from the entity's schema.
 */
import type { EntityDefinition } from '../../core/model/model-registry.js';
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { checkCode } from '../code-list-rule.js';
import { isKnownCode } from '../code-lists.js';
import type { RecordRule } from './rule-types.js';

/** One place a code can sit in a record. */
interface CodeSlot {
  readonly property: string;
  readonly listId: string;
  readonly shape: 'scalar' | 'array' | 'object-array';
  /** For object arrays: the field inside each item. */
  readonly field?: string;
}

/** Finds the coded slots of an entity. */
export function codeSlotsOf(entity: EntityDefinition): CodeSlot[] {
  const slots: CodeSlot[] = [];
  const schemaProps = ((entity.schema as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const prop of entity.properties) {
    if (prop.codeList !== undefined) {
      slots.push({ property: prop.name, listId: prop.codeList, shape: prop.jsonType === 'array' ? 'array' : 'scalar' });
      continue;
    }
    if (prop.jsonType !== 'array') continue;
    const items = schemaProps[prop.name]?.['items'] as { properties?: Record<string, Record<string, unknown>> } | undefined;
    for (const [field, fieldSchema] of Object.entries(items?.properties ?? {})) {
      const listId = fieldSchema['x-codeList'];
      if (typeof listId === 'string') slots.push({ property: prop.name, listId, shape: 'object-array', field });
    }
  }
  return slots;
}

/** Builds the code-list rule of an entity (`code.unknown` per unknown code). */
export function codeListRule(entity: EntityDefinition): RecordRule {
  const slots = codeSlotsOf(entity);
  return (record, context) => {
    const issues: ValidationIssue[] = [];
    for (const slot of slots) {
      const value = record[slot.property];
      if (value === undefined || value === null) continue;
      const base = `/${slot.property}`;
      if (slot.shape === 'scalar') {
        // Known codes (nearly all) are settled here, without an issue list per field.
        if (typeof value === 'string' && !isKnownCode(slot.listId, value)) issues.push(...checkCode(slot.listId, value, base, context));
      } else if (Array.isArray(value)) {
        value.forEach((item: unknown, index) => {
          if (slot.shape === 'array') {
            if (typeof item === 'string') issues.push(...checkCode(slot.listId, item, `${base}/${index}`, context));
          } else if (typeof item === 'object' && item !== null && slot.field !== undefined) {
            const code = (item as Record<string, unknown>)[slot.field];
            if (typeof code === 'string') issues.push(...checkCode(slot.listId, code, `${base}/${index}/${slot.field}`, context));
          }
        });
      }
    }
    return issues;
  };
}

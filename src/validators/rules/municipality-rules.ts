/**
 * BFS municipality numbers in records: every property typed `BfsMunicipalityNumber`, and such fields in
 * arrays of objects (e.g. `socialService.servedMunicipalities[]`). The year judged is the record's own
 * date (validFrom, openedOn, startedOn …), so that historical records may name merged communes.
 * The `municipality` entity itself is the register of communes and is not checked against the list.
 */
import type { EntityDefinition } from '../../core/model/model-registry.js';
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { checkMunicipality } from '../municipality-rule.js';
import type { CanonicalRecordData, RecordRule } from './rule-types.js';

/** Date fields that say when a record's facts held, in order of preference. */
const DATE_FIELDS = ['validFrom', 'openedOn', 'startedOn', 'periodFrom', 'bookingDate', 'decidedOn'];

/** Which date dates a municipality field that has its own meaning (person arrival). */
const FIELD_DATES: Readonly<Record<string, string>> = { arrivedFromMunicipalityBfsNumber: 'arrivalInMunicipalityOn' };

function yearOf(record: Readonly<Record<string, unknown>>, fields: readonly string[]): number | undefined {
  for (const field of fields) {
    const value = record[field];
    if (typeof value === 'string' && /^\d{4}/.test(value)) return Number(value.slice(0, 4));
  }
  return undefined;
}

const isBfsRef = (schema: Record<string, unknown> | undefined): boolean =>
  typeof schema?.['$ref'] === 'string' && (schema['$ref'] as string).endsWith('/BfsMunicipalityNumber');

/** Builds the municipality rule of an entity; undefined when it has no municipality number. */
export function municipalityRule(entity: EntityDefinition): RecordRule | undefined {
  if (entity.name === 'municipality') return undefined;
  const scalar = entity.properties.filter((p) => p.commonType === 'BfsMunicipalityNumber').map((p) => p.name);
  const schemaProps = ((entity.schema as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, Record<string, unknown>>;
  const nested: { property: string; field: string }[] = [];
  for (const prop of entity.properties) {
    if (prop.jsonType !== 'array') continue;
    const items = schemaProps[prop.name]?.['items'] as { properties?: Record<string, Record<string, unknown>> } | undefined;
    for (const [field, fieldSchema] of Object.entries(items?.properties ?? {})) if (isBfsRef(fieldSchema)) nested.push({ property: prop.name, field });
  }
  if (scalar.length === 0 && nested.length === 0) return undefined;
  return (record: CanonicalRecordData, context) => {
    const issues: ValidationIssue[] = [];
    const fallbackYear = context.referenceDate === undefined ? undefined : Number(context.referenceDate.slice(0, 4));
    const recordYear = yearOf(record, DATE_FIELDS) ?? fallbackYear;
    for (const name of scalar) {
      const value = record[name];
      if (typeof value !== 'number') continue;
      const own = FIELD_DATES[name];
      const year = own === undefined ? recordYear : (yearOf(record, [own]) ?? recordYear);
      issues.push(...checkMunicipality(value, `/${name}`, year, context));
    }
    for (const { property, field } of nested) {
      const items = record[property];
      if (!Array.isArray(items)) continue;
      items.forEach((item: unknown, index) => {
        if (typeof item !== 'object' || item === null) return;
        const value = (item as Record<string, unknown>)[field];
        if (typeof value !== 'number') return;
        const year = yearOf(item as Record<string, unknown>, DATE_FIELDS) ?? recordYear;
        issues.push(...checkMunicipality(value, `/${property}/${index}/${field}`, year, context));
      });
    }
    return issues;
  };
}

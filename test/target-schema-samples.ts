/**
 * Test support: one schema-valid sample record per canonical entity, built from the entity's JSON
 * Schema (every property it can fill) and checked with the model's own ajv validator. Values are chosen
 * to catch lossy storage: money beyond 2^31 and negative, a leap day, a DST-edge instant, a partial date.
 * No personal data: names are placeholders, the AHV number and IBAN are the published specimen numbers.
 */
import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { CanonicalModel, EntityDefinition } from '../src/core/model/model-registry.js';
import { createSchemaValidator } from '../src/core/model/schema-validator.js';

type Json = Record<string, unknown>;

const NAMESPACE = '0f6c5b8e-3f0a-4c43-9a51-2b2d6c1b7e10';

/** Samples for strings that must match a pattern (pattern source → value). */
const PATTERN_SAMPLES: Readonly<Record<string, string>> = {
  '^756\\d{10}$': '7561234567897',
  '^\\d{11}$': '12345678901',
  '^[0-9a-f]{64}$': createHash('sha256').update('sample').digest('hex'),
  '^[A-Z]{2}$': 'CH',
  '^[A-Z]{2}-[0-9]{1,2}$': 'ZH-1',
  '^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$': 'CH9300762011623852957',
  '^[a-z]+/[a-zA-Z0-9.+-]+$': 'application/pdf',
  '^\\d{1,6}$': '123456',
};

/** Samples by string format. */
const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  date: '2024-02-29',
  'date-time': '2024-03-31T01:30:00.000Z',
  'partial-date': '1980-05',
  'year-month': '2024-01',
};

/** Money samples: beyond int32 and below zero, within the schema's ±999 999 999 999 999. */
const MONEY_SIGNED = -123456789012345;
const MONEY_NON_NEGATIVE = 999999999999999;

interface SampleContext {
  readonly defs: Record<string, Json>;
  readonly ids: ReadonlyMap<string, string>;
  readonly entity: string;
}

function resolve(schema: Json, ctx: SampleContext): Json {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const { $ref: _r, ...rest } = schema;
  return { ...(ctx.defs[name] ?? {}), ...rest };
}

function sample(raw: Json, ctx: SampleContext, key: string): unknown {
  let schema = resolve(raw, ctx);
  const union = (schema['anyOf'] ?? schema['oneOf']) as Json[] | undefined;
  if (Array.isArray(union)) schema = resolve(union.find((b) => b['type'] !== 'null') ?? {}, ctx);
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) return (schema['enum'] as unknown[]).find((v) => v !== null);
  let type = schema['type'];
  if (Array.isArray(type)) type = type.find((t) => t !== 'null');
  const references = schema['x-references'];
  switch (type) {
    case 'object': {
      const out: Json = {};
      for (const [name, child] of Object.entries((schema['properties'] ?? {}) as Record<string, Json>)) out[name] = sample(child, ctx, name);
      return out;
    }
    case 'array':
      return [sample((schema['items'] ?? {}) as Json, ctx, key)];
    case 'boolean':
      return true;
    case 'integer': {
      if (schema['x-money'] === true) return typeof schema['minimum'] === 'number' && schema['minimum'] >= 0 ? MONEY_NON_NEGATIVE : MONEY_SIGNED;
      const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
      const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : min + 100;
      return Math.min(Math.max(min, 261), max);
    }
    case 'number':
      return typeof schema['maximum'] === 'number' ? Math.min(3.5, schema['maximum']) : 3.5;
    case 'string': {
      const format = schema['format'];
      if (format === 'uuid') {
        if (typeof references === 'string') return ctx.ids.get(references) ?? uuidv5(`${references}:missing`, NAMESPACE);
        return uuidv5(`${ctx.entity}:${key}`, NAMESPACE);
      }
      if (typeof format === 'string' && format in FORMAT_SAMPLES) return FORMAT_SAMPLES[format];
      if (typeof schema['pattern'] === 'string') return PATTERN_SAMPLES[schema['pattern']] ?? `unsampled:${schema['pattern']}`;
      const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : 40;
      const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 1;
      return 'Sample text with ümlaut, \'quote\' and "double"'.slice(0, max).padEnd(min, 'x');
    }
    default:
      return null;
  }
}

/** A schema-valid sample record per entity (entity name → record), in model (load) order. */
export function sampleRecords(model: CanonicalModel): Map<string, Json> {
  const validator = createSchemaValidator(model);
  const defs = ((model.commonSchema as Json)['$defs'] ?? {}) as Record<string, Json>;
  const ids = new Map<string, string>();
  const records = new Map<string, Json>();
  for (const entity of model.entities) {
    ids.set(entity.name, uuidv5(`${entity.name}:1`, NAMESPACE));
    records.set(entity.name, sampleRecord(entity, { defs, ids, entity: entity.name }, validator));
  }
  return records;
}

function sampleRecord(entity: EntityDefinition, ctx: SampleContext, validator: ReturnType<typeof createSchemaValidator>): Json {
  const properties = ((entity.schema as Json)['properties'] ?? {}) as Record<string, Json>;
  const record: Json = {};
  for (const [name, schema] of Object.entries(properties)) record[name] = sample(schema, ctx, name);
  record['id'] = ctx.ids.get(entity.name);
  // Drop optional properties the generic sampler could not fill validly (cross-field rules, odd patterns).
  for (let round = 0; round < 5; round += 1) {
    const issues = validator.validate(entity.name, record);
    if (issues.length === 0) return record;
    const required = new Set(entity.properties.filter((p) => p.required).map((p) => p.name));
    const offending = new Set(issues.map((i) => i.path.split('/')[1] ?? '').filter((p) => p !== '' && !required.has(p)));
    if (offending.size === 0) {
      throw new Error(`No valid sample for ${entity.name}: ${issues.map((i) => `${i.code}@${i.path}`).join(', ')}`);
    }
    for (const name of offending) delete record[name];
  }
  throw new Error(`No valid sample for ${entity.name} after dropping optional properties.`);
}

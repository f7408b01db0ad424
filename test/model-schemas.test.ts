import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getModel, MODEL_SCHEMA_BASE } from '../src/core/model/model-registry.js';
import { modelSchemasDir } from '../src/core/model/schema-location.js';
import { createModelAjv, createSchemaValidator } from '../src/core/model/schema-validator.js';

/** The agreed code-list ids (brief); the model may reference no other. */
const AGREED_CODE_LISTS = new Set([
  'ech0011.sex',
  'ech0021.typeOfRelationship',
  'ech0011.maritalStatus',
  'ech0011.nationalityStatus',
  'ech0011.typeOfResidence',
  'ech0011.language',
  'ech0006.residencePermit',
  'ech0006.residencePermitCategory',
  'cb.addressType',
  'cb.caseDomain',
  'cb.casePhaseType',
  'cb.authorityType',
  'cb.bookingType',
  'cb.documentType',
  'cb.maintenanceTitleType',
  'cb.maintenanceClaimType',
  'cb.reimbursementGround',
  'cb.collectionClosingReason',
  'cb.integrationMeasureType',
  'cb.integrationAssignmentType',
  'cb.budgetType',
  'bfs.shs.closingReason',
  'bfs.shs.benefitType',
  'bfs.shs.benefitClass',
  'bfs.shs.applicationType',
  'bfs.shs.personRole',
  'bfs.shs.relationship',
  'bfs.shs.labourStatus',
  'bfs.shs.workload',
  'bfs.shs.education',
  'bfs.shs.housingStatus',
  'bfs.shs.residenceStatus',
  'bfs.shs.izuReason',
  'skos.budgetLineType',
  'kokes.measureType',
  'kokes.taskArea',
  'kokes.mandateHolderType',
  'kokes.indication',
  'kokes.reportSource',
  'kokes.terminationReason',
  'kokes.nonMeasureBusiness',
]);

const dir = modelSchemasDir();
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.schema.json'))
  .sort();
const documents = files.map((file) => ({ file, schema: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown> }));

/** Every `properties` map anywhere in a schema, with a path for messages. */
function propertyMaps(node: unknown, at: string, out: Array<{ at: string; properties: Record<string, Record<string, unknown>> }>): typeof out {
  if (Array.isArray(node)) for (const [i, item] of node.entries()) propertyMaps(item, `${at}/${i}`, out);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) out.push({ at, properties: value as Record<string, Record<string, unknown>> });
      propertyMaps(value, `${at}/${key}`, out);
    }
  }
  return out;
}

describe('model schemas', () => {
  it('model.json lists exactly the entity schema files', () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as { entities: string[]; modelVersion: string };
    expect([...manifest.entities, 'common'].map((n) => `${n}.schema.json`).sort()).toEqual(files);
    expect(manifest.modelVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.entities.length).toBeGreaterThanOrEqual(23);
  });

  it.each(documents)('$file is a valid draft 2020-12 schema with the model header', ({ file, schema }) => {
    const ajv = createModelAjv();
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toBe(`${MODEL_SCHEMA_BASE}${file}`);
    expect(typeof schema['title']).toBe('string');
    expect(typeof schema['description']).toBe('string');
    expect(schema['x-modelVersion']).toBe(getModel().version);
    if (file !== 'common.schema.json') {
      expect(schema['type']).toBe('object');
      expect(schema['additionalProperties']).toBe(false);
      const props = schema['properties'] as Record<string, unknown>;
      expect(Object.keys(props)).toContain('id');
      expect(Object.keys(props)).toContain('lineage');
      expect(schema['required']).toContain('id');
      expect(schema['required']).not.toContain('lineage');
    }
  });

  it.each(documents)('$file: every property has description and x-sensitivity, required ones exist', ({ schema }) => {
    for (const { at, properties } of propertyMaps(schema, '', [])) {
      for (const [name, prop] of Object.entries(properties)) {
        expect(typeof prop['description'], `${at}/${name} description`).toBe('string');
        expect(['identifying', 'special-category', 'none'], `${at}/${name} x-sensitivity`).toContain(prop['x-sensitivity']);
      }
    }
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const object = node as Record<string, unknown>;
      if (Array.isArray(object['required'])) {
        for (const key of object['required'] as string[]) expect(Object.keys(object['properties'] ?? {})).toContain(key);
      }
      Object.values(object).forEach(walk);
    };
    walk(schema);
  });

  it('all schemas compile together in strict mode', () => {
    expect(() => createSchemaValidator(getModel())).not.toThrow();
  });

  it('a validator that compiles each entity on first use finds the same issues as one that compiles all', () => {
    const model = getModel();
    const eager = createSchemaValidator(model);
    const lazy = createSchemaValidator(model, { compile: 'on-first-use' });
    const samples: unknown[] = [{}, { id: 'not-a-uuid' }, { id: '00000000-0000-4000-8000-000000000000', unknownProperty: 1 }, null];
    for (const entity of model.entities)
      for (const sample of samples) expect(lazy.validate(entity.name, sample), entity.name).toEqual(eager.validate(entity.name, sample));
    expect(() => lazy.validate('no-such-entity', {})).toThrow(expect.objectContaining({ code: 'CB_UNKNOWN_ENTITY' }));
  });

  it('references only agreed code lists and existing entities; money is integer Rappen', () => {
    const model = getModel();
    for (const id of model.codeListIds) expect(AGREED_CODE_LISTS, id).toContain(id);
    for (const entity of model.entities) {
      for (const p of entity.properties) {
        if (p.references !== undefined) expect(model.hasEntity(p.references), `${entity.name}.${p.name}`).toBe(true);
        expect(p.money, `${entity.name}.${p.name}`).toBe(p.name.endsWith('Rappen'));
        if (p.money) {
          expect(p.jsonType).toBe('integer');
          expect(p.sensitivity).toBe('special-category');
        }
        if (p.name === 'id' || p.name.endsWith('Id')) {
          if (p.format === 'uuid' && p.name !== 'id') expect(p.references, `${entity.name}.${p.name}`).toBeDefined();
        }
      }
    }
  });

  it('entities are listed after the entities they reference (load order)', () => {
    const seen = new Set<string>();
    for (const entity of getModel().entities) {
      for (const p of entity.properties) {
        if (p.references !== undefined && p.references !== entity.name) expect(seen, `${entity.name}.${p.name}`).toContain(p.references);
      }
      seen.add(entity.name);
    }
  });
});

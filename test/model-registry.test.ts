import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, isCasebridgeError } from '../src/core/errors.js';
import { getModel, loadModel, type PropertyDefinition } from '../src/core/model/model-registry.js';
import { toSnakeCase } from '../src/core/model/naming.js';
import { modelSchemasDir } from '../src/core/model/schema-location.js';

const model = getModel();

describe('model registry', () => {
  it('is loaded once and cached', () => {
    expect(getModel()).toBe(model);
    expect(model.version).toBe('1.0.0');
  });

  it.each([
    ['budgetLine', 'budget_line'],
    ['kesNonMeasureBusiness', 'kes_non_measure_business'],
    ['case', 'case'],
    ['socialService', 'social_service'],
  ])('entity %s maps to table %s', (name, table) => {
    expect(model.entity(name).table).toBe(table);
    expect(model.entity(name).schemaId).toBe(`https://schemas.casebridge.ch/model/v1/${name}.schema.json`);
  });

  it.each([
    ['vn', 'vn'],
    ['countryIso2', 'country_iso2'],
    ['arrivedFromMunicipalityBfsNumber', 'arrived_from_municipality_bfs_number'],
    ['sha256', 'sha256'],
    ['effectiveAmountRappen', 'effective_amount_rappen'],
  ])('column of %s is %s', (name, column) => expect(toSnakeCase(name)).toBe(column));

  const cases: Array<[string, string, Partial<PropertyDefinition>]> = [
    ['person', 'id', { jsonType: 'string', format: 'uuid', required: true, nullable: false, sensitivity: 'none', money: false, column: 'id' }],
    ['person', 'vn', { jsonType: 'string', required: false, sensitivity: 'identifying', maxLength: 13, commonType: 'Ahvn13' }],
    ['person', 'dateOfBirth', { jsonType: 'string', format: 'partial-date', sensitivity: 'identifying', column: 'date_of_birth' }],
    ['person', 'officialName', { jsonType: 'string', required: true, sensitivity: 'identifying', maxLength: 100 }],
    ['person', 'sex', { jsonType: 'string', codeList: 'ech0011.sex' }],
    ['person', 'labourStatuses', { jsonType: 'array', codeList: 'bfs.shs.labourStatus', sensitivity: 'special-category' }],
    ['budgetLine', 'budgetId', { jsonType: 'string', format: 'uuid', required: true, references: 'budget', column: 'budget_id' }],
    ['budgetLine', 'amountRappen', { jsonType: 'integer', money: true, required: true, sensitivity: 'special-category', column: 'amount_rappen' }],
    ['budgetLine', 'lineType', { codeList: 'skos.budgetLineType', required: true }],
    ['booking', 'payeeIban', { jsonType: 'string', sensitivity: 'identifying', maxLength: 34, commonType: 'Iban' }],
    ['booking', 'reversesBookingId', { references: 'booking', required: false }],
    ['booking', 'periodMonth', { format: 'year-month' }],
    ['case', 'municipalityBfsNumber', { jsonType: 'integer', required: true, sensitivity: 'none' }],
    ['case', 'domain', { codeList: 'cb.caseDomain', required: true }],
    ['kesMeasure', 'taskAreas', { jsonType: 'array', sensitivity: 'special-category' }],
    ['document', 'title', { sensitivity: 'identifying', maxLength: 500 }],
    ['address', 'lineage', { jsonType: 'object', required: false, commonType: 'Lineage' }],
  ];
  it.each(cases)('%s.%s is described correctly', (entity, property, expected) => {
    const found = model.entity(entity).properties.find((p) => p.name === property);
    expect(found).toBeDefined();
    expect(found).toMatchObject(expected);
    expect(found?.description.length).toBeGreaterThan(5);
  });

  it('throws CB_UNKNOWN_ENTITY for an unknown entity', () => {
    expect(model.hasEntity('nope')).toBe(false);
    try {
      model.entity('nope');
      expect.unreachable();
    } catch (error) {
      expect(isCasebridgeError(error, ERROR_CODES.UNKNOWN_ENTITY)).toBe(true);
    }
  });
});

describe('model registry on broken schemas', () => {
  const temps: string[] = [];
  afterAll(() => {
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });

  /** A copy of the model folder with one schema changed. */
  function brokenCopy(file: string, change: (schema: Record<string, any>) => void): string {
    const temp = mkdtempSync(path.join(tmpdir(), 'cb-model-'));
    temps.push(temp);
    cpSync(modelSchemasDir(), temp, { recursive: true });
    const target = path.join(temp, file);
    const schema = JSON.parse(readFileSync(target, 'utf8')) as Record<string, any>;
    change(schema);
    writeFileSync(target, JSON.stringify(schema));
    return temp;
  }

  it.each([
    ['missing x-sensitivity', 'person.schema.json', (s: Record<string, any>) => delete s.properties.firstName['x-sensitivity']],
    ['missing description', 'case.schema.json', (s: Record<string, any>) => delete s.properties.openedOn.description],
    ['required names a missing property', 'booking.schema.json', (s: Record<string, any>) => s.required.push('ghost')],
    ['additionalProperties not false', 'address.schema.json', (s: Record<string, any>) => (s.additionalProperties = true)],
    ['x-references to an unknown entity', 'budgetLine.schema.json', (s: Record<string, any>) => (s.properties.budgetId['x-references'] = 'ghost')],
    [
      'money without Rappen suffix',
      'budgetLine.schema.json',
      (s: Record<string, any>) => {
        s.properties.amount = { ...s.properties.amountRappen };
      },
    ],
    ['$id not matching the file', 'household.schema.json', (s: Record<string, any>) => (s.$id = 'https://example.org/x.json')],
  ])('rejects %s with CB_SCHEMA_INVALID', (_label, file, change) => {
    const dir = brokenCopy(file, change);
    expect(() => loadModel(dir)).toThrowError(expect.objectContaining({ code: ERROR_CODES.SCHEMA_INVALID }));
  });

  it('detects nullable properties written as [T, null] or anyOf', () => {
    const dir = brokenCopy('case.schema.json', (s) => {
      s.properties.closedOn = { anyOf: [{ $ref: 'common.schema.json#/$defs/CalendarDate' }, { type: 'null' }], description: 'x', 'x-sensitivity': 'none' };
      s.properties.caseNumber = { ...s.properties.caseNumber, type: ['string', 'null'] };
    });
    const entity = loadModel(dir).entity('case');
    expect(entity.properties.find((p) => p.name === 'closedOn')).toMatchObject({ nullable: true, format: 'date', jsonType: 'string' });
    expect(entity.properties.find((p) => p.name === 'caseNumber')).toMatchObject({ nullable: true, jsonType: 'string' });
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCasebridgeError, ERROR_CODES } from '../src/core/errors.js';
import { getModel } from '../src/core/model/model-registry.js';
import { codeListsDir } from '../src/core/model/schema-location.js';
import { findCode, getCodeList, isKnownCode, listCodeLists } from '../src/validators/code-lists.js';

/** The code-list ids agreed with the model (h1/h2 briefs). */
const AGREED_IDS = [
  'ech0011.sex',
  'ech0011.maritalStatus',
  'ech0011.nationalityStatus',
  'ech0011.typeOfResidence',
  'ech0011.language',
  'ech0021.typeOfRelationship',
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
];

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const codesOf = (id: string): string[] => getCodeList(id).codes.map((c) => c.code);

describe('code-list files', () => {
  it('ships exactly the agreed lists (plus the municipality list)', () => {
    expect([...listCodeLists()]).toEqual([...AGREED_IDS].sort());
    const files = readdirSync(codeListsDir()).filter((f) => f.endsWith('.json'));
    expect(files).toContain('bfs.municipality.json');
  });

  it.each(AGREED_IDS)('%s: id, title, version, cited sources, string codes with de and en labels', (id) => {
    const raw = JSON.parse(readFileSync(path.join(codeListsDir(), `${id}.json`), 'utf8')) as Record<string, unknown>;
    expect(raw['id']).toBe(id);
    const list = getCodeList(id);
    expect(list.title.length).toBeGreaterThan(0);
    expect(list.sources.length).toBeGreaterThan(0);
    for (const source of list.sources) expect(source).toMatch(/^(https?:\/\/|[\w.-]+\/[\w.-]+(@[0-9a-f]+)?:|npm:|casebridge domain brief)/);
    expect(list.codes.length + (list.codePatterns?.length ?? 0)).toBeGreaterThan(0);
    for (const entry of list.codes) {
      expect(typeof entry.code).toBe('string');
      expect(entry.de.length).toBeGreaterThan(0);
      expect(entry.en.length).toBeGreaterThan(0);
    }
    if (id.startsWith('cb.')) expect(list.note).toMatch(/Project-defined/);
  });

  it('covers every code list the model references', () => {
    const known = new Set(listCodeLists());
    for (const id of getModel().codeListIds) expect(known.has(id), id).toBe(true);
  });

  it.each([
    ['bfs.shs.closingReason', range(1, 30)],
    ['bfs.shs.applicationType', range(1, 3)],
    ['bfs.shs.personRole', range(1, 3)],
    ['bfs.shs.relationship', range(1, 18)],
    ['bfs.shs.labourStatus', range(1, 25)],
    ['bfs.shs.workload', range(1, 6)],
    ['bfs.shs.education', range(1, 8)],
    ['bfs.shs.housingStatus', range(1, 11)],
    ['bfs.shs.izuReason', range(5, 21)],
    ['ech0011.maritalStatus', ['1', '2', '3', '4', '5', '6', '7', '9']],
    ['ech0006.residencePermitCategory', range(1, 13).map((c) => c.padStart(2, '0'))],
    ['kokes.taskArea', ['AB010', 'AB020', 'AB030', 'AB040', 'AB050', 'AB060', 'AB070', 'AB080']],
    ['kokes.mandateHolderType', ['M010', 'M020', 'M030']],
    ['bfs.shs.benefitClass', ['WSH', 'SH-FluStat', 'SH-AsylStat', 'ALBV']],
    ['cb.caseDomain', ['WSH', 'ALBV', 'COLLECTION', 'REIMBURSEMENT', 'KES', 'LABOUR_INTEGRATION', 'COUNSELLING']],
  ])('%s holds exactly the codes of the source', (id, expected) => {
    expect(codesOf(id)).toEqual(expected);
  });

  it('gives every KOKES measure its legal basis and scope', () => {
    const list = getCodeList('kokes.measureType');
    expect(list.codes.filter((c) => c.code.startsWith('MAK'))).toHaveLength(37);
    expect(list.codes.filter((c) => c.code.startsWith('MAE'))).toHaveLength(23);
    expect(list.codes.filter((c) => c.code.startsWith('MAA'))).toHaveLength(5);
    for (const entry of list.codes) {
      expect(entry['article'], entry.code).toEqual(expect.any(String));
      expect(['ZGB', 'aZGB', 'BG-HAÜ']).toContain(entry['law']);
      expect(['child', 'adult', 'adult-old-law']).toContain(entry['scope']);
    }
    expect(findCode('kokes.measureType', 'MAK310')).toMatchObject({ article: '327a', law: 'ZGB', scope: 'child' });
    expect(findCode('kokes.measureType', 'MAK230')).toMatchObject({ article: '311', paragraph: '1', number: '1' });
    expect(findCode('kokes.measureType', 'MAE060')).toMatchObject({ article: '394', paragraph: '2', scope: 'adult' });
    expect(findCode('kokes.measureType', 'MAA050')).toMatchObject({ article: '395', paragraph: '2', law: 'aZGB' });
  });

  it('relates combined eCH-0006 permits to their category', () => {
    const categories = new Set(codesOf('ech0006.residencePermitCategory'));
    for (const entry of getCodeList('ech0006.residencePermit').codes) expect(categories.has(entry['category'] as string), entry.code).toBe(true);
    for (const code of ['0201', '0302', '0503', '0804', '0905', '070101', '070907', '060202', '100603', '1107', '1208', '1300']) {
      expect(isKnownCode('ech0006.residencePermit', code), code).toBe(true);
    }
  });

  it('groups the SKOS budget-line catalogue', () => {
    const groups = new Set(getCodeList('skos.budgetLineType').codes.map((c) => c['group']));
    expect([...groups].sort()).toEqual(['deduction', 'incentive', 'income', 'need', 'reduction', 'situational']);
    for (const code of ['GBL', 'HOUSING', 'IZU', 'EFB', 'SANCTION', 'INCOME_EARNINGS', 'INCOME_ALBV', 'INCOME_ASSET_CONSUMPTION']) {
      expect(isKnownCode('skos.budgetLineType', code), code).toBe(true);
    }
  });

  it.each([
    ['ech0011.sex', '1', true],
    ['ech0011.sex', '0', false],
    ['ech0011.sex', ' 1', false],
    ['bfs.shs.residenceStatus', '14', true],
    ['bfs.shs.residenceStatus', '4', false],
    ['kokes.indication', 'IE100', true],
    ['kokes.indication', 'IK110', true],
    ['kokes.indication', 'IE110', false],
    ['kokes.nonMeasureBusiness', 'NMGE010', true],
    ['kokes.nonMeasureBusiness', 'NMGE240', true],
    ['kokes.nonMeasureBusiness', 'NMGE250', false],
    ['kokes.nonMeasureBusiness', 'NMGK540', true],
    ['kokes.nonMeasureBusiness', 'NMGK545', false],
    ['kokes.nonMeasureBusiness', 'NMGK000', false],
  ])('isKnownCode(%s, %s) = %s', (id, code, expected) => {
    expect(isKnownCode(id, code)).toBe(expected);
  });

  it('throws SchemaError for an unknown list id', () => {
    let caught: unknown;
    try {
      getCodeList('no.such.list');
    } catch (error) {
      caught = error;
    }
    expect(isCasebridgeError(caught, ERROR_CODES.SCHEMA_INVALID)).toBe(true);
    expect(() => isKnownCode('bfs.municipality', '351')).toThrow(/Unknown code list/);
  });

  it('returns the same cached object on repeated loads', () => {
    expect(getCodeList('ech0011.sex')).toBe(getCodeList('ech0011.sex'));
  });
});

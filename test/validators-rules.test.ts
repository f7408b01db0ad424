import { describe, expect, it } from 'vitest';
import { isCasebridgeError, ERROR_CODES } from '../src/core/errors.js';
import { getModel } from '../src/core/model/model-registry.js';
import { createRuleRegistry, validateRecordRules } from '../src/validators/rule-registry.js';
import { codeSlotsOf } from '../src/validators/rules/code-list-rules.js';
import { earliestDay, latestDay } from '../src/validators/rules/date-order-rules.js';
import { fullYearsBetween } from '../src/validators/rules/age-rules.js';

const REF = { referenceDate: '2025-06-30', recordRef: 'src:KISS/BaPerson/#17' };
type Row = [string, string, Record<string, unknown>, string[]];
const codes = (entity: string, record: Record<string, unknown>): string[] => validateRecordRules(entity, record, REF).map((i) => `${i.code}@${i.path}`);

describe('record rules: code-list membership', () => {
  it.each<Row>([
    ['valid person codes', 'person', { sex: '2', maritalStatus: '7', nationalityStatus: '2', languageOfCorrespondence: 'fr', labourStatuses: ['3', '11'] }, []],
    ['unknown sex', 'person', { sex: 'F' }, ['code.unknown@/sex']],
    ['BFS marital code 0 is not eCH', 'person', { maritalStatus: '0' }, ['code.unknown@/maritalStatus']],
    [
      'array items are checked one by one',
      'person',
      { labourStatuses: ['3', '26', '11', 'x'] },
      ['code.unknown@/labourStatuses/1', 'code.unknown@/labourStatuses/3'],
    ],
    ['case codes', 'case', { domain: 'WSH', shsBenefitType: '25', shsBenefitClass: 'SH-AsylStat', shsClosingReason: '30' }, []],
    [
      'case: unknown domain and closing reason',
      'case',
      { domain: 'ASYLUM', shsClosingReason: '31' },
      ['code.unknown@/domain', 'code.unknown@/shsClosingReason'],
    ],
    [
      'nested KES task areas',
      'kesMeasure',
      {
        measureType: 'MAE050',
        taskAreas: [
          { taskArea: 'AB010', mandateHolderType: 'M020' },
          { taskArea: 'AB090', mandateHolderType: 'M040' },
        ],
      },
      ['code.unknown@/taskAreas/1/taskArea', 'code.unknown@/taskAreas/1/mandateHolderType'],
    ],
    [
      'KES indications incl. secondary',
      'kesMeasure',
      { mainIndication: 'IE030', secondaryIndications: ['IE020', 'IX999'] },
      ['code.unknown@/secondaryIndications/1'],
    ],
    ['non-measure business by pattern', 'kesNonMeasureBusiness', { businessType: 'NMGK250' }, []],
    ['non-measure business out of range', 'kesNonMeasureBusiness', { businessType: 'NMGE999' }, ['code.unknown@/businessType']],
    ['null and absent codes are left to the schema', 'person', { sex: null }, []],
  ])('%s', (_name, entity, record, expected) => {
    expect(codes(entity, record)).toEqual(expected);
  });

  it('finds the coded slots of an entity from the registry and the schema', () => {
    const slots = codeSlotsOf(getModel().entity('kesMeasure'));
    expect(slots).toEqual(
      expect.arrayContaining([
        { property: 'measureType', listId: 'kokes.measureType', shape: 'scalar' },
        { property: 'secondaryIndications', listId: 'kokes.indication', shape: 'array' },
        { property: 'taskAreas', listId: 'kokes.taskArea', shape: 'object-array', field: 'taskArea' },
      ]),
    );
  });
});

describe('record rules: identifiers and municipalities', () => {
  it.each<Row>([
    ['valid vn', 'person', { vn: '7561234567897' }, []],
    ['vn with wrong check digit', 'person', { vn: '7561234567898' }, ['ahvn13.check_digit@/vn']],
    ['old number in vn', 'person', { vn: '12345678901' }, ['ahvn13.old_number@/vn']],
    ['valid payee IBAN', 'booking', { payeeIban: 'CH9300762011623852957' }, []],
    ['payee IBAN with wrong checksum', 'booking', { payeeIban: 'CH9300762011623852958' }, ['iban.checksum@/payeeIban']],
    ['case in Bern', 'case', { municipalityBfsNumber: 351, openedOn: '2024-01-10' }, []],
    ['case in a commune merged in 2013, opened 2012', 'case', { municipalityBfsNumber: 308, openedOn: '2012-03-01' }, []],
    [
      'case in a commune merged in 2013, opened 2019',
      'case',
      { municipalityBfsNumber: 308, openedOn: '2019-03-01' },
      ['bfs.municipality_not_valid_in_year@/municipalityBfsNumber'],
    ],
    ['unknown municipality', 'address', { municipalityBfsNumber: 9999, validFrom: '2020-01-01' }, ['bfs.municipality_unknown@/municipalityBfsNumber']],
    [
      'person arrival judged at its own date',
      'person',
      { arrivedFromMunicipalityBfsNumber: 449, arrivalInMunicipalityOn: '2013-05-01' },
      ['bfs.municipality_not_valid_in_year@/arrivedFromMunicipalityBfsNumber'],
    ],
    [
      'served municipalities are checked per item',
      'socialService',
      { servedMunicipalities: [{ municipalityBfsNumber: 351 }, { municipalityBfsNumber: 9998 }] },
      ['bfs.municipality_unknown@/servedMunicipalities/1/municipalityBfsNumber'],
    ],
    ['the municipality register itself is not checked', 'municipality', { bfsNumber: 9999 }, []],
  ])('%s', (_name, entity, record, expected) => {
    expect(codes(entity, record)).toEqual(expected);
  });
});

describe('record rules: dates and ages', () => {
  it.each<Row>([
    ['case closed after opening', 'case', { openedOn: '2020-01-01', closedOn: '2020-06-30' }, []],
    ['case closed the day it opened', 'case', { openedOn: '2020-01-01', closedOn: '2020-01-01' }, []],
    ['case closed before opening', 'case', { openedOn: '2020-01-02', closedOn: '2020-01-01' }, ['date.order@/closedOn']],
    ['address validTo before validFrom', 'address', { validFrom: '2021-05-01', validTo: '2021-04-30' }, ['date.order@/validTo']],
    ['open-ended validity', 'address', { validFrom: '2021-05-01' }, []],
    ['phase ended before start', 'casePhase', { startedOn: '2022-02-01', endedOn: '2022-01-31' }, ['date.order@/endedOn']],
    ['KES measure ended before decision', 'kesMeasure', { decidedOn: '2022-02-01', endedOn: '2021-12-31' }, ['date.order@/endedOn']],
    ['reimbursement period reversed', 'reimbursementClaim', { periodFrom: '2019-01-01', periodTo: '2018-12-31' }, ['date.order@/periodTo']],
    ['death before birth', 'person', { dateOfBirth: '1950-03-02', dateOfDeath: '1950-03-01' }, ['date.order@/dateOfDeath']],
    ['death in the partially known birth year is possible', 'person', { dateOfBirth: '1950', dateOfDeath: '1950-01-05' }, []],
    ['death before a partially known birth year', 'person', { dateOfBirth: '1950', dateOfDeath: '1949-12-31' }, ['date.order@/dateOfDeath']],
    ['marital status before birth', 'person', { dateOfBirth: '1990-05', maritalStatusSince: '1989-01-01' }, ['date.order@/maritalStatusSince']],
    ['arrival in canton before birth', 'person', { dateOfBirth: '2000-01-01', arrivalInCantonOn: '1999-12-31' }, ['date.order@/arrivalInCantonOn']],
    ['birth in the future', 'person', { dateOfBirth: '2025-07-01' }, ['person.birth_in_future@/dateOfBirth']],
    ['birth year in the future', 'person', { dateOfBirth: '2026' }, ['person.birth_in_future@/dateOfBirth']],
    ['born on the reference date', 'person', { dateOfBirth: '2025-06-30' }, []],
    ['death in the future', 'person', { dateOfBirth: '1950-01-01', dateOfDeath: '2025-07-01' }, ['person.death_in_future@/dateOfDeath']],
    ['aged exactly 120', 'person', { dateOfBirth: '1905-06-30' }, []],
    ['aged 120 and a day short of 121', 'person', { dateOfBirth: '1904-07-01' }, []],
    ['aged 121', 'person', { dateOfBirth: '1904-06-30' }, ['person.age_implausible@/dateOfBirth']],
    ['birth year only, possibly 120', 'person', { dateOfBirth: '1904' }, []],
    ['birth year only, certainly over 120', 'person', { dateOfBirth: '1903' }, ['person.age_implausible@/dateOfBirth']],
    ['age judged at death', 'person', { dateOfBirth: '1880-01-01', dateOfDeath: '1970-01-01' }, []],
  ])('%s', (_name, entity, record, expected) => {
    expect(codes(entity, record)).toEqual(expected);
  });

  it('computes partial-date bounds and full years', () => {
    expect([earliestDay('1980'), latestDay('1980')]).toEqual(['1980-01-01', '1980-12-31']);
    expect([earliestDay('1980-02'), latestDay('1980-02')]).toEqual(['1980-02-01', '1980-02-31']);
    expect(fullYearsBetween('2000-06-30', '2025-06-29')).toBe(24);
    expect(fullYearsBetween('2000-06-30', '2025-06-30')).toBe(25);
  });

  it('severity: age warnings, order errors', () => {
    const issues = validateRecordRules('person', { dateOfBirth: '1890-01-01', dateOfDeath: '1889-01-01' }, REF);
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['date.order', 'error']]);
    expect(validateRecordRules('person', { dateOfBirth: '1890-01-01' }, REF)[0]).toMatchObject({
      severity: 'warning',
      entity: 'person',
      recordRef: REF.recordRef,
    });
  });
});

describe('rule registry', () => {
  it('registers default rules for every entity of the model', () => {
    const registry = createRuleRegistry();
    for (const entity of getModel().entities) expect(registry.rulesFor(entity.name).length, entity.name).toBeGreaterThan(0);
  });

  it('runs added rules after the defaults', () => {
    const registry = createRuleRegistry();
    registry.register('case', (record, ctx) =>
      record['closedOn'] !== undefined && record['shsClosingReason'] === undefined
        ? [{ code: 'case.closing_reason_missing', severity: 'warning', entity: ctx.entity, path: '/shsClosingReason', message: 'closing reason missing' }]
        : [],
    );
    const issues = registry.validate('case', { domain: 'X', openedOn: '2020-01-01', closedOn: '2020-02-01' }, REF);
    expect(issues.map((i) => i.code)).toEqual(['code.unknown', 'case.closing_reason_missing']);
  });

  it('rejects an unknown entity with CB_UNKNOWN_ENTITY', () => {
    let caught: unknown;
    try {
      validateRecordRules('nope', {});
    } catch (error) {
      caught = error;
    }
    expect(isCasebridgeError(caught, ERROR_CODES.UNKNOWN_ENTITY)).toBe(true);
  });
});

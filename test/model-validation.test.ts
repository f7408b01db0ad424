import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/core/errors.js';
import { getModel } from '../src/core/model/model-registry.js';
import { isPartialDate, isYearMonth } from '../src/core/model/date-formats.js';
import { validateAgainstSchema } from '../src/core/model/schema-validator.js';
import { hasErrors } from '../src/core/model/validation-issue.js';

/** Deterministic fake ids: uuid n. */
const u = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const lineage = { sourceSystem: 'KiSS', sourceTable: 'BaPerson', sourceKey: '4711', mapping: 'kiss-person', mappingVersion: '1.0.0' };

/** One valid record per entity, with fictitious values. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  municipality: { id: u(1), bfsNumber: 351, name: 'Bern', cantonAbbreviation: 'BE', districtNumber: 246, historyId: 10001, validFrom: '1960-01-01' },
  socialService: {
    id: u(2),
    name: 'Sozialdienst Beispiel',
    authorityType: 'SOCIAL_SERVICE',
    bfsInstitutionCode: '123456',
    cantonAbbreviation: 'BE',
    seatMunicipalityBfsNumber: 351,
    servedMunicipalities: [{ municipalityBfsNumber: 351, validFrom: '2010-01-01' }, { municipalityBfsNumber: 352 }],
  },
  person: {
    id: u(3),
    vn: '7561234567897',
    oldAhvNumber: '12345678901',
    localPersonId: { personIdCategory: 'LOC.KISS', personId: '4711' },
    otherPersonIds: [{ personIdCategory: 'CH.ZAR', personId: '123' }],
    legacyIds: ['4711', '4712'],
    officialName: 'Muster',
    firstName: 'Anna',
    sex: '2',
    dateOfBirth: '1980-02',
    maritalStatus: '1',
    nationalityStatus: '2',
    nationalities: ['CH', 'IT'],
    languageOfCorrespondence: 'de',
    placeOfOrigin: [{ originName: 'Beispielhausen', cantonAbbreviation: 'BE' }],
    inSwitzerlandSince: '1980',
    arrivalInMunicipalityOn: '2015-04-01',
    highestEducation: '3',
    labourStatuses: ['1', '7'],
    workload: '2',
    housingStatus: '1',
    dwellingRooms: 3.5,
    lineage,
  },
  residencePermit: { id: u(4), personId: u(3), permit: '0201', permitCategory: '02', validFrom: '2019-05-01', validTo: '2024-04-30' },
  address: {
    id: u(5),
    personId: u(3),
    addressType: 'CIVIL_DOMICILE',
    street: 'Musterweg',
    houseNumber: '1a',
    swissZipCode: 3000,
    town: 'Bern',
    countryIso2: 'CH',
    municipalityBfsNumber: 351,
    fromResidentRegister: true,
    validFrom: '2015-04-01',
  },
  household: { id: u(6), addressId: u(5), numberOfPersons: 3, validFrom: '2015-04-01' },
  householdMember: { id: u(7), householdId: u(6), personId: u(3), relationshipToApplicant: '1', validFrom: '2015-04-01' },
  personRelation: { id: u(90), personId: u(3), relatedPersonId: u(91), relationType: '3', sourceRelationCode: '12', validFrom: '2010-03-01' },
  caseContainer: { id: u(92), personId: u(3), responsibleServiceId: u(2), municipalityBfsNumber: 351, dossierNumber: 'F-2019-7', openedOn: '2019-11-01' },
  case: {
    id: u(8),
    caseContainerId: u(92),
    domain: 'WSH',
    caseNumber: 'SD-2020-001',
    personId: u(3),
    municipalityBfsNumber: 351,
    responsibleServiceId: u(2),
    openedOn: '2020-01-15',
    closedOn: '2023-06-30',
    shsClosingReason: '1',
    shsBenefitType: '1',
    shsBenefitClass: 'WSH',
    shsApplicationType: '1',
  },
  casePhase: { id: u(9), caseId: u(8), phaseType: 'INTAKE', startedOn: '2020-01-15', endedOn: '2020-02-28' },
  supportUnit: { id: u(10), caseId: u(8), householdId: u(6), householdSize: 3, validFrom: '2020-01-15' },
  supportUnitMember: { id: u(11), supportUnitId: u(10), personId: u(3), role: '1', relationshipToApplicant: '1', isSupported: true, validFrom: '2020-01-15' },
  budget: {
    id: u(12),
    caseId: u(8),
    supportUnitId: u(10),
    budgetType: 'REGULAR',
    periodFrom: '2020-02-01',
    periodTo: '2020-02-29',
    budgetMonth: '2020-02',
    status: 'approved',
    approvedOn: '2020-01-30',
  },
  budgetLine: {
    id: u(13),
    budgetId: u(12),
    personId: u(3),
    lineType: 'GBL',
    amountRappen: 100_600,
    reductionRappen: 0,
    effectiveAmountRappen: 100_600,
    account: '3201',
  },
  maintenanceTitle: {
    id: u(14),
    caseId: u(8),
    creditorPersonId: u(3),
    debtorResidence: 'CH',
    titleType: 'DIVORCE_JUDGMENT',
    legalForceOn: '2018-03-01',
    baseChildMaintenanceRappen: 80_000,
  },
  maintenanceClaim: { id: u(15), titleId: u(14), claimType: 'CHILD_MAINTENANCE', amountRappen: 80_000, validFrom: '2018-03-01', albvEligible: true },
  maintenanceAdvance: { id: u(16), claimId: u(15), caseId: u(8), month: '2025-01', dueRappen: 80_000, advancedRappen: 80_000, recoveredRappen: 20_000 },
  collectionPosition: {
    id: u(17),
    caseId: u(8),
    claimId: u(15),
    month: '2025-01',
    maintenanceDueRappen: 80_000,
    maintenancePaidRappen: 20_000,
    albvRecoveredRappen: 20_000,
  },
  reimbursementClaim: {
    id: u(18),
    caseId: u(8),
    debtorPersonId: u(3),
    legalGround: 'IMPROVED_CIRCUMSTANCES',
    periodFrom: '2020-01-15',
    periodTo: '2023-06-30',
    claimedRappen: 5_000_000,
    waivedRappen: 0,
    instalmentRappen: 20_000,
    instalmentCount: 250,
  },
  booking: {
    id: u(19),
    voucherNumber: 'V-1',
    bookingType: 'ORDINARY_PAYMENT',
    bookingDate: '2020-02-01',
    valueDate: '2020-02-03',
    amountRappen: 250_000,
    periodMonth: '2020-02',
    payeeIban: 'CH9300762011623852957',
    caseId: u(8),
    budgetId: u(12),
  },
  integrationMeasure: {
    id: u(20),
    personId: u(3),
    caseId: u(8),
    measureType: 'QUALIFICATION',
    assignmentType: 'REFERRAL',
    startedOn: '2021-01-01',
    workloadPercent: 50,
  },
  kesMeasure: {
    id: u(21),
    personId: u(3),
    kesbId: 'BE-11',
    isChild: false,
    measureType: 'MAE010',
    decidedOn: '2022-05-01',
    taskAreas: [{ taskArea: 'AB040', mandateHolderType: 'M020' }],
    mainIndication: 'IE030',
    secondaryIndications: ['IE020'],
    reportSource: 'GE070',
    involuntaryPlacement: false,
  },
  kesNonMeasureBusiness: { id: u(22), personId: u(3), kesbId: 'BE-11', businessType: 'NMGE010', decidedOn: '2022-05-01' },
  document: {
    id: u(23),
    caseId: u(8),
    documentType: 'NOTE',
    title: 'Gesprächsnotiz',
    mediaType: 'application/pdf',
    byteSize: 12_345,
    sha256: 'a'.repeat(64),
    createdOn: '2020-01-15',
    contentRef: 'docs/23.pdf',
  },
};

/** A changed copy of a sample. */
function withChange(entity: string, change: Record<string, unknown>, remove: readonly string[] = []): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...SAMPLES[entity], ...change };
  for (const key of remove) delete copy[key];
  return copy;
}

describe('schema validation: valid samples', () => {
  it('has a sample for every entity of the model', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(
      getModel()
        .entities.map((e) => e.name)
        .sort(),
    );
  });

  it.each(Object.entries(SAMPLES))('%s sample passes', (entity, record) => {
    expect(validateAgainstSchema(entity, record)).toEqual([]);
  });

  it.each(getModel().entities.map((e) => e.name))('%s: a record with id only and the required fields of the sample passes', (entity) => {
    const required = (getModel().entity(entity).schema as { required: string[] }).required;
    const sample = SAMPLES[entity] ?? {};
    const minimal = Object.fromEntries(required.map((key) => [key, sample[key]]));
    expect(validateAgainstSchema(entity, minimal)).toEqual([]);
  });
});

describe('schema validation: invalid records', () => {
  const cases: Array<[string, string, Record<string, unknown>, readonly string[], string, string]> = [
    ['missing required', 'person', {}, ['officialName'], 'schema.required', '/officialName'],
    ['missing id', 'booking', {}, ['id'], 'schema.required', '/id'],
    ['wrong type', 'budgetLine', { amountRappen: '100.50' }, [], 'schema.type', '/amountRappen'],
    ['float money', 'budgetLine', { amountRappen: 100.5 }, [], 'schema.type', '/amountRappen'],
    ['negative non-negative money', 'budgetLine', { reductionRappen: -1 }, [], 'schema.range', '/reductionRappen'],
    ['not a uuid', 'case', { personId: 'P-1' }, [], 'schema.format', '/personId'],
    ['impossible date', 'case', { openedOn: '2021-02-29' }, [], 'schema.format', '/openedOn'],
    ['wrong month', 'booking', { periodMonth: '2020-13' }, [], 'schema.format', '/periodMonth'],
    ['bad partial date', 'person', { dateOfBirth: '1980-00' }, [], 'schema.format', '/dateOfBirth'],
    ['vn pattern', 'person', { vn: '7461234567897' }, [], 'schema.pattern', '/vn'],
    ['kesb id pattern', 'kesMeasure', { kesbId: 'Bern' }, [], 'schema.pattern', '/kesbId'],
    ['unknown property', 'address', { favouriteColour: 'blue' }, [], 'schema.additional_property', '/favouriteColour'],
    ['unknown nested property', 'person', { lineage: { ...lineage, extra: 1 } }, [], 'schema.additional_property', '/lineage/extra'],
    ['nested required', 'kesMeasure', { taskAreas: [{ mandateHolderType: 'M010' }] }, [], 'schema.required', '/taskAreas/0/taskArea'],
    ['enum', 'municipality', { cantonAbbreviation: 'XX' }, [], 'schema.enum', '/cantonAbbreviation'],
    ['status enum', 'budget', { status: 'lost' }, [], 'schema.enum', '/status'],
    ['municipality range', 'case', { municipalityBfsNumber: 10000 }, [], 'schema.range', '/municipalityBfsNumber'],
    ['percent range', 'integrationMeasure', { workloadPercent: 120 }, [], 'schema.range', '/workloadPercent'],
    ['rooms step', 'person', { dwellingRooms: 3.25 }, [], 'schema.range', '/dwellingRooms'],
    ['too long', 'person', { officialName: 'x'.repeat(101) }, [], 'schema.length', '/officialName'],
    ['too many labour statuses', 'person', { labourStatuses: ['1', '2', '3', '4', '5'] }, [], 'schema.items', '/labourStatuses'],
    ['duplicate codes', 'person', { labourStatuses: ['1', '1'] }, [], 'schema.items', '/labourStatuses'],
    ['iban shape', 'booking', { payeeIban: 'CH93 0076 2011' }, [], 'schema.pattern', '/payeeIban'],
  ];
  it.each(cases)('%s: %s gives %s', (_label, entity, change, remove, code, path) => {
    const issues = validateAgainstSchema(entity, withChange(entity, change, remove), { recordRef: 'ref-42' });
    expect(issues).toContainEqual(expect.objectContaining({ code, path, entity, severity: 'error', recordRef: 'ref-42' }));
    expect(hasErrors(issues)).toBe(true);
  });

  it('reports every problem at once (allErrors)', () => {
    const issues = validateAgainstSchema('person', withChange('person', { vn: '123', sex: 2, extra: true }, ['firstName']));
    expect(issues.map((i) => i.code).sort()).toEqual(['schema.additional_property', 'schema.pattern', 'schema.required', 'schema.type']);
  });

  it('a non-object record is a type issue at the root', () => {
    expect(validateAgainstSchema('person', 'not a record')).toEqual([expect.objectContaining({ code: 'schema.type', path: '' })]);
  });

  it('an unknown entity is a definition error, not an issue', () => {
    expect(() => validateAgainstSchema('ghost', {})).toThrowError(expect.objectContaining({ code: ERROR_CODES.UNKNOWN_ENTITY }));
  });
});

describe('schema validation never echoes values', () => {
  const secrets = {
    vn: '7569999999999x',
    dateOfBirth: '1975-13-45',
    officialName: 'Geheimname'.repeat(11),
    oldAhvNumber: '98765',
    nationalities: ['Schweiz'],
    secretField: 'Verena',
  };
  const issues = validateAgainstSchema('person', withChange('person', secrets), { recordRef: 'ref-1' });
  it('finds the wrong vn and the wrong birth date', () => {
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(
      expect.arrayContaining([
        'schema.pattern /vn',
        'schema.format /dateOfBirth',
        'schema.length /officialName',
        'schema.pattern /oldAhvNumber',
        'schema.pattern /nationalities/0',
        'schema.additional_property /secretField',
      ]),
    );
  });
  it.each(['7569999999999', '1975-13-45', '1975', 'Geheimname', '98765', 'Schweiz', 'Verena'])('no message or detail contains %s', (value) => {
    for (const issue of issues) {
      expect(issue.message).not.toContain(value);
      expect(JSON.stringify(issue.details ?? {})).not.toContain(value);
    }
  });
});

describe('date formats', () => {
  it.each([
    ['1980', true],
    ['1980-02', true],
    ['1980-02-29', true],
    ['1981-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['1980-04-31', false],
    ['1980-00', false],
    ['1980-13', false],
    ['80-01-01', false],
    ['1980-1-1', false],
    ['0000', false],
    ['', false],
  ])('partial-date %s → %s', (value, ok) => expect(isPartialDate(value)).toBe(ok));
  it.each([
    ['2025-01', true],
    ['2025-12', true],
    ['2025-13', false],
    ['2025-00', false],
    ['2025', false],
    ['2025-01-01', false],
  ])('year-month %s → %s', (value, ok) => expect(isYearMonth(value)).toBe(ok));
});

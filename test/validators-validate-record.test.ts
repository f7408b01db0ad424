/**
 * `validateRecord(entity, record)`: the schema first, then the Swiss rules, one `{ ok, issues }` verdict
 * per record, table-driven over several entities. And the privacy contract for every validator behind
 * it, ajv schema errors included: no issue (message, details, path) echoes the offending personal value.
 */
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../src/core/model/validation-issue.js';
import { validateRecord } from '../src/validators/validate-record.js';

const PERSON_ID = '6f1c1f7e-6a43-5d55-9f7e-2a0c6f1d9b01';
const CASE_ID = '0b6f3a52-8d21-5f0e-a2a3-6c7d1e9f4b22';
const person = { id: PERSON_ID, officialName: 'Muster', firstName: 'Anna', vn: '7561234567897', sex: '2', dateOfBirth: '1980-05-17' };
const caseRecord = { id: CASE_ID, domain: 'WSH', personId: PERSON_ID, municipalityBfsNumber: 261, openedOn: '2021-03-01' };
const booking = {
  id: '1d3b7c0e-2f4a-5b6c-8d9e-0a1b2c3d4e5f',
  bookingDate: '2024-01-31',
  amountRappen: 123450,
  bookingType: 'ORDINARY_PAYMENT',
  payeeIban: 'CH9300762011623852957',
};
const address = { id: '2e4c8d1f-3a5b-5c7d-9e0f-1b2c3d4e5f60', personId: PERSON_ID, addressType: 'RESIDENCE', swissZipCode: 8004, municipalityBfsNumber: 261 };
const context = { referenceDate: '2025-06-30' };

/** `code@path` of every issue, sorted, for compact expectations. */
const codes = (issues: readonly ValidationIssue[]): string[] => issues.map((i) => `${i.code}@${i.path}`).sort();

describe('validateRecord: schema first, then rules', () => {
  it.each([
    ['valid person', 'person', person, true, []],
    ['valid WSH case', 'case', caseRecord, true, []],
    ['valid booking with Swiss IBAN', 'booking', booking, true, []],
    ['valid address', 'address', address, true, []],
    ['person without official name', 'person', { ...person, officialName: undefined }, false, ['schema.required@/officialName']],
    ['person with vn of wrong shape', 'person', { ...person, vn: '756.1234.5678.97' }, false, ['schema.length@/vn', 'schema.pattern@/vn']],
    ['person with wrong AHV check digit', 'person', { ...person, vn: '7561234567898' }, false, ['ahvn13.check_digit@/vn']],
    ['person with unknown sex code', 'person', { ...person, sex: '9' }, false, ['code.unknown@/sex']],
    ['person born in the future', 'person', { ...person, dateOfBirth: '2031-08-19' }, false, ['person.birth_in_future@/dateOfBirth']],
    ['person of implausible age: a warning, still ok', 'person', { ...person, dateOfBirth: '1889-10-07' }, true, ['person.age_implausible@/dateOfBirth']],
    ['person with a property outside the model', 'person', { ...person, shoeSize: 42 }, false, ['schema.additional_property@/shoeSize']],
    ['case closed before it opened', 'case', { ...caseRecord, closedOn: '2021-02-28' }, false, ['date.order@/closedOn']],
    ['case in an unknown commune', 'case', { ...caseRecord, municipalityBfsNumber: 9876 }, false, ['bfs.municipality_unknown@/municipalityBfsNumber']],
    ['booking with money as a decimal string', 'booking', { ...booking, amountRappen: '1234.50' }, false, ['schema.type@/amountRappen']],
    ['booking with a bad IBAN check', 'booking', { ...booking, payeeIban: 'CH9300762011623852958' }, false, ['iban.checksum@/payeeIban']],
    ['address with a zip code out of range', 'address', { ...address, swissZipCode: 999 }, false, ['schema.range@/swissZipCode']],
  ] as const)('%s', (_name, entity, record, ok, expected) => {
    const result = validateRecord(entity, JSON.parse(JSON.stringify(record)), context);
    expect(codes(result.issues)).toEqual(expected);
    expect(result.ok).toBe(ok);
    for (const issue of result.issues) expect(issue.entity).toBe(entity);
  });

  it('does not run the rules on a record whose shape is wrong (no guessing at a value of the wrong type)', () => {
    const result = validateRecord('person', { ...person, officialName: undefined, vn: '7561234567898' }, context);
    // The vn check digit is wrong too, but the schema error stops the rules.
    expect(codes(result.issues)).toEqual(['schema.required@/officialName']);
  });

  it('rejects a non-object record with a schema issue instead of throwing', () => {
    expect(validateRecord('person', null)).toMatchObject({ ok: false, issues: [{ code: 'schema.type', path: '' }] });
    expect(validateRecord('person', 'Muster Anna').ok).toBe(false);
  });

  it('throws CB_UNKNOWN_ENTITY for an entity the model does not have', () => {
    expect(() => validateRecord('spaceship', {})).toThrow(expect.objectContaining({ code: 'CB_UNKNOWN_ENTITY' }));
  });

  it('copies the pseudonymous record reference onto rule issues', () => {
    const result = validateRecord('person', { ...person, vn: '7561234567898' }, { ...context, recordRef: 'persons:0a1b2c3d' });
    expect(result.issues.map((i) => i.recordRef)).toEqual(['persons:0a1b2c3d']);
  });
});

describe('validateRecord: no issue echoes the offending personal value', () => {
  /** Everything of an issue that reaches logs and reports. */
  const exposed = (issue: ValidationIssue): string =>
    JSON.stringify({ code: issue.code, path: issue.path, message: issue.message, details: issue.details ?? {} });

  it.each([
    ['AHV number failing the schema pattern', 'person', { vn: '756.9217.0769.85' }, ['756.9217.0769.85', '9217']],
    ['AHV number of the wrong length', 'person', { vn: '75612345' }, ['75612345']],
    ['AHV number with a wrong check digit', 'person', { vn: '7569217076984' }, ['7569217076984', '9217076984']],
    ['birth date of the wrong format', 'person', { dateOfBirth: '17.05.1980' }, ['17.05.1980', '1980']],
    ['birth date that is no calendar date', 'person', { dateOfBirth: '1980-02-30' }, ['1980-02-30', '02-30']],
    ['birth date in the future', 'person', { dateOfBirth: '2031-08-19' }, ['2031-08-19', '2031']],
    ['implausible age', 'person', { dateOfBirth: '1889-10-07' }, ['1889-10-07', '1889', '135', '136']],
    ['name too long', 'person', { officialName: `Zbigniewski${'x'.repeat(120)}` }, ['Zbigniewski']],
    ['name of the wrong type', 'person', { firstName: 4711 }, ['4711']],
    ['name given as an enum-like unknown code', 'person', { sex: 'Weiblich-Muster' }, ['Weiblich-Muster']],
    ['old AHV number of the wrong shape', 'person', { oldAhvNumber: '123.45.678.9' }, ['123.45.678.9', '123456789']],
    [
      'payee name of the wrong type and a bad IBAN',
      'booking',
      { payeeName: ['Hans', 'Muster'], payeeIban: 'CH93 0076 2011 6238 5295 8' },
      ['Hans', 'Muster', 'CH93', '6238'],
    ],
    ['free text over the limit', 'case', { caseNumber: `Dossier-Meier-${'9'.repeat(60)}` }, ['Dossier-Meier']],
  ] as const)('%s', (_name, entity, patch, secrets) => {
    const base: Record<string, unknown> = entity === 'person' ? person : entity === 'booking' ? booking : caseRecord;
    const result = validateRecord(entity, { ...base, ...patch }, context);
    // Some of these are warnings (an implausible age); all of them raise at least one issue.
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      const text = exposed(issue);
      for (const secret of secrets) expect(text, `${issue.code} echoes a personal value`).not.toContain(secret);
    }
  });
});

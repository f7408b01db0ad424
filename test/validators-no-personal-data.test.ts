import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../src/core/model/validation-issue.js';
import { checkAhvn13 } from '../src/validators/ahvn13.js';
import { checkCode } from '../src/validators/code-list-rule.js';
import { checkIban } from '../src/validators/iban.js';
import { checkMunicipality } from '../src/validators/municipality-rule.js';
import { validateRecordRules } from '../src/validators/rule-registry.js';

/** Every string an issue exposes to logs and reports. */
const exposed = (issue: ValidationIssue): string =>
  JSON.stringify({ message: issue.message, details: issue.details ?? {}, path: issue.path, code: issue.code });

/** The value and its normalised forms must not appear anywhere in the issue. */
function expectNoEcho(issues: readonly ValidationIssue[], ...values: string[]): void {
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    const text = exposed(issue);
    for (const value of values) expect(text, issue.code).not.toContain(value);
  }
}

describe('issue messages never echo the offending value', () => {
  it.each([
    ['7561234567898', ['7561234567898', '756.1234.5678.98', '1234567898']],
    ['756.1234.5678.98', ['756.1234.5678.98', '7561234567898']],
    ['757.9217.0769.85', ['757.9217.0769.85', '7579217076985']],
    ['123.45.678.901', ['123.45.678.901', '12345678901']],
    ['756.1234.56', ['756.1234.56', '756123456']],
  ])('AHV number %s', (value, forms) => {
    expectNoEcho(checkAhvn13(value, '/vn', { entity: 'person' }), ...forms);
  });

  it.each([
    ['CH9300762011623852958', ['CH9300762011623852958', '00762011623852958', 'CH93 0076']],
    ['CH93 0076 2011 6238 5295 8', ['CH93 0076 2011 6238 5295 8', 'CH9300762011623852958']],
    ['DE89370400440532013000', ['DE89370400440532013000', '370400440532013000']],
    ['ZZ12 3456 7890', ['ZZ12', '3456 7890']],
  ])('IBAN %s', (value, forms) => {
    expectNoEcho(checkIban(value, '/payeeIban', { entity: 'booking', swissOnly: true }), ...forms);
  });

  it('codes (messages stay uniform)', () => {
    expectNoEcho(checkCode('ech0011.sex', 'Geheim-Code-42', '/sex', { entity: 'person' }), 'Geheim-Code-42');
  });

  it('municipality numbers', () => {
    expectNoEcho(checkMunicipality(9876, '/municipalityBfsNumber', 2020), '9876');
  });

  it('dates (order, future birth, implausible age)', () => {
    const issues = [
      ...validateRecordRules('person', { dateOfBirth: '1977-03-14', dateOfDeath: '1976-11-23' }, { referenceDate: '2025-06-30' }),
      ...validateRecordRules('person', { dateOfBirth: '2031-08-19' }, { referenceDate: '2025-06-30' }),
      ...validateRecordRules('person', { dateOfBirth: '1889-10-07' }, { referenceDate: '2025-06-30' }),
      ...validateRecordRules('case', { openedOn: '2021-09-15', closedOn: '2021-09-14' }, { referenceDate: '2025-06-30' }),
    ];
    expect(issues.map((i) => i.code)).toEqual(['date.order', 'person.birth_in_future', 'person.age_implausible', 'date.order']);
    expectNoEcho(issues, '1977', '1976', '2031', '1889', '2021-09', '03-14', '11-23', '08-19', '10-07', '136', '135');
  });

  it('a full record with several personal values', () => {
    const issues = validateRecordRules(
      'person',
      { vn: '7569217076984', sex: 'Muster', dateOfBirth: '1898-02-02' },
      { referenceDate: '2025-06-30', recordRef: 'p-1' },
    );
    expect(issues.map((i) => i.code).sort()).toEqual(['ahvn13.check_digit', 'code.unknown', 'person.age_implausible']);
    expectNoEcho(issues, '7569217076984', '9217', 'Muster', '1898');
  });
});

import { describe, expect, it } from 'vitest';
import { checkIban, isQrIban, isSwissIban, isValidIban, normalizeIban } from '../src/validators/iban.js';

describe('IBAN', () => {
  it.each([
    // value, valid, swiss, qr
    ['CH93 0076 2011 6238 5295 7', true, true, false],
    ['CH9300762011623852957', true, true, false],
    ['ch93 0076 2011 6238 5295 7', true, true, false],
    ['LI21 0881 0000 2324 013A A', true, true, false],
    ['CH44 3199 9123 0008 8901 2', true, true, true],
    ['DE89 3704 0044 0532 0130 00', true, false, false],
    ['FR14 2004 1010 0505 0001 3M02 606', true, false, false],
    ['CH93 0076 2011 6238 5295 8', false, true, false],
    ['CH93 0076 2011 6238 5295', false, true, false],
    ['XX00 1234', false, false, false],
    ['', false, false, false],
  ])('%s: valid=%s swiss=%s qr=%s', (value, valid, swiss, qr) => {
    expect(isValidIban(value)).toBe(valid);
    expect(isSwissIban(value)).toBe(swiss);
    expect(isQrIban(value)).toBe(qr);
  });

  it('normalises to the electronic form', () => {
    expect(normalizeIban(' ch93 0076-2011 6238 5295 7 ')).toBe('CH9300762011623852957');
  });

  it.each([
    ['CH9300762011623852957', {}, []],
    ['CH4431999123000889012', { swissOnly: true }, []],
    ['LI21088100002324013AA', { swissOnly: true }, []],
    ['DE89370400440532013000', {}, []],
    ['DE89370400440532013000', { swissOnly: true }, ['iban.country']],
    ['CH9300762011623852958', {}, ['iban.checksum']],
    ['DE88370400440532013000', {}, ['iban.checksum']],
    ['CH930076201162385295', {}, ['iban.format']],
    ['ZZ9300762011623852957', {}, ['iban.format']],
    ['not an iban', {}, ['iban.format']],
  ])('checkIban(%s, %j) gives %j', (value, options, codes) => {
    const issues = checkIban(value, '/payeeIban', { entity: 'booking', ...options });
    expect(issues.map((i) => i.code)).toEqual(codes);
    for (const issue of issues) expect(issue.path).toBe('/payeeIban');
  });

  it('reports a foreign IBAN as a warning, broken ones as errors', () => {
    expect(checkIban('DE89370400440532013000', '/x', { swissOnly: true })[0]?.severity).toBe('warning');
    expect(checkIban('CH9300762011623852958', '/x')[0]?.severity).toBe('error');
  });
});

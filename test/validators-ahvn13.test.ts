import { describe, expect, it } from 'vitest';
import { ahvn13CheckDigit, checkAhvn13, isOldAhvNumber, isValidAhvn13, normalizeAhvn13 } from '../src/validators/ahvn13.js';

describe('AHVN13', () => {
  it.each([
    ['756.1234.5678.97', true],
    ['756.9217.0769.85', true],
    ['7561234567897', true],
    ['756 1234 5678 97', true],
    ['756-1234-5678-97', true],
    ['7560000000002', true],
    ['7560000000001', false], // openmun's lower bound fails the check digit (brief §3)
    ['756.1234.5678.98', false],
    ['756.9217.0769.84', false],
    ['757.1234.5678.97', false],
    ['756.1234.5678.9', false],
    ['756123456789700', false],
    ['ABC.1234.5678.97', false],
    ['', false],
    ['123.45.678.901', false],
  ])('isValidAhvn13(%s) = %s', (value, expected) => {
    expect(isValidAhvn13(value)).toBe(expected);
  });

  it('computes the EAN-13 check digit over the first 12 digits', () => {
    expect(ahvn13CheckDigit('756123456789')).toBe(7);
    expect(ahvn13CheckDigit('756921707698')).toBe(5);
    expect(ahvn13CheckDigit('756000000000')).toBe(2);
  });

  it('normalises dots, spaces and hyphens away', () => {
    expect(normalizeAhvn13(' 756.1234-5678 97 ')).toBe('7561234567897');
  });

  it.each([
    ['123.45.678.901', true],
    ['12345678901', true],
    ['756.1234.5678.97', false],
    ['123.456.78.901', false],
    ['1234567890', false],
  ])('isOldAhvNumber(%s) = %s', (value, expected) => {
    expect(isOldAhvNumber(value)).toBe(expected);
  });

  it.each([
    ['756.1234.5678.97', []],
    ['756.9217.0769.85', []],
    ['7560000000001', ['ahvn13.check_digit']],
    ['756.1234.5678.90', ['ahvn13.check_digit']],
    ['757.1234.5678.97', ['ahvn13.prefix']],
    ['756.1234.5678', ['ahvn13.format']],
    ['75612345678XY', ['ahvn13.format']],
    ['123.45.678.901', ['ahvn13.old_number']],
    ['12345678901', ['ahvn13.old_number']],
  ])('checkAhvn13(%s) gives %j', (value, codes) => {
    const issues = checkAhvn13(value, '/vn', { entity: 'person', recordRef: 'rec-1' });
    expect(issues.map((i) => i.code)).toEqual(codes);
    for (const issue of issues) {
      expect(issue).toMatchObject({ severity: 'error', entity: 'person', path: '/vn', recordRef: 'rec-1' });
    }
  });
});

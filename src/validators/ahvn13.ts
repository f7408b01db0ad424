/**
 * The AHV number AHVN13 (eCH `vn`): 13 digits, prefix 756, EAN-13 check digit (weights 1,3,1,3,… on
 * digits 1–12 from the left; check = (10 − sum mod 10) mod 10) [hl7ch/ch-core ahvn13-digit-check.fsh;
 * KiSS fnBaIsValidVersichertennummer]. The old 11-digit number (XXX.XX.XXX.XXX) is a legacy identifier,
 * never a vn.
 */
import type { ValidationIssue } from '../core/model/validation-issue.js';
import { makeIssue, type IssueContext } from './issue.js';

/** Removes the separators people write in AHV numbers (dots, spaces, hyphens). */
export function normalizeAhvn13(value: string): string {
  return value.replace(/[.\s-]/g, '');
}

/** The EAN-13 check digit for the first 12 digits. */
export function ahvn13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** True for a valid AHVN13 (separators allowed): 13 digits, prefix 756, correct check digit. */
export function isValidAhvn13(value: string): boolean {
  const digits = normalizeAhvn13(value);
  return /^756\d{10}$/.test(digits) && ahvn13CheckDigit(digits.slice(0, 12)) === Number(digits[12]);
}

/** True for the old 11-digit AHV number, written `XXX.XX.XXX.XXX` or as 11 bare digits. */
export function isOldAhvNumber(value: string): boolean {
  const trimmed = value.trim();
  return /^\d{3}\.\d{2}\.\d{3}\.\d{3}$/.test(trimmed) || /^\d{11}$/.test(trimmed);
}

/**
 * Checks a value meant as vn and returns issues (empty when valid): `ahvn13.old_number` (an old 11-digit
 * number where a vn is expected), `ahvn13.format` (not 13 digits), `ahvn13.prefix` (not 756),
 * `ahvn13.check_digit`.
 */
export function checkAhvn13(value: string, path: string, context: IssueContext = {}): ValidationIssue[] {
  if (isOldAhvNumber(value)) {
    return [
      makeIssue('ahvn13.old_number', 'error', path, `${path} holds an old 11-digit AHV number, not an AHVN13; map it to the legacy identifier.`, context),
    ];
  }
  const digits = normalizeAhvn13(value);
  if (!/^\d{13}$/.test(digits)) {
    return [makeIssue('ahvn13.format', 'error', path, `${path} is not an AHVN13: 13 digits expected.`, context, { expectedDigits: 13 })];
  }
  if (!digits.startsWith('756')) {
    return [makeIssue('ahvn13.prefix', 'error', path, `${path} is not an AHVN13: the prefix must be 756.`, context)];
  }
  if (ahvn13CheckDigit(digits.slice(0, 12)) !== Number(digits[12])) {
    return [makeIssue('ahvn13.check_digit', 'error', path, `${path} fails the AHVN13 check digit (EAN-13).`, context)];
  }
  return [];
}

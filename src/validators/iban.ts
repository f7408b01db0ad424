/**
 * IBAN checks on top of ibantools (checksum, country formats), plus the Swiss specifics: CH/LI IBANs and
 * QR-IBANs (institution id 30000–31999), which are valid IBANs but only for QR-bill references.
 */
import { electronicFormatIBAN, isQRIBAN, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import type { ValidationIssue } from '../core/model/validation-issue.js';
import { makeIssue, type IssueContext } from './issue.js';

/** Electronic form of an IBAN: upper case, no spaces or separators. */
export function normalizeIban(value: string): string {
  return electronicFormatIBAN(value.replace(/[-.]/g, '')) ?? '';
}

/** True for a valid IBAN (any country, QR-IBAN included), written with or without spaces. */
export function isValidIban(value: string): boolean {
  return validateIBAN(normalizeIban(value)).valid;
}

/** True for an IBAN of Switzerland or Liechtenstein (country code only; combine with isValidIban). */
export function isSwissIban(value: string): boolean {
  const iban = normalizeIban(value);
  return iban.startsWith('CH') || iban.startsWith('LI');
}

/** True for a Swiss/Liechtenstein QR-IBAN (IID 30000–31999). */
export function isQrIban(value: string): boolean {
  return isQRIBAN(normalizeIban(value));
}

/** Options of `checkIban`. */
export interface IbanCheckOptions extends IssueContext {
  /** Report a foreign IBAN (`iban.country`, warning); default false. */
  readonly swissOnly?: boolean;
}

/**
 * Checks a value meant as IBAN and returns issues (empty when valid): `iban.format` (not an IBAN of a
 * known country format), `iban.checksum` (check digits or national checksum wrong), `iban.country`
 * (foreign IBAN where a Swiss one is expected, warning).
 */
export function checkIban(value: string, path: string, options: IbanCheckOptions = {}): ValidationIssue[] {
  const iban = normalizeIban(value);
  const result = validateIBAN(iban);
  if (!result.valid) {
    const checksumOnly = result.errorCodes.every(
      (code) => code === ValidationErrorsIBAN.WrongIBANChecksum || code === ValidationErrorsIBAN.WrongAccountBankBranchChecksum,
    );
    return checksumOnly
      ? [makeIssue('iban.checksum', 'error', path, `${path} fails the IBAN check digits.`, options)]
      : [makeIssue('iban.format', 'error', path, `${path} is not an IBAN of a known country format.`, options)];
  }
  if (options.swissOnly === true && !isSwissIban(iban)) {
    return [makeIssue('iban.country', 'warning', path, `${path} is not a Swiss or Liechtenstein IBAN.`, options, { expected: 'CH|LI' })];
  }
  return [];
}

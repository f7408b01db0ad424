/**
 * AHV number normalisation for mappings. The check-digit rules live in `src/validators/ahvn13.ts` (one
 * implementation); here they become transforms: a vn column yields the 13 bare digits or a stable issue,
 * and an old 11-digit number found where a vn is expected is reported (`transform.ahv_old_number`) so that
 * the mapping sends it to `oldAhvNumber` instead of losing or misfiling it.
 */
import { isOldAhvNumber, isValidAhvn13, normalizeAhvn13 } from '../../validators/ahvn13.js';
import { defineTransform, fail, ok, TRANSFORM_CODES, type Transform, type TransformResult } from './transform-result.js';

/** Normalises an AHVN13 to 13 digits without separators, verifying prefix and check digit. */
export function parseAhvn13(input: unknown): TransformResult<string> {
  if (typeof input === 'number' && Number.isSafeInteger(input)) input = String(input);
  if (typeof input !== 'string') return fail(TRANSFORM_CODES.TYPE_INVALID, { expected: 'AHV number text' });
  const trimmed = input.trim();
  if (isOldAhvNumber(trimmed)) return fail(TRANSFORM_CODES.AHV_OLD_NUMBER);
  const digits = normalizeAhvn13(trimmed);
  if (!/^\d{13}$/.test(digits)) return fail(TRANSFORM_CODES.AHV_INVALID, { reason: 'format', expectedDigits: 13 });
  if (!digits.startsWith('756')) return fail(TRANSFORM_CODES.AHV_INVALID, { reason: 'prefix' });
  if (!isValidAhvn13(digits)) return fail(TRANSFORM_CODES.AHV_CHECK_DIGIT);
  return ok(digits);
}

/** Normalises an old 11-digit AHV number (`XXX.XX.XXX.XXX`) to its 11 bare digits. */
export function parseOldAhvNumber(input: unknown): TransformResult<string> {
  if (typeof input === 'number' && Number.isSafeInteger(input)) input = String(input).padStart(11, '0');
  if (typeof input !== 'string') return fail(TRANSFORM_CODES.TYPE_INVALID, { expected: 'AHV number text' });
  const trimmed = input.trim();
  if (!isOldAhvNumber(trimmed)) return fail(TRANSFORM_CODES.AHV_INVALID, { reason: 'not-old-format', expectedDigits: 11 });
  return ok(trimmed.replace(/\./g, ''));
}

/** Transform: AHVN13 (eCH `vn`) as 13 digits. */
export function ahvn13(): Transform<unknown, string> {
  return defineTransform('ahvn13', {}, parseAhvn13);
}

/** Transform: old 11-digit AHV number as 11 digits. */
export function oldAhvNumber(): Transform<unknown, string> {
  return defineTransform('oldAhvNumber', {}, parseOldAhvNumber);
}

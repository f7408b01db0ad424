/**
 * Boolean variants of the four Swiss languages and of legacy databases (J/N, ja/nein, oui/non, sì/no,
 * 1/0, true/false). Anything else is `transform.boolean_invalid`: a blank or `x` is not silently false.
 */
import { defineTransform, fail, ok, TRANSFORM_CODES, type Transform, type TransformResult } from './transform-result.js';

const TRUE = ['j', 'ja', 'y', 'yes', 'o', 'oui', 's', 'si', 'sì', 'true', 't', 'wahr', 'vrai', 'vero', '1'];
const FALSE = ['n', 'nein', 'no', 'non', 'false', 'f', 'falsch', 'faux', 'falso', '0'];

/** Options of {@link parseBoolean}. */
export interface BooleanOptions {
  /** Further source spellings meaning true (compared trimmed and case-insensitively). */
  readonly extraTrue?: readonly string[];
  /** Further source spellings meaning false. */
  readonly extraFalse?: readonly string[];
}

/** Parses a boolean variant; numbers other than 1/0 and unknown words are rejected. */
export function parseBoolean(input: unknown, options: BooleanOptions = {}): TransformResult<boolean> {
  if (typeof input === 'boolean') return ok(input);
  if (typeof input === 'number') {
    if (input === 1) return ok(true);
    if (input === 0) return ok(false);
    return fail(TRANSFORM_CODES.BOOLEAN_INVALID, { reason: 'number' });
  }
  if (typeof input !== 'string') return fail(TRANSFORM_CODES.TYPE_INVALID, { expected: 'boolean text' });
  const key = input.trim().toLocaleLowerCase('de-CH');
  const extraTrue = (options.extraTrue ?? []).map((v) => v.trim().toLocaleLowerCase('de-CH'));
  const extraFalse = (options.extraFalse ?? []).map((v) => v.trim().toLocaleLowerCase('de-CH'));
  const isTrue = TRUE.includes(key) || extraTrue.includes(key);
  const isFalse = FALSE.includes(key) || extraFalse.includes(key);
  if (isTrue && !isFalse) return ok(true);
  if (isFalse && !isTrue) return ok(false);
  return fail(TRANSFORM_CODES.BOOLEAN_INVALID, { reason: isTrue ? 'conflicting-variants' : key === '' ? 'empty' : 'unknown-variant' });
}

/** Transform: a boolean from its variants. */
export function booleanFlag(options: BooleanOptions = {}): Transform<unknown, boolean> {
  const params: Record<string, string> = {};
  if (options.extraTrue !== undefined) params['extraTrue'] = options.extraTrue.join('|');
  if (options.extraFalse !== undefined) params['extraFalse'] = options.extraFalse.join('|');
  return defineTransform('boolean', params, (input) => parseBoolean(input, options));
}

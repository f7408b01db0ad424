/**
 * Integers from text columns (BFS municipality numbers, postal codes, counts stored as `varchar`).
 * Only plain digits with an optional sign are accepted; `12.0`, `1e3` or `12 Stk.` are issues.
 */
import { defineTransform, fail, ok, TRANSFORM_CODES, type Transform, type TransformResult } from './transform-result.js';

/** Options of {@link parseInteger}. */
export interface IntegerOptions {
  readonly min?: number;
  readonly max?: number;
}

/** Parses a safe integer from a number or digit text, within optional bounds. */
export function parseInteger(input: unknown, options: IntegerOptions = {}): TransformResult<number> {
  let value: number;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) return fail(TRANSFORM_CODES.INTEGER_INVALID, { reason: 'not-an-integer' });
    value = input;
  } else if (typeof input === 'string' && /^[+-]?\d+$/.test(input.trim())) {
    value = Number(input.trim());
    if (!Number.isSafeInteger(value)) return fail(TRANSFORM_CODES.INTEGER_INVALID, { reason: 'too-large' });
  } else {
    return fail(TRANSFORM_CODES.INTEGER_INVALID, { reason: 'format' });
  }
  if (options.min !== undefined && value < options.min) return fail(TRANSFORM_CODES.INTEGER_INVALID, { reason: 'below-minimum', min: options.min });
  if (options.max !== undefined && value > options.max) return fail(TRANSFORM_CODES.INTEGER_INVALID, { reason: 'above-maximum', max: options.max });
  return ok(value === 0 ? 0 : value);
}

/** Transform: an integer within optional bounds. */
export function integer(options: IntegerOptions = {}): Transform<unknown, number> {
  const params: Record<string, number> = {};
  if (options.min !== undefined) params['min'] = options.min;
  if (options.max !== undefined) params['max'] = options.max;
  return defineTransform('integer', params, (input) => parseInteger(input, options));
}

/**
 * The result shape every transform returns. A transform never throws for bad data and never guesses: it
 * either returns a value or a stable issue code (`transform.date_invalid`, ...) with machine-readable
 * details that hold no personal value, so the mapping can quarantine the row and count the code.
 */
import type { TransformOk, TransformResult } from '../../core/model/parse-result.js';

export type { TransformFailure, TransformOk, TransformResult } from '../../core/model/parse-result.js';
export { fail, ok } from '../../core/model/parse-result.js';
export { TRANSFORM_CODES } from '../../core/model/transform-codes.js';

/**
 * Keeps a value and records a warning: `keep(value).warn('person.ahv_old_number')` loads the value and
 * puts the warning (code, details without the value) on the field, e.g. an old 11-digit AHV number or a
 * code mapped to "unknown".
 */
export function keep<T>(value: T): {
  /** The kept value with the warning `code` (and `details`, never the value itself). */
  warn(code: string, details?: Readonly<Record<string, string | number | boolean | null>>): TransformOk<T>;
} {
  return {
    warn: (code, details) => (details === undefined ? { ok: true, value, warning: { code } } : { ok: true, value, warning: { code, details } }),
  };
}

/** Parameters of a transform as plain data, shown in the mapping document. */
export type TransformParams = Readonly<Record<string, string | number | boolean | null>>;

/**
 * A named, parameterised transform: the function that runs plus the metadata that documents it. The
 * mapping document prints `name` and `params`, so what is documented is what runs.
 */
export interface Transform<I = unknown, O = unknown> {
  /** Stable name, e.g. `swissDate`, `moneyRappen`. */
  readonly name: string;
  /** Parameters as plain data (pivot year, rounding, ...). */
  readonly params: TransformParams;
  /** Applies the transform to one non-null input. */
  readonly apply: (input: I) => TransformResult<O>;
}

/** Creates a frozen {@link Transform}. */
export function defineTransform<I, O>(name: string, params: TransformParams, apply: (input: I) => TransformResult<O>): Transform<I, O> {
  return Object.freeze({ name, params: Object.freeze({ ...params }), apply });
}

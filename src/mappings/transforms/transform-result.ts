/**
 * The result shape every transform returns. A transform never throws for bad data and never guesses: it
 * either returns a value or a stable issue code (`transform.date_invalid`, ...) with machine-readable
 * details that hold no personal value, so the mapping can quarantine the row and count the code.
 */
import type { IssueCode } from '../../core/issue-codes.js';

/** Parsed successfully. */
export interface TransformOk<T> {
  readonly ok: true;
  readonly value: T;
  /** The value loads, and this warning is recorded on the field (see {@link keep}). */
  readonly warning?: { readonly code: string; readonly details?: Readonly<Record<string, string | number | boolean | null>> };
}

/** Could not parse: a stable, dotted issue code plus details (limits, formats; never the input). */
export interface TransformFailure {
  readonly ok: false;
  readonly code: string;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** Either a value or a failure with a stable code. */
export type TransformResult<T> = TransformOk<T> | TransformFailure;

/** Builds a success. */
export function ok<T>(value: T): TransformOk<T> {
  return { ok: true, value };
}

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

/** Builds a failure; `details` must not contain the input value. */
export function fail(code: string, details?: Readonly<Record<string, string | number | boolean | null>>): TransformFailure {
  return details === undefined ? { ok: false, code } : { ok: false, code, details };
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

/** Stable issue codes produced by the transforms library. Never rename one; add new ones. */
export const TRANSFORM_CODES = {
  TYPE_INVALID: 'transform.type_invalid',
  DATE_INVALID: 'transform.date_invalid',
  DATE_PARTIAL: 'transform.date_partial',
  DATE_TWO_DIGIT_YEAR: 'transform.date_two_digit_year',
  MONEY_INVALID: 'transform.money_invalid',
  MONEY_AMBIGUOUS: 'transform.money_ambiguous',
  MONEY_PRECISION: 'transform.money_precision',
  MONEY_OUT_OF_RANGE: 'transform.money_out_of_range',
  BOOLEAN_INVALID: 'transform.boolean_invalid',
  AHV_INVALID: 'transform.ahv_invalid',
  AHV_CHECK_DIGIT: 'transform.ahv_check_digit',
  AHV_OLD_NUMBER: 'transform.ahv_old_number',
  NAME_INVALID: 'transform.name_invalid',
  TEXT_EMPTY: 'transform.text_empty',
  TEXT_TOO_LONG: 'transform.text_too_long',
  SEX_UNKNOWN: 'transform.sex_unknown',
  SEX_AMBIGUOUS: 'transform.sex_ambiguous',
  MARITAL_STATUS_UNKNOWN: 'transform.marital_status_unknown',
  MARITAL_STATUS_AMBIGUOUS: 'transform.marital_status_ambiguous',
  INTEGER_INVALID: 'transform.integer_invalid',
} as const satisfies Readonly<Record<string, IssueCode>>;

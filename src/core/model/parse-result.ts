/**
 * The result of parsing one source value (Swiss dates, money, codes): a value or a stable issue code with
 * details that never hold the input. Core owns the shape because its control totals parse source amounts
 * and dates with the same parsers the mapping transforms use.
 */
/** Parsed successfully. */
export interface TransformOk<T> {
  readonly ok: true;
  readonly value: T;
  /** The value loads, and this warning is recorded on the field (see `keep` of the mapping transforms). */
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

/** Builds a failure; `details` must not contain the input value. */
export function fail(code: string, details?: Readonly<Record<string, string | number | boolean | null>>): TransformFailure {
  return details === undefined ? { ok: false, code } : { ok: false, code, details };
}

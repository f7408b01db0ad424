/**
 * Values as every connector hands them to the pipeline: one representation per normalised type, the
 * same for every database and file format, so that mappings never see driver quirks.
 *
 * | normalised type | JavaScript value                                   |
 * |-----------------|----------------------------------------------------|
 * | integer         | number (fits in ±2^53)                             |
 * | bigint          | string of decimal digits (type-stable, exact)      |
 * | decimal         | string, exact, no exponent ("-1234.5000")          |
 * | float           | number                                             |
 * | boolean         | boolean                                            |
 * | string          | string (NUL-free, as stored; '' stays '')          |
 * | date            | 'YYYY-MM-DD' (calendar date, never a JS Date)      |
 * | timestamp       | 'YYYY-MM-DDTHH:MM:SS[.ffffff]' (no zone)           |
 * | timestamptz     | ISO 8601 with 'Z'                                  |
 * | time            | 'HH:MM:SS[.ffffff]'                                |
 * | uuid            | lowercase 'xxxxxxxx-xxxx-...'                      |
 * | binary          | Uint8Array                                         |
 * | json            | parsed JSON value                                  |
 * | unknown         | string                                             |
 *
 * NULL is `null`. A stored value that cannot be represented (a MySQL zero date `0000-00-00`, an
 * out-of-range date) arrives as an {@link InvalidSourceValue}, so the row is never dropped and the mapping
 * can turn it into an issue with a stable code.
 */

/** The normalised column types every connector maps its raw types onto. */
export type NormalizedType =
  | 'integer'
  | 'bigint'
  | 'decimal'
  | 'float'
  | 'boolean'
  | 'string'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'time'
  | 'uuid'
  | 'binary'
  | 'json'
  | 'unknown';

/** Why a stored value could not be represented in its normalised type. */
export type InvalidValueReason = 'zero-date' | 'invalid-date' | 'out-of-range' | 'undecodable';

/**
 * A stored value that has no faithful representation. `raw` is the value as text for the mapping to
 * inspect; it may be personal data and must never be logged or reported.
 */
export class InvalidSourceValue {
  constructor(
    readonly reason: InvalidValueReason,
    readonly raw: string,
  ) {}

  /** Serialised form (checkpoints, JSON Lines): `{ "$invalid": reason, "raw": raw }`. */
  toJSON(): { $invalid: InvalidValueReason; raw: string } {
    return { $invalid: this.reason, raw: this.raw };
  }
}

/** Any value a connector can hand out. */
export type SourceValue = string | number | boolean | null | Uint8Array | InvalidSourceValue | JsonValue;

/** A JSON value (for json columns and JSON Lines sources). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One source row keyed by column name. */
export type SourceRow = Record<string, SourceValue>;

/** True when `value` is an {@link InvalidSourceValue}. */
export function isInvalidSourceValue(value: unknown): value is InvalidSourceValue {
  return value instanceof InvalidSourceValue;
}

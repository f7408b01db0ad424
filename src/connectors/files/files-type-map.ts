/**
 * Declared column types of flat files: turns field text (CSV) or JSON values (JSON Lines) into the
 * normalised value representation. Parsing is strict: a value that does not parse is never guessed or
 * dropped but becomes an InvalidSourceValue (`invalid-date` for temporal columns, `out-of-range` for
 * integers beyond ±2^53, `undecodable` otherwise), so the mapping can report it as an issue.
 */
import { InvalidSourceValue, type JsonValue, type NormalizedType, type SourceValue } from '../../core/connector/source-value.js';
import { parseDecimalText } from '../shared/decimal-text.js';
import { parseDateText, parseTimestampText, parseTimestamptzText, parseTimeText } from '../shared/temporal-text.js';

/** Texts accepted for boolean columns (case-insensitive; German, French, English and 1/0). */
export const BOOLEAN_TEXTS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  ja: true,
  nein: false,
  j: true,
  n: false,
  yes: true,
  no: false,
  y: true,
  oui: true,
  non: false,
  wahr: true,
  falsch: false,
};

const TEMPORAL: ReadonlySet<NormalizedType> = new Set(['date', 'timestamp', 'timestamptz', 'time']);
const FLOAT_WITH_EXPONENT = /^[+-]?(?:\d+\.?\d*|\.\d+)e[+-]?\d+$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Options of typed parsing. */
export interface TypeParseOptions {
  readonly decimalSeparator: '.' | ',';
}

function invalid(type: NormalizedType, raw: string, reason?: 'out-of-range'): InvalidSourceValue {
  return new InvalidSourceValue(reason ?? (TEMPORAL.has(type) ? 'invalid-date' : 'undecodable'), raw);
}

/** True for the types whose values are text as read (no parsing, `''` allowed). */
export function isTextType(type: NormalizedType): boolean {
  return type === 'string' || type === 'unknown';
}

/** Converts one field text to the representation of `type`. */
export function parseTypedText(type: NormalizedType, text: string, options: TypeParseOptions): SourceValue {
  const value = text.trim();
  switch (type) {
    case 'string':
    case 'unknown':
      return text;
    case 'integer': {
      const digits = parseDecimalText(value, options.decimalSeparator);
      if (digits === undefined || digits.includes('.')) return invalid(type, text);
      const n = Number(digits);
      return Number.isSafeInteger(n) ? n : invalid(type, text, 'out-of-range');
    }
    case 'bigint': {
      const digits = parseDecimalText(value, options.decimalSeparator);
      return digits === undefined || digits.includes('.') ? invalid(type, text) : digits;
    }
    case 'decimal':
      return parseDecimalText(value, options.decimalSeparator) ?? invalid(type, text);
    case 'float': {
      const digits = parseDecimalText(value, options.decimalSeparator);
      const n = digits !== undefined ? Number(digits) : FLOAT_WITH_EXPONENT.test(value) ? Number(value) : Number.NaN;
      return Number.isFinite(n) ? n : invalid(type, text);
    }
    case 'boolean': {
      const b = BOOLEAN_TEXTS[value.toLowerCase()];
      return b ?? invalid(type, text);
    }
    case 'date':
      return parseDateText(value) ?? invalid(type, text);
    case 'timestamp':
      return parseTimestampText(value) ?? invalid(type, text);
    case 'timestamptz':
      return parseTimestamptzText(value) ?? invalid(type, text);
    case 'time':
      return parseTimeText(value) ?? invalid(type, text);
    case 'uuid':
      return UUID.test(value) ? value.toLowerCase() : invalid(type, text);
    case 'binary':
      return BASE64.test(value) ? new Uint8Array(Buffer.from(value, 'base64')) : invalid(type, text);
    case 'json':
      try {
        return JSON.parse(value) as JsonValue;
      } catch {
        return invalid(type, text);
      }
  }
}

/**
 * Converts one JSON Lines value to the representation of `type`. Strings go through the same parser
 * as CSV text. JSON numbers in decimal columns have already passed through a JS double when the line
 * was parsed: exact amounts belong in JSON strings (`"1234.50"`); a number that needs an exponent is
 * `out-of-range`.
 */
export function convertJsonValue(type: NormalizedType, value: JsonValue | undefined, options: TypeParseOptions): SourceValue {
  if (value === null || value === undefined) return null;
  if (type === 'json') return value;
  if (typeof value === 'string') return parseTypedText(type, value, options);
  const raw = JSON.stringify(value);
  if (typeof value === 'number') {
    switch (type) {
      case 'integer':
        return Number.isSafeInteger(value) ? value : invalid(type, raw, Number.isInteger(value) ? 'out-of-range' : undefined);
      case 'float':
        return value;
      case 'bigint':
      case 'decimal':
        if (/e/i.test(raw)) return invalid(type, raw, 'out-of-range');
        // Integers beyond 2^53 were already rounded by JSON.parse: not the stored value any more.
        if (Number.isInteger(value)) return Number.isSafeInteger(value) ? raw : invalid(type, raw, 'out-of-range');
        return type === 'decimal' ? raw : invalid(type, raw);
      case 'string':
      case 'unknown':
        return raw;
      default:
        return invalid(type, raw);
    }
  }
  if (typeof value === 'boolean') {
    if (type === 'boolean') return value;
    return isTextType(type) ? raw : invalid(type, raw);
  }
  return isTextType(type) ? raw : invalid(type, raw);
}

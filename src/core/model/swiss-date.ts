/**
 * Swiss date formats into calendar-date strings. Legacy systems write `dd.mm.yyyy`, `d.m.yy`, `00.00.1970`
 * (day and month unknown) or hand connectors ISO dates; the canonical model wants `YYYY-MM-DD`, or
 * `YYYY` / `YYYY-MM` where a field allows partially known dates. Nothing is guessed: two-digit years need
 * an explicit pivot, partial dates an explicit opt-in, and an impossible day (`31.02.2020`) is an issue.
 */
import { daysInMonth } from './date-formats.js';
import { fail, ok, type TransformResult } from './parse-result.js';
import { TRANSFORM_CODES } from './transform-codes.js';

/** Options of {@link parseSwissDate}. */
export interface SwissDateOptions {
  /**
   * First year of the 100-year window that two-digit years fall into, e.g. `1930`: `29` → 2029,
   * `30` → 1930. Without it, two-digit years are rejected (`transform.date_two_digit_year`).
   */
  readonly pivotYear?: number;
  /** Accept partially known dates (`1970`, `03.1970`, `00.00.1970`) as `YYYY` / `YYYY-MM`. Default false. */
  readonly partial?: boolean;
  /** Earliest accepted year (default 1800, the model's lower bound). */
  readonly minYear?: number;
  /** Latest accepted year (default 2200, the model's upper bound). */
  readonly maxYear?: number;
}

const SWISS = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const MONTH_YEAR = /^(\d{1,2})\.(\d{4})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Parses a Swiss or ISO date into `YYYY-MM-DD` (or `YYYY`/`YYYY-MM` with `partial`). Accepts
 * `dd.mm.yyyy`, `d.m.yyyy`, `dd.mm.yy` (with `pivotYear`), an optional time part that is dropped,
 * ISO `YYYY-MM-DD` and zone-less ISO timestamps (their date part). Zoned timestamps are rejected: their
 * calendar day depends on a time zone the mapping has to choose explicitly.
 */
export function parseSwissDate(input: unknown, options: SwissDateOptions = {}): TransformResult<string> {
  const partial = options.partial ?? false;
  if (typeof input === 'number') {
    if (partial && Number.isInteger(input)) return checkParts(input, 0, 0, options);
    return fail(TRANSFORM_CODES.TYPE_INVALID, { expected: 'date text' });
  }
  if (typeof input !== 'string') return fail(TRANSFORM_CODES.TYPE_INVALID, { expected: 'date text' });
  const text = input.trim();
  if (text === '') return fail(TRANSFORM_CODES.DATE_INVALID, { reason: 'empty' });

  let m = SWISS.exec(text);
  if (m) {
    const [, d = '', mo = '', y = ''] = m;
    let year = Number(y);
    if (y.length === 2) {
      if (options.pivotYear === undefined) return fail(TRANSFORM_CODES.DATE_TWO_DIGIT_YEAR, { reason: 'pivot-missing' });
      year = windowYear(year, options.pivotYear);
    }
    return checkParts(year, Number(mo), Number(d), options);
  }
  m = ISO.exec(text);
  if (m) {
    const [, y = '', mo = '', d = '', , , , zone] = m;
    if (zone !== undefined) return fail(TRANSFORM_CODES.DATE_INVALID, { reason: 'zoned-timestamp' });
    return checkParts(Number(y), Number(mo), Number(d), options);
  }
  m = MONTH_YEAR.exec(text) ?? ISO_MONTH.exec(text);
  if (m) {
    const [y, mo] = MONTH_YEAR.test(text) ? [m[2], m[1]] : [m[1], m[2]];
    return checkParts(Number(y), Number(mo), 0, options);
  }
  m = YEAR.exec(text);
  if (m) return checkParts(Number(m[1]), 0, 0, options);
  return fail(TRANSFORM_CODES.DATE_INVALID, { reason: 'format' });
}

/** Maps a two-digit year into the window `[pivotYear, pivotYear + 99]`. */
export function windowYear(twoDigits: number, pivotYear: number): number {
  const base = pivotYear - (pivotYear % 100);
  const candidate = base + twoDigits;
  return candidate < pivotYear ? candidate + 100 : candidate;
}

function checkParts(year: number, month: number, day: number, options: SwissDateOptions): TransformResult<string> {
  const minYear = options.minYear ?? 1800;
  const maxYear = options.maxYear ?? 2200;
  if (year < minYear || year > maxYear) return fail(TRANSFORM_CODES.DATE_INVALID, { reason: 'year-out-of-range', minYear, maxYear });
  if (month > 12) return fail(TRANSFORM_CODES.DATE_INVALID, { reason: 'no-such-month' });
  if (month !== 0 && day > daysInMonth(year, month)) return fail(TRANSFORM_CODES.DATE_INVALID, { reason: 'no-such-day' });
  if (month === 0 && day !== 0) return fail(TRANSFORM_CODES.DATE_INVALID, { reason: 'day-without-month' });
  if (day === 0) {
    if (!(options.partial ?? false)) return fail(TRANSFORM_CODES.DATE_PARTIAL, { known: month === 0 ? 'year' : 'year-month' });
    return ok(month === 0 ? pad(year, 4) : `${pad(year, 4)}-${pad(month)}`);
  }
  return ok(`${pad(year, 4)}-${pad(month)}-${pad(day)}`);
}

/**
 * Parses a month (`mm.yyyy`, `m.yyyy`, `YYYY-MM`, or a full date whose day is dropped) into `YYYY-MM`.
 */
export function parseYearMonth(input: unknown, options: Omit<SwissDateOptions, 'partial'> = {}): TransformResult<string> {
  const parsed = parseSwissDate(input, { ...options, partial: true });
  if (!parsed.ok) return parsed;
  if (parsed.value.length === 4) return fail(TRANSFORM_CODES.DATE_PARTIAL, { known: 'year' });
  return ok(parsed.value.slice(0, 7));
}

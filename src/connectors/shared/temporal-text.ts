/**
 * Calendar dates, times and timestamps as text, for every connector: never through a JS `Date` for
 * calendar values, and without losing sub-millisecond digits (SQL Server datetime2(7) has 100 ns).
 * Two families share the same arithmetic:
 * - `parse*Text`: lenient readers of text written by people or exports (files, SQL Server's text
 *   forms): Swiss `DD.MM.YYYY`, `T` or space; `undefined` when the text is not a valid value;
 * - `normalize*Text`: the strict normalisers of what PostgreSQL and MySQL print, returning an
 *   {@link InvalidSourceValue} with a reason (zero date, out of range) so the row is kept.
 */
import { InvalidSourceValue } from '../../core/connector/source-value.js';

/** True when year/month/day form a real date of the proleptic Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Removes trailing zeros of a fraction (`'1230000'` → `'123'`) and returns `.fff` or `''`. */
export function trimFraction(fraction: string | undefined): string {
  const trimmed = (fraction ?? '').replace(/0+$/, '');
  return trimmed === '' ? '' : `.${trimmed}`;
}

/** Minutes east of UTC of a zone designator: `Z`, `+01`, `+01:00`, `-0130`. */
function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  return (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * (zone.startsWith('-') ? -1 : 1);
}

/**
 * Moves a wall-clock time by a zone offset to UTC and renders `YYYY-MM-DDTHH:MM:SS` (the caller appends
 * the fraction, which the offset never touches). Undefined beyond year 9999 or before year 0. The Date
 * is used only for the offset arithmetic on an instant; setUTCFullYear, unlike Date.UTC, does not map
 * years 0–99 to 1900–1999.
 */
function shiftToUtc(fields: readonly [string, string, string, string, string, string], offsetMinutes: number): string | undefined {
  const [y, mo, d, h, mi, s] = fields.map(Number) as [number, number, number, number, number, number];
  const instant = new Date(0);
  instant.setUTCFullYear(y, mo - 1, d);
  instant.setUTCHours(h, mi - offsetMinutes, s, 0);
  const iso = instant.toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z, or ±YYYYYY for far years
  return /^\d{4}-/.test(iso) ? iso.slice(0, 19) : undefined;
}

// ---- Lenient parsers (files, SQL Server text) ----

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SWISS_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** Parses `YYYY-MM-DD` or Swiss `DD.MM.YYYY` (`D.M.YYYY`) to `YYYY-MM-DD`; undefined when invalid. */
export function parseDateText(text: string): string | undefined {
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(text);
  const swiss = iso ? null : SWISS_DATE.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (swiss) [d, m, y] = [Number(swiss[1]), Number(swiss[2]), Number(swiss[3])];
  else return undefined;
  return isCalendarDate(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : undefined;
}

const LENIENT_TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

/** Parses `HH:MM[:SS[.fffffff]]` to `HH:MM:SS[.fff]` (trailing zeros trimmed); undefined when invalid. */
export function parseTimeText(text: string): string | undefined {
  const t = LENIENT_TIME.exec(text);
  if (!t) return undefined;
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? '0')];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return `${pad(h)}:${pad(mi)}:${pad(s)}${trimFraction(t[4])}`;
}

const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses a date and time (`T` or space between) to `YYYY-MM-DDTHH:MM:SS[.fff]`; no zone allowed. */
export function parseTimestampText(text: string): string | undefined {
  const parts = /^(\S+)[T ](\S+)$/.exec(text.trim());
  if (!parts || ZONE.test(parts[2] ?? '')) return undefined;
  const date = parseDateText(parts[1] ?? '');
  const time = parseTimeText(parts[2] ?? '');
  return date && time ? `${date}T${time}` : undefined;
}

/**
 * Parses a timestamp with zone (`Z`, `+01:00`, `+0100`) and renders it in UTC with `Z`, keeping every
 * fractional digit (the offset only moves whole minutes, so the fraction is carried over as text).
 */
export function parseTimestamptzText(text: string): string | undefined {
  const trimmed = text.trim();
  const zone = ZONE.exec(trimmed);
  if (!zone) return undefined;
  const local = parseTimestampText(trimmed.slice(0, zone.index));
  const m = local === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(local);
  if (!m) return undefined;
  const utc = shiftToUtc([m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!], zoneOffsetMinutes(zone[1] ?? 'Z'));
  if (utc === undefined || utc.startsWith('0000')) return undefined;
  return `${utc}${m[7] ?? ''}Z`;
}

// ---- Strict normalisers (PostgreSQL, MySQL) ----

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;
const TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)$/;
const TIME = /^(\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;

/** True for MySQL zero dates and dates with a zero month or day (`0000-00-00`, `2024-00-10`). */
export function isZeroDate(text: string): boolean {
  return /^\d{4}-00-|^\d{4}-\d{2}-00|^0000-00-00/.test(text);
}

/** Why an engine's temporal text could not be taken: beyond the calendar, or not a date at all. */
function unreadable(text: string): InvalidSourceValue {
  return new InvalidSourceValue(/infinity|BC/i.test(text) || /^\d{5,}/.test(text) ? 'out-of-range' : 'invalid-date', text);
}

/** `YYYY-MM-DD` as is; zero dates and anything else become an InvalidSourceValue (the row is kept). */
export function normalizeDateText(text: string): string | InvalidSourceValue {
  if (isZeroDate(text)) return new InvalidSourceValue('zero-date', text);
  if (!DATE.test(text)) return unreadable(text);
  return text;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` → `YYYY-MM-DDTHH:MM:SS[.ffffff]` with trailing fraction zeros removed. */
export function normalizeTimestampText(text: string): string | InvalidSourceValue {
  if (isZeroDate(text)) return new InvalidSourceValue('zero-date', text);
  const m = TIMESTAMP.exec(text);
  if (!m) return unreadable(text);
  return `${m[1]}T${m[2]}${trimFraction(m[3])}`;
}

/** A zoned timestamp in any offset → UTC ISO 8601 with `Z` (offset arithmetic only; fraction kept exactly). */
export function normalizeTimestamptzText(text: string): string | InvalidSourceValue {
  if (isZeroDate(text)) return new InvalidSourceValue('zero-date', text);
  const m = TIMESTAMPTZ.exec(text);
  if (!m) return unreadable(text);
  const utc = shiftToUtc([m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!], zoneOffsetMinutes(m[8] ?? 'Z'));
  if (utc === undefined) return new InvalidSourceValue('out-of-range', text);
  return `${utc}${trimFraction(m[7])}Z`;
}

/** `HH:MM:SS[.ffffff]` with trailing fraction zeros removed. */
export function normalizeTimeText(text: string): string | InvalidSourceValue {
  const m = TIME.exec(text);
  if (!m) return new InvalidSourceValue('out-of-range', text);
  return `${m[1]}${trimFraction(m[2])}`;
}

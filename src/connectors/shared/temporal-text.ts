/**
 * Normalises the temporal text engines print into the representation of `source-value.ts`, without
 * ever going through a JS Date for calendar values.
 */
import { InvalidSourceValue } from '../../core/connector/source-value.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;
const TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)$/;
const TIME = /^(\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;

/** `.123000` → `.123`, `.000000` → ``: the fraction without trailing zeros. */
export function trimFraction(fraction: string | undefined): string {
  const trimmed = (fraction ?? '').replace(/0+$/, '');
  return trimmed === '' ? '' : `.${trimmed}`;
}

/** True for MySQL zero dates and dates with a zero month or day (`0000-00-00`, `2024-00-10`). */
export function isZeroDate(text: string): boolean {
  return /^\d{4}-00-|^\d{4}-\d{2}-00|^0000-00-00/.test(text);
}

/** `YYYY-MM-DD` as is; zero dates and anything else become an InvalidSourceValue (the row is kept). */
export function normalizeDateText(text: string): string | InvalidSourceValue {
  if (isZeroDate(text)) return new InvalidSourceValue('zero-date', text);
  if (!DATE.test(text)) return new InvalidSourceValue(/infinity|BC/i.test(text) || /^\d{5,}/.test(text) ? 'out-of-range' : 'invalid-date', text);
  return text;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` → `YYYY-MM-DDTHH:MM:SS[.ffffff]` with trailing fraction zeros removed. */
export function normalizeTimestampText(text: string): string | InvalidSourceValue {
  if (isZeroDate(text)) return new InvalidSourceValue('zero-date', text);
  const m = TIMESTAMP.exec(text);
  if (!m) return new InvalidSourceValue(/infinity|BC/i.test(text) || /^\d{5,}/.test(text) ? 'out-of-range' : 'invalid-date', text);
  return `${m[1]}T${m[2]}${trimFraction(m[3])}`;
}

/** A zoned timestamp in any offset → UTC ISO 8601 with `Z` (offset arithmetic only; fraction kept exactly). */
export function normalizeTimestamptzText(text: string): string | InvalidSourceValue {
  if (isZeroDate(text)) return new InvalidSourceValue('zero-date', text);
  const m = TIMESTAMPTZ.exec(text);
  if (!m) return new InvalidSourceValue(/infinity|BC/i.test(text) || /^\d{5,}/.test(text) ? 'out-of-range' : 'invalid-date', text);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * (zone.startsWith('-') ? -1 : 1);
  }
  // Date.UTC is used only for the offset arithmetic on an instant; years 0..99 are handled via setUTCFullYear.
  const instant = new Date(0);
  instant.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  instant.setUTCHours(Number(h), Number(mi) - offsetMinutes, Number(s), 0);
  const iso = instant.toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z (or ±YYYYYY for far years)
  if (!/^\d{4}-/.test(iso)) return new InvalidSourceValue('out-of-range', text);
  return `${iso.slice(0, 19)}${trimFraction(frac)}Z`;
}

/** `HH:MM:SS[.ffffff]` with trailing fraction zeros removed. */
export function normalizeTimeText(text: string): string | InvalidSourceValue {
  const m = TIME.exec(text);
  if (!m) return new InvalidSourceValue('out-of-range', text);
  return `${m[1]}${trimFraction(m[2])}`;
}

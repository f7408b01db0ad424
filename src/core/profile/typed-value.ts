/**
 * Reads what a profiled text value means, so that min/max order dates as dates and amounts as numbers
 * (never as strings: "28.12.2022" < "28.05.2024" is false as text) and impossible dates are found.
 */
import { tryParseDecimal, type ScaledDecimal } from '../exact-decimal.js';

/** A calendar date as ISO `YYYY-MM-DD`, or why it is not one. */
export type DateReading = { readonly kind: 'date'; readonly iso: string; readonly year: number } | { readonly kind: 'invalid-date' } | null;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SWISS = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;
const SWISS_SHORT = /^(\d{1,2})\.(\d{1,2})\.(\d{2})$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const COMPACT = /^((?:19|20)\d{2})(\d{2})(\d{2})$/;

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads `text` as a calendar date in one of the formats legacy exports use (ISO, `DD.MM.YYYY`,
 * `D.M.YY` read as 19xx/20xx around the current century, `DD/MM/YYYY`, `YYYYMMDD`); `invalid-date`
 * when it has a date's shape but no such day exists (31.02.2019); null when it is no date at all.
 */
export function readDate(text: string, now: Date = new Date()): DateReading {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  let match: RegExpExecArray | null;
  if ((match = ISO.exec(t)) !== null) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = SWISS.exec(t)) !== null || (match = SLASH.exec(t)) !== null) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = SWISS_SHORT.exec(t)) !== null) {
    const yy = Number(match[3]);
    const pivot = now.getUTCFullYear() % 100;
    [d, m, y] = [Number(match[1]), Number(match[2]), yy <= pivot ? 2000 + yy : 1900 + yy];
  } else if ((match = COMPACT.exec(t)) !== null) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1) return { kind: 'invalid-date' };
  return { kind: 'date', iso: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, year: y };
}

/**
 * Reads `text` as an exact number as Swiss exports write amounts: `1'234.50`, `1’234.50`, `-12,5`,
 * `1234.–`; null otherwise. Never a float.
 */
export function readAmount(text: string): ScaledDecimal | null {
  let t = text.trim().replace(/['’\s]/g, '');
  if (t.endsWith('.–') || t.endsWith('.-')) t = t.slice(0, -2);
  if (/^[+-]?\d+,\d+$/.test(t)) t = t.replace(',', '.');
  return tryParseDecimal(t);
}

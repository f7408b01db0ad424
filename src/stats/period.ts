/**
 * Statistics periods and calendar months. A period is a calendar year (`2024`) or one month
 * (`2024-03`); months are `YYYY-MM` strings, compared as strings (they sort chronologically).
 */
import { ConfigurationError } from '../core/errors.js';

/** A statistics period: one month or one calendar year, as the inclusive month range it covers. */
export interface StatsPeriod {
  /** The period as given: `YYYY` or `YYYY-MM`. */
  readonly label: string;
  readonly kind: 'year' | 'month';
  /** First month of the period (`YYYY-MM`). */
  readonly fromMonth: string;
  /** Last month of the period (`YYYY-MM`). */
  readonly toMonth: string;
  /** First day (`YYYY-MM-DD`). */
  readonly fromDate: string;
  /** Last day (`YYYY-MM-DD`). */
  readonly toDate: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

/** Parses `YYYY` or `YYYY-MM`; throws ConfigurationError naming the expected forms. */
export function parsePeriod(label: string): StatsPeriod {
  const text = label.trim();
  if (YEAR.test(text)) {
    return { label: text, kind: 'year', fromMonth: `${text}-01`, toMonth: `${text}-12`, fromDate: `${text}-01-01`, toDate: `${text}-12-31` };
  }
  if (MONTH.test(text)) {
    return { label: text, kind: 'month', fromMonth: text, toMonth: text, fromDate: `${text}-01`, toDate: lastDayOfMonth(text) };
  }
  throw new ConfigurationError('A statistics period must be a year (YYYY) or a month (YYYY-MM).', { details: { field: 'period' } });
}

/** `month` shifted by `delta` months. */
export function addMonths(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + (Number(month.slice(5, 7)) - 1) + delta;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from a to b (b − a); `2024-01` → `2024-03` is 2. */
export function monthDiff(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)));
}

/** The month (`YYYY-MM`) of a date or month string, or undefined when it has none. */
export function monthOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const month = value.slice(0, 7);
  return MONTH.test(month) ? month : undefined;
}

/** Last calendar day of a month (`YYYY-MM-DD`). */
export function lastDayOfMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

/** Every month of the period, in order. */
export function periodMonths(period: StatsPeriod): string[] {
  const out: string[] = [];
  for (let m = period.fromMonth; m <= period.toMonth; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** True when `month` lies in the period. */
export function inPeriod(period: StatsPeriod, month: string | undefined): boolean {
  return month !== undefined && month >= period.fromMonth && month <= period.toMonth;
}

/** True when the month range [from, to] overlaps the period. */
export function overlapsPeriod(period: StatsPeriod, fromMonth: string, toMonth: string): boolean {
  return fromMonth <= period.toMonth && toMonth >= period.fromMonth;
}

/**
 * The date formats of the model that JSON Schema does not define: `partial-date` (eCH-0044
 * datePartiallyKnown: YYYY, YYYY-MM or YYYY-MM-DD) and `year-month` (YYYY-MM). Both check real
 * calendar values (month 01–12, day within its month, leap years), not only the shape.
 */

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

/** Days in a month of a year (Gregorian calendar). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real year, month and day. */
export function isPartialDate(value: string): boolean {
  const match = PARTIAL_DATE.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  if (year < 1) return false;
  if (match[2] === undefined) return true;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return false;
  if (match[3] === undefined) return true;
  const day = Number(match[3]);
  return day >= 1 && day <= daysInMonth(year, month);
}

/** True for `YYYY-MM` with a month 01–12. */
export function isYearMonth(value: string): boolean {
  const match = YEAR_MONTH.exec(value);
  if (match === null) return false;
  const month = Number(match[2]);
  return Number(match[1]) >= 1 && month >= 1 && month <= 12;
}

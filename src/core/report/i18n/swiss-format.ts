/**
 * Swiss number, date and time formats for the reports, through Intl. Node's ICU formats `de-CH` numbers
 * with an apostrophe (1'234.50) but `fr-CH` ones with a narrow space and a decimal comma (1 234,50);
 * Swiss administrations, banks and the BFS use the apostrophe in all languages, and one report must not
 * show one figure two ways. So every language formats numbers with the `de-CH` rules, and the grouping
 * sign is pinned to the ASCII apostrophe (newer CLDR versions emit U+2019, older ones U+0027): the
 * figures then read the same whatever ICU the machine has. Dates are calendar dates (31.12.2025); times
 * are local to Europe/Zurich, where the communes are, never UTC with a `Z`.
 */

const NUMBER_LOCALE = 'de-CH';
/** The time zone of every time shown in a report. */
export const REPORT_TIME_ZONE = 'Europe/Zurich';

const integerFormat = new Intl.NumberFormat(NUMBER_LOCALE, { maximumFractionDigits: 0, useGrouping: true });

function joinParts(parts: readonly Intl.NumberFormatPart[]): string {
  return parts.map((p) => (p.type === 'group' ? "'" : p.type === 'minusSign' ? '-' : p.value)).join('');
}

/** A whole number with Swiss thousands separators (1'234'567; negative numbers with a hyphen-minus). */
export function swissInteger(n: number): string {
  return joinParts(integerFormat.formatToParts(Math.trunc(n)));
}

/** A number with exactly `digits` decimals in the Swiss format (1'234.50). For display of ratios, never money arithmetic. */
export function swissDecimal(n: number, digits: number): string {
  return joinParts(new Intl.NumberFormat(NUMBER_LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits }).formatToParts(n));
}

/**
 * An exact decimal string (e.g. integer Rappen as `"123450"` with `scale` 2) in the Swiss format
 * (1'234.50), by string arithmetic: money is never turned into a float.
 */
export function swissExactDecimal(digitsText: string, scale: number): string {
  if (!/^-?\d+$/.test(digitsText)) return digitsText;
  const negative = digitsText.startsWith('-');
  const digits = (negative ? digitsText.slice(1) : digitsText).padStart(scale + 1, '0');
  const whole = digits
    .slice(0, digits.length - scale)
    .replace(/^0+(?=\d)/, '')
    .replace(/\B(?=(\d{3})+(?!\d))/g, "'");
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${digits.slice(-scale)}` : ''}`;
}

const dateTimeFormat = new Intl.DateTimeFormat('de-CH', {
  timeZone: REPORT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function part(parts: readonly Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** An ISO instant as local time in Zurich: `31.12.2025 14:03:09` (summer and winter time handled by Intl). */
export function swissDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = dateTimeFormat.formatToParts(date);
  return `${part(p, 'day')}.${part(p, 'month')}.${part(p, 'year')} ${part(p, 'hour')}:${part(p, 'minute')}:${part(p, 'second')}`;
}

/** A calendar date (`2025-12-31`) as `31.12.2025`; no time zone is involved. */
export function swissDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m === null ? isoDate : `${m[3]}.${m[2]}.${m[1]}`;
}

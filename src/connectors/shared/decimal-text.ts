/**
 * Exact decimal text: parsing Swiss-formatted amounts (`1'234.50`) and summing them with BigInt
 * arithmetic (`DecimalSum`, from `core/exact-decimal.ts`), never through floats (0.1 + 0.2 must stay
 * 0.3). Shared by the file and SQL Server connectors.
 */

const THOUSANDS = /['’\u00a0\u202f]/g;

/**
 * Parses a decimal number as written in a source file to canonical text: optional `-`, integer digits
 * without leading zeros, and the fraction exactly as written (`1'234.50` → `1234.50`, `-.5` → `-0.5`).
 * Apostrophes (and no-break spaces) are thousands separators only between groups of three digits.
 * Returns undefined when the text is not a decimal number.
 */
export function parseDecimalText(text: string, decimalSeparator: '.' | ',' = '.'): string | undefined {
  const trimmed = text.trim();
  const sep = decimalSeparator === '.' ? '\\.' : ',';
  const m = new RegExp(`^([+-])?(\\d{1,3}(?:['’\\u00a0\\u202f]\\d{3})+|\\d*)(?:${sep}(\\d*))?$`).exec(trimmed);
  if (!m) return undefined;
  const intPart = (m[2] ?? '').replace(THOUSANDS, '');
  const fraction = m[3] ?? '';
  if (intPart === '' && fraction === '') return undefined;
  const int = intPart.replace(/^0+(?=\d)/, '') || '0';
  const zero = /^0*$/.test(int + fraction);
  const sign = m[1] === '-' && !zero ? '-' : '';
  return `${sign}${int}${fraction === '' ? '' : `.${fraction}`}`;
}

/** The running exact sum the connectors use (implemented once, in `core/exact-decimal.ts`). */
export { DecimalSum } from '../../core/exact-decimal.js';

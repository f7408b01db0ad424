/**
 * Exact decimal text: parsing Swiss-formatted amounts (`1'234.50`) and summing them with BigInt
 * arithmetic on the digit strings, never through floats (0.1 + 0.2 must stay 0.3). Shared by the file
 * and SQL Server connectors.
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

/** A running exact sum of canonical decimal texts; renders with the largest scale it has seen. */
export class DecimalSum {
  #units = 0n;
  #scale = 0;

  /** Adds one canonical decimal text (as returned by {@link parseDecimalText} or a number). */
  add(value: string | number): void {
    const text = typeof value === 'number' ? numberText(value) : value;
    const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) throw new RangeError('DecimalSum.add: not a canonical decimal');
    const fraction = m[3] ?? '';
    if (fraction.length > this.#scale) {
      this.#units *= 10n ** BigInt(fraction.length - this.#scale);
      this.#scale = fraction.length;
    }
    const units = BigInt(`${m[2] ?? '0'}${fraction.padEnd(this.#scale, '0')}`);
    this.#units += m[1] ? -units : units;
  }

  /** The sum as exact decimal text, e.g. `-1234.50`. */
  toString(): string {
    const negative = this.#units < 0n;
    const digits = (negative ? -this.#units : this.#units).toString().padStart(this.#scale + 1, '0');
    const int = digits.slice(0, digits.length - this.#scale);
    const fraction = digits.slice(digits.length - this.#scale);
    return `${negative ? '-' : ''}${int}${this.#scale > 0 ? `.${fraction}` : ''}`;
  }
}

/** Decimal text of a finite JS number without exponent (integers and plain decimals only). */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError('DecimalSum.add: not a finite number');
  if (Number.isInteger(value)) return BigInt(value).toString();
  const text = String(value);
  if (/e/i.test(text)) throw new RangeError('DecimalSum.add: number needs an exponent');
  return text;
}

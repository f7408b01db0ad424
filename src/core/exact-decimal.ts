/**
 * Exact decimal arithmetic on strings via scaled BigInts: the one implementation casebridge has. Money
 * control totals (`pipeline/exact-money.ts`), the connectors' running sums (`DecimalSum`) and the
 * conformance kit's expected totals (`testing`) all build on it. Never a float: 0.1 + 0.2 stays 0.3.
 */

/** Canonical decimal text: optional sign, digits, optional fraction. */
const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** A decimal as an integer `units` scaled by 10^-scale. */
export interface ScaledDecimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Parses `-123.4500` (or `+1.5`) exactly; null for anything else (exponents, separators, blanks). */
export function tryParseDecimal(text: string): ScaledDecimal | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2] ?? '0'}${fraction}`);
  return { units: m[1] === '-' ? -units : units, scale: fraction.length };
}

/** Parses `-123.4500` exactly; throws a TypeError on anything else (exponents included). */
export function parseDecimal(text: string): ScaledDecimal {
  const parsed = tryParseDecimal(text);
  if (parsed === null) throw new TypeError(`Expected an exact decimal string, got a value of length ${text.length}`);
  return parsed;
}

/** The units of `d` at a larger (or equal) scale. */
function rescale(d: ScaledDecimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** Adds two exact decimals; the result keeps the larger scale. */
export function addDecimal(a: ScaledDecimal, b: ScaledDecimal): ScaledDecimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** Formats a scaled decimal as `-123.4500` (no exponent). */
export function formatDecimal(d: ScaledDecimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const int = digits.slice(0, digits.length - d.scale);
  const frac = digits.slice(digits.length - d.scale);
  return `${negative ? '-' : ''}${int}${d.scale > 0 ? `.${frac}` : ''}`;
}

/** True when two decimal strings denote the same number, whatever their scales (`1.50` = `1.5`). */
export function decimalEquals(a: string, b: string): boolean {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return rescale(x, scale) === rescale(y, scale);
}

/** Exact sum of decimal/integer strings; `'0'` for none. */
export function sumDecimals(values: readonly string[]): string {
  let acc: ScaledDecimal = { units: 0n, scale: 0 };
  for (const v of values) acc = addDecimal(acc, parseDecimal(v));
  return formatDecimal(acc);
}

/**
 * `value` as an integer count of 10^-scale units, e.g. `("12.35", 2)` → `1235n`. Null when it is not a
 * decimal (or not a safe integer number) or has non-zero digits beyond `scale`: a sub-unit amount
 * cannot be compared exactly.
 */
export function decimalToScaled(value: string | number | bigint, scale: number): bigint | null {
  if (typeof value === 'bigint') return value * 10n ** BigInt(scale);
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : null) : value.trim();
  const d = text === null ? null : tryParseDecimal(text);
  if (d === null) return null;
  if (d.scale <= scale) return rescale(d, scale);
  const divisor = 10n ** BigInt(d.scale - scale);
  return d.units % divisor === 0n ? d.units / divisor : null;
}

/** A running exact sum of decimal texts (or plain numbers); renders with the largest scale it has seen. */
export class DecimalSum {
  #sum: ScaledDecimal = { units: 0n, scale: 0 };

  /** Adds one canonical decimal text (e.g. as returned by `parseDecimalText`) or a finite number without exponent. */
  add(value: string | number): void {
    const parsed = tryParseDecimal(typeof value === 'number' ? numberText(value) : value);
    if (parsed === null) throw new RangeError('DecimalSum.add: not a canonical decimal');
    this.#sum = addDecimal(this.#sum, parsed);
  }

  /** The sum as exact decimal text, e.g. `-1234.50`. */
  toString(): string {
    return formatDecimal(this.#sum);
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

/** Orders two exact decimals: negative when `a < b`, 0 when equal, positive when `a > b`. */
export function compareDecimal(a: ScaledDecimal, b: ScaledDecimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

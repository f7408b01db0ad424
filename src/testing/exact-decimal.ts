/**
 * Exact decimal arithmetic on strings via scaled bigints, so the conformance kit can compute expected
 * control totals without ever going through a JS float.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** A decimal as an integer `units` scaled by 10^-scale. */
export interface ScaledDecimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Parses `-123.4500` exactly; throws a TypeError on anything else (exponents included). */
export function parseDecimal(text: string): ScaledDecimal {
  const m = DECIMAL.exec(text);
  if (!m) throw new TypeError(`Expected an exact decimal string, got a value of length ${text.length}`);
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2] ?? '0'}${fraction}`);
  return { units: m[1] ? -units : units, scale: fraction.length };
}

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

/**
 * Exact money arithmetic for control totals. Sources hand sums as decimal strings in CHF (or integer
 * Rappen); the canonical model stores integer Rappen. Everything here is BigInt: never a float.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Converts an exact decimal string to an integer count of 10^-scale units, e.g. `("12.35", 2)` → `1235n`.
 * Returns null when the value is not a decimal or has non-zero digits beyond `scale` (a sub-Rappen
 * amount cannot be compared exactly).
 */
export function decimalToScaled(value: string | number | bigint, scale: number): bigint | null {
  if (typeof value === 'bigint') return value * 10n ** BigInt(scale);
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : null) : value.trim();
  if (text === null) return null;
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, scale).padEnd(scale, '0');
  if (/[1-9]/.test(fraction.slice(scale))) return null;
  const magnitude = BigInt(whole) * 10n ** BigInt(scale) + BigInt(kept === '' ? '0' : kept);
  return sign === '-' ? -magnitude : magnitude;
}

/** CHF decimal string → Rappen (exact), or null when not exactly representable. */
export function chfToRappen(value: string | number | bigint): bigint | null {
  return decimalToScaled(value, 2);
}

/** A source sum in the given unit → Rappen (exact), or null. */
export function sourceSumToRappen(value: string | number | bigint, unit: 'chf' | 'rappen'): bigint | null {
  return unit === 'chf' ? chfToRappen(value) : decimalToScaled(value, 0);
}

/** Calendar year of a `YYYY-MM-DD`/ISO timestamp string or a year number; null when unknown. */
export function yearOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const m = /^(\d{4})-/.exec(value);
    if (m?.[1] !== undefined) return Number(m[1]);
  }
  return null;
}

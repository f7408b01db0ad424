/**
 * Exact money arithmetic for control totals. Sources hand sums as decimal strings in CHF (or integer
 * Rappen); the canonical model stores integer Rappen. Everything here is BigInt (`core/exact-decimal.ts`):
 * never a float.
 */
import { parseSwissDate } from '../model/swiss-date.js';
import { parseMoneyRappen } from '../model/swiss-money.js';
import { decimalToScaled } from '../exact-decimal.js';

export { decimalToScaled } from '../exact-decimal.js';

/** CHF decimal string → Rappen (exact), or null when not exactly representable. */
export function chfToRappen(value: string | number | bigint): bigint | null {
  return decimalToScaled(value, 2);
}

/** A source sum in the given unit → Rappen (exact), or null. */
export function sourceSumToRappen(value: string | number | bigint, unit: 'chf' | 'rappen'): bigint | null {
  return unit === 'chf' ? chfToRappen(value) : decimalToScaled(value, 0);
}

/**
 * A source amount in `unit` → Rappen (exact), accepting what the money transform accepts (`1'234.50`,
 * `CHF 1'100.00`, `850.–`, `1234,50`; `decimalSeparator` as the money transform's option); null when
 * it is no amount or not exact to the Rappen.
 */
export function sourceAmountToRappen(value: string | number | bigint, unit: 'chf' | 'rappen', decimalSeparator: 'auto' | '.' | ',' = 'auto'): bigint | null {
  // `1.5` is not a plain decimal where the comma is the separator: only the money parser may read it.
  const exact = decimalSeparator === ',' && typeof value === 'string' ? null : sourceSumToRappen(value, unit);
  if (exact !== null || typeof value !== 'string') return exact;
  const parsed = parseMoneyRappen(value, { unit, decimalSeparator });
  return parsed.ok ? BigInt(parsed.value) : null;
}

/**
 * Calendar year of a date value as the date transforms read it: ISO dates and timestamps, Swiss
 * `dd.mm.yyyy` (with or without time), partial `mm.yyyy` / `yyyy`, or a year number; null when unknown.
 */
export function yearOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value !== 'string') return null;
  const iso = /^(\d{4})-\d{2}/.exec(value.trim());
  if (iso?.[1] !== undefined) return Number(iso[1]);
  const parsed = parseSwissDate(value, { partial: true });
  return parsed.ok ? Number(parsed.value.slice(0, 4)) : null;
}

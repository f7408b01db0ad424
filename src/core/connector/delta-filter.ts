/**
 * Delta reads: the lower bound a reader applies to a modification stamp or a growing key, and the one
 * ordering of stamp values that the engine (high-water marks) and the file connector (streamed filter)
 * share, so both agree with what a SQL `column > bound` would select.
 */
import type { SourceValue } from './source-value.js';

/** Only rows whose `column` is greater than `after` (or NULL) are read. */
export interface DeltaFilter {
  /** The stamp or growing-key column. */
  readonly column: string;
  /** The bound as text in the column's normalised representation (`2026-03-01T10:00:00`, `4711`). */
  readonly after: string;
}

const INTEGRAL = /^-?\d+$/;

/** A stamp value as mark text, or null when it has none (NULL, an invalid date, binary or JSON). */
export function stampText(value: SourceValue | undefined): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return null;
}

/** One spelling per instant: `T` between date and time, no UTC suffix (marks never mix zones). */
function normaliseTemporal(text: string): string {
  return text.replace(' ', 'T').replace(/(?:Z|[+-]00:?00)$/, '');
}

/**
 * Orders two stamp values: integers numerically (exact, BigInt), everything else as ISO 8601 text,
 * which orders dates and timestamps chronologically.
 */
export function compareStamps(a: string, b: string): number {
  if (INTEGRAL.test(a) && INTEGRAL.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = normaliseTemporal(a);
  const y = normaliseTemporal(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when a row with this stamp value passes the filter: greater than the bound, or without a stamp. */
export function passesDeltaFilter(value: SourceValue | undefined, filter: DeltaFilter): boolean {
  const text = stampText(value);
  return text === null || compareStamps(text, filter.after) > 0;
}

/**
 * Small-count suppression for every published table: a count from 1 up to below the threshold (default
 * 5) is replaced by the marker `X` (the sign Swiss official statistics use for values withheld for data
 * protection). Zero is published: an empty cell reveals nobody. In a distribution with a published
 * total, a single suppressed cell could be recomputed by subtraction, so the next smallest cell is
 * suppressed as well (secondary suppression).
 */

/** Default threshold: counts below it are suppressed. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

/** The marker that replaces a suppressed value. */
export const SUPPRESSED_MARKER = 'X';

/** A published value: the figure, or the suppression marker. */
export type Published<T> = T | typeof SUPPRESSED_MARKER;

/** True when a count must not be published. */
export function isSmallCount(count: number, threshold: number = DEFAULT_SUPPRESSION_THRESHOLD): boolean {
  return count > 0 && count < threshold;
}

/** The count, or the marker when it is small. */
export function suppressCount(count: number, threshold: number = DEFAULT_SUPPRESSION_THRESHOLD): Published<number> {
  return isSmallCount(count, threshold) ? SUPPRESSED_MARKER : count;
}

/** A value that rests on `basis` units (cases, persons), or the marker when the basis is small. */
export function suppressByBasis<T>(value: T, basis: number, threshold: number = DEFAULT_SUPPRESSION_THRESHOLD): Published<T> {
  return isSmallCount(basis, threshold) ? SUPPRESSED_MARKER : value;
}

/**
 * A distribution (category → count, keys sorted) with primary and secondary suppression. Categories
 * with a zero count are dropped.
 */
export function suppressDistribution(
  counts: ReadonlyMap<string, number>,
  threshold: number = DEFAULT_SUPPRESSION_THRESHOLD,
): Record<string, Published<number>> {
  const entries = [...counts].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  const small = new Set(entries.filter(([, n]) => isSmallCount(n, threshold)).map(([k]) => k));
  if (small.size === 1) {
    // One hidden cell plus the total would reveal it: hide the smallest published cell too.
    const next = entries.filter(([k]) => !small.has(k)).sort(([, a], [, b]) => a - b)[0];
    if (next !== undefined) small.add(next[0]);
  }
  return Object.fromEntries(entries.map(([k, n]) => [k, small.has(k) ? SUPPRESSED_MARKER : n]));
}

/**
 * Small-count suppression of rendered frequency tables: a count below the threshold is shown as `<5`, so
 * that a rare value cannot point at one person. Every rendered table applies the same rule (a table that
 * shows the exact count next to one that suppresses it would reveal it by subtraction).
 */

/** Smallest count shown exactly in rendered tables. */
export const SMALL_COUNT_THRESHOLD = 5;

/** A count as rendered: exact from {@link SMALL_COUNT_THRESHOLD} on, `<5` below it, `0` for zero. */
export function suppressSmall(count: number): string {
  return count > 0 && count < SMALL_COUNT_THRESHOLD ? `<${SMALL_COUNT_THRESHOLD}` : String(count);
}

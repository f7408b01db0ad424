/**
 * Conditions of a control total (`ControlTotalSpec.where`, `negateWhen`): a column's value compared as
 * text with a list of codes. Connectors compute them inside the source (SQL `CAST(col AS text) IN (…)`);
 * the file connector and the engine's excluded totals use `conditionsHold` here, with the same meaning:
 * `in` never holds for NULL, `notIn` always does.
 */
import { isInvalidSourceValue, type SourceValue } from './source-value.js';

/** One condition on one column: its value as text is (`in`) or is not (`notIn`) one of the codes. */
export interface ControlTotalCondition {
  readonly column: string;
  /** Holds when the value, as text, is one of these (never for NULL). */
  readonly in?: readonly string[];
  /** Holds when the value is NULL or, as text, none of these. */
  readonly notIn?: readonly string[];
}

/** A source value as the text a SQL source would CAST it to (numbers plain, NULL as null). */
export function conditionText(value: SourceValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (isInvalidSourceValue(value)) return value.raw;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}

/** True when every condition holds for the row (an empty list always holds). */
export function conditionsHold(conditions: readonly ControlTotalCondition[] | undefined, row: Readonly<Record<string, SourceValue | undefined>>): boolean {
  for (const c of conditions ?? []) {
    const text = conditionText(row[c.column]);
    if (c.in !== undefined && (text === null || !c.in.includes(text))) return false;
    if (c.notIn !== undefined && text !== null && c.notIn.includes(text)) return false;
  }
  return true;
}

/** Columns the conditions read. */
export function conditionColumns(conditions: readonly ControlTotalCondition[] | undefined): string[] {
  return (conditions ?? []).map((c) => c.column);
}

/**
 * The reader loop the SQL connectors share: fetch a page after the last key, yield it with its
 * position, stop on a short page; check the signal between pages. A page boundary never splits the
 * rows of one key: with a key that is not unique (a declared key column that the source does not
 * enforce), `WHERE key > last` would skip the rest of the last key's rows, and those rows would be
 * lost without a trace. So each page asks for one row more than it yields; when that row shares the
 * last key, the page ends before that key's rows and the next page starts with all of them (a key
 * whose rows fill a whole page is read to its end in one batch). The engine then sees every row of a
 * duplicated key in one batch and quarantines them all.
 */
import type { ReadPosition, RowBatch } from '../../core/connector/connector.js';
import type { SourceRow, SourceValue } from '../../core/connector/source-value.js';
import { throwIfAborted } from './abort.js';

/** A key value as stored in a ReadPosition. */
export type KeyValue = ReadPosition['key'][number];

/** Input of {@link keysetBatches}. */
export interface KeysetLoopInput {
  readonly keyColumns: readonly string[];
  readonly batchSize: number;
  readonly after?: ReadPosition;
  readonly signal?: AbortSignal;
  /** Columns to hand out (key columns not asked for are dropped from the rows). */
  readonly outputColumns: readonly string[];
  /** Fetches up to `limit` rows strictly after `afterKey` (the first page when undefined). */
  fetchPage(afterKey: readonly KeyValue[] | undefined, limit: number): Promise<SourceRow[]>;
  /** A key column's value in its position form (default {@link toKeyValue}). */
  readonly keyValue?: (value: SourceValue | undefined) => KeyValue;
}

/** Converts a row's key value into its JSON-safe position form. */
export function toKeyValue(value: SourceValue | undefined): KeyValue {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value ?? null;
  throw new TypeError('key columns must be scalar (integer, bigint, decimal, string, date, uuid, boolean)');
}

/** Yields batches until the source is exhausted. */
export async function* keysetBatches(input: KeysetLoopInput): AsyncGenerator<RowBatch> {
  if (!Number.isInteger(input.batchSize) || input.batchSize < 1) {
    throw new TypeError(`Expected \`batchSize\` to be an integer from 1 and up, got ${input.batchSize}`);
  }
  let afterKey = input.after?.key;
  let rowsRead = input.after?.rowsRead ?? 0;
  const project =
    input.outputColumns.length === 0 || input.keyColumns.every((k) => input.outputColumns.includes(k))
      ? (row: SourceRow): SourceRow => row
      : (row: SourceRow): SourceRow => Object.fromEntries(input.outputColumns.map((c) => [c, row[c] ?? null]));
  const keyValue = input.keyValue ?? toKeyValue;
  const keyOf = (row: SourceRow): KeyValue[] => input.keyColumns.map((k) => keyValue(row[k]));
  for (;;) {
    throwIfAborted(input.signal);
    let rows = await input.fetchPage(afterKey, input.batchSize + 1);
    throwIfAborted(input.signal);
    const more = rows.length > input.batchSize;
    if (more) rows = await wholeKeys(input, afterKey, rows, keyOf);
    const last = rows.at(-1);
    if (!last) return;
    afterKey = keyOf(last);
    rowsRead += rows.length;
    yield { rows: rows.map(project), position: { key: afterKey, rowsRead } };
    if (!more) return;
  }
}

/**
 * A page of `batchSize + 1` rows cut so that it ends on a whole key: the look-ahead row is dropped, and
 * when it shares the key of the page's last row, that key's rows are left for the next page; when they
 * fill the whole page, the key is read to its end (doubling the page until a later key shows).
 */
async function wholeKeys(
  input: KeysetLoopInput,
  afterKey: readonly KeyValue[] | undefined,
  page: SourceRow[],
  keyOf: (row: SourceRow) => KeyValue[],
): Promise<SourceRow[]> {
  const lastKey = keyOf(page[input.batchSize - 1]!);
  if (!sameKey(keyOf(page[input.batchSize]!), lastKey)) return page.slice(0, input.batchSize);
  let start = input.batchSize - 1;
  while (start > 0 && sameKey(keyOf(page[start - 1]!), lastKey)) start -= 1;
  if (start > 0) return page.slice(0, start);
  for (let limit = page.length * 2; ; limit *= 2) {
    throwIfAborted(input.signal);
    const rows = await input.fetchPage(afterKey, limit);
    const end = rows.findIndex((row) => !sameKey(keyOf(row), lastKey));
    if (end >= 0) return rows.slice(0, end);
    if (rows.length < limit) return rows;
  }
}

function sameKey(a: readonly KeyValue[], b: readonly KeyValue[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

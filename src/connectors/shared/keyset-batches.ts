/**
 * The reader loop both SQL connectors share: fetch a page after the last key, yield it with its
 * position, stop on a short page; check the signal between pages.
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
  for (;;) {
    throwIfAborted(input.signal);
    const rows = await input.fetchPage(afterKey, input.batchSize);
    throwIfAborted(input.signal);
    const last = rows.at(-1);
    if (!last) return;
    afterKey = input.keyColumns.map((k) => toKeyValue(last[k]));
    rowsRead += rows.length;
    yield { rows: rows.map(project), position: { key: afterKey, rowsRead } };
    if (rows.length < input.batchSize) return;
  }
}

/** Small helpers the conformance suite (and connector tests) use to drain a reader. */
import type { ReadPosition, ReadRequest, RowBatch, SourceReader } from '../core/connector/connector.js';
import type { SourceRow } from '../core/connector/source-value.js';

/** Everything a read delivered: rows, batch sizes and the position after each batch. */
export interface ReadResult {
  readonly rows: SourceRow[];
  readonly batchSizes: number[];
  readonly positions: ReadPosition[];
}

/**
 * Drains `reader.read(request)`. With `maxBatches`, stops early (through `break`, which must release the
 * reader's resources) and returns what was read so far.
 */
export async function readAll(reader: SourceReader, request: ReadRequest, maxBatches = Infinity): Promise<ReadResult> {
  const result: ReadResult = { rows: [], batchSizes: [], positions: [] };
  if (maxBatches <= 0) return result;
  for await (const batch of reader.read(request) as AsyncIterable<RowBatch>) {
    result.rows.push(...batch.rows);
    result.batchSizes.push(batch.rows.length);
    result.positions.push(batch.position);
    if (result.positions.length >= maxBatches) break;
  }
  return result;
}

/** The value of `promise`'s rejection, or a failure when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

/**
 * Reader of the file connector: streams a table file in batches, in file order. The position is the
 * key of the last row delivered: the record ordinal by default, or the declared key column values.
 * Resuming re-parses the file up to the position but skips those records without building rows:
 * after the ordinal, or after the (unique) record whose key equals the position's key, which works
 * whether or not the file is sorted by its key. A join source is read by `files-join.ts`.
 */
import type { ReadRequest, RowBatch, SourceReader } from '../../core/connector/connector.js';
import type { SourceRow } from '../../core/connector/source-value.js';
import { passesDeltaFilter } from '../../core/connector/delta-filter.js';
import { CancelledError, ConfigurationError } from '../../core/errors.js';
import type { FileDriver } from './files-driver.js';
import { readJoin } from './files-join.js';
import { streamRows } from './files-rows.js';

/** SourceReader over configured table files. */
export class FileReader implements SourceReader {
  constructor(private readonly driver: FileDriver) {}

  /** Batches of rows in file order; see the module comment for positions. */
  async *read(request: ReadRequest): AsyncIterableIterator<RowBatch> {
    if (!Number.isSafeInteger(request.batchSize) || request.batchSize < 1) {
      throw new ConfigurationError('ReadRequest.batchSize must be an integer of at least 1.', { details: { table: request.table } });
    }
    if (request.query !== undefined) {
      throw new ConfigurationError(`Source "${request.table}": a file source cannot run a SQL query; declare a join of the files instead.`, {
        details: { table: request.table, field: 'source.query' },
      });
    }
    if (request.join !== undefined) {
      yield* readJoin(this.driver, request);
      return;
    }
    const table = this.driver.table(request.table);
    let rowsRead = request.after?.rowsRead ?? 0;
    let batch: SourceRow[] = [];
    let lastKey: (string | number | boolean | null)[] = [];
    // A delta read filters while streaming: the stamp column is parsed even when not asked for.
    const since = request.since;
    const dropStamp = since !== undefined && request.columns !== undefined && !request.columns.includes(since.column);
    const columns = dropStamp ? [...request.columns!, since.column] : request.columns;
    for await (const { row, key } of streamRows(table, { signal: request.signal, columns, after: request.after })) {
      if (since !== undefined) {
        if (!passesDeltaFilter(row[since.column], since)) continue;
        if (dropStamp) delete row[since.column];
      }
      batch.push(row);
      lastKey = key;
      if (batch.length >= request.batchSize) {
        rowsRead += batch.length;
        const rows = batch;
        batch = [];
        yield { rows, position: { key: lastKey, rowsRead } };
        if (request.signal?.aborted) throw new CancelledError(undefined, { details: { table: request.table } });
      }
    }
    if (batch.length > 0) {
      rowsRead += batch.length;
      yield { rows: batch, position: { key: lastKey, rowsRead } };
    }
  }
}

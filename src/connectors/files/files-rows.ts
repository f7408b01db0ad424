/**
 * The data rows of one table file with their ordinals and keys, resumable after a read position: the
 * record ordinal, or the (unique) record whose key equals the position's key, which works whether or
 * not the file is sorted by its key. Shared by the reader, the streamed join and the control totals.
 */
import type { ReadPosition } from '../../core/connector/connector.js';
import type { SourceRow } from '../../core/connector/source-value.js';
import { ERROR_CODES, RunError } from '../../core/errors.js';
import { RECORD_ORDINAL_COLUMN, type ResolvedFileTable } from './files-config.js';
import { streamFileRecords, type FileRecord } from './files-record-stream.js';
import { FileRowBuilder } from './files-row-builder.js';

/** RunError (CB_CHECKPOINT_INVALID): the position cannot be one of this table's read. */
export function checkpointInvalid(table: string, why: string): RunError {
  return new RunError(`Table "${table}": the read position ${why}.`, { code: ERROR_CODES.CHECKPOINT_INVALID, details: { table } });
}

/** Decides, record by record, whether a resumed read has passed its position yet. */
export interface ResumeFilter {
  /** True for the first record after the position and every record after it. */
  accepts(record: FileRecord, builder: FileRowBuilder): boolean;
  /** True once the record at the position has been seen (always true for ordinals). */
  readonly found: boolean;
}

/** The resume filter of a position; RunError (CB_CHECKPOINT_INVALID) when it cannot be one of this table. */
export function resumeFilter(table: ResolvedFileTable, position: ReadPosition): ResumeFilter {
  if (!Array.isArray(position.key) || position.key.length !== table.keyColumns.length) {
    throw checkpointInvalid(table.table, 'does not match the key columns');
  }
  if (table.keyColumns[0] === RECORD_ORDINAL_COLUMN) {
    const ordinal = position.key[0];
    if (typeof ordinal !== 'number' || !Number.isSafeInteger(ordinal) || ordinal < 0) throw checkpointInvalid(table.table, 'is not a record ordinal');
    return { found: true, accepts: (record) => record.ordinal > ordinal };
  }
  const wanted = JSON.stringify(position.key);
  const state = {
    found: false,
    accepts(record: FileRecord, builder: FileRowBuilder): boolean {
      if (state.found) return true;
      state.found = JSON.stringify(builder.keyOf(record)) === wanted;
      return false;
    },
  };
  return state;
}

/** Options of {@link streamRows}. */
export interface StreamRowsOptions {
  readonly signal?: AbortSignal | undefined;
  readonly columns?: readonly string[] | undefined;
  readonly after?: ReadPosition | undefined;
}

/**
 * Streams the data rows of a table with their ordinals and keys, building the row builder from the
 * header. Shared by the reader and the control totals.
 */
export async function* streamRows(
  table: ResolvedFileTable,
  options: StreamRowsOptions,
): AsyncGenerator<{ ordinal: number; row: SourceRow; key: (string | number | boolean | null)[] }> {
  let builder: FileRowBuilder | undefined;
  const filter = options.after ? resumeFilter(table, options.after) : undefined;
  for await (const record of streamFileRecords(table, options.signal)) {
    if (record.ordinal === 0) {
      builder = new FileRowBuilder(table, record.kind === 'csv' ? [...record.fields] : undefined, options.columns);
      continue;
    }
    builder ??= new FileRowBuilder(table, undefined, options.columns);
    if (filter && !filter.accepts(record, builder)) continue;
    yield { ordinal: record.ordinal, row: builder.toRow(record), key: builder.keyOf(record) };
  }
  if (filter && !filter.found) throw checkpointInvalid(table.table, 'names a key that is not in the file');
}

/**
 * The streamed join of the file connector: every joined (right-hand) file is read first into an
 * in-memory index keyed by its join columns (lookup tables are small; more rows than the connector's
 * `joinIndexRowLimit` fail the read), then the driving file streams and each row is looked up.
 * `left` keeps a row without a match (the joined columns NULL); `inner` keeps it too, marked in
 * `JOIN_UNMATCHED_COLUMN`, so that the engine counts it as a named filter. A NULL join value never
 * matches. A one-to-many join yields one row per match, in the joined file's order.
 */
import type { ReadRequest, RowBatch } from '../../core/connector/connector.js';
import { passesDeltaFilter } from '../../core/connector/delta-filter.js';
import type { SourceRow, SourceValue } from '../../core/connector/source-value.js';
import { JOIN_UNMATCHED_COLUMN, splitQualified, type JoinClause, type JoinSource } from '../../core/connector/join-source.js';
import { CancelledError, ConfigurationError, ERROR_CODES, ObjectNotFoundError } from '../../core/errors.js';
import type { ResolvedFileTable } from './files-config.js';
import { keyPrimitive } from './files-row-builder.js';
import type { FileDriver } from './files-driver.js';
import { checkpointInvalid, streamRows } from './files-rows.js';

/** Rows of every alias joined so far (NULL: no match) and the first inner join that had none. */
interface Combination {
  readonly rows: Readonly<Record<string, SourceRow | null>>;
  readonly unmatched: string | null;
}

/** Join text of values: typed the same on both sides or not (`7` and `'7'` match), NULL when any is NULL. */
function joinText(values: readonly SourceValue[]): string | null {
  if (values.some((v) => v === null || v === undefined)) return null;
  return JSON.stringify(values.map((v) => String(keyPrimitive(v))));
}

/** The columns a join reads from `table` (alias `alias`); a JSON Lines file has only its declared ones. */
function columnsOf(join: JoinSource, alias: string, table: ResolvedFileTable): string[] {
  const refs = [...Object.values(join.columns), ...join.joins.flatMap((j) => j.on.flat())];
  const columns = [...new Set(refs.map(splitQualified).flatMap((q) => (q !== undefined && q.alias === alias ? [q.column] : [])))];
  // A CSV header is checked by the row builder; a JSON object may simply lack a key, so check the declaration.
  for (const column of columns) {
    if (table.format === 'jsonl' && !Object.hasOwn(table.columns, column) && !table.keyColumns.includes(column)) {
      throw new ObjectNotFoundError(`Table "${table.table}" has no column "${column}".`, {
        code: ERROR_CODES.COLUMN_NOT_FOUND,
        details: { table: table.table, column },
      });
    }
  }
  return columns;
}

async function buildIndex(driver: FileDriver, join: JoinSource, clause: JoinClause, signal: AbortSignal | undefined): Promise<Map<string, SourceRow[]>> {
  const table = driver.table(clause.table);
  const rightColumns = clause.on.map(([, right]) => splitQualified(right)!.column);
  const index = new Map<string, SourceRow[]>();
  let count = 0;
  for await (const { row } of streamRows(table, { signal, columns: columnsOf(join, clause.as, table) })) {
    count += 1;
    if (count > driver.joinIndexRowLimit) {
      throw new ConfigurationError(
        `Joined file "${clause.table}" has more than ${driver.joinIndexRowLimit} rows, the limit of a join's in-memory lookup index; raise joinIndexRowLimit or join in the source database.`,
        { details: { table: clause.table, limit: driver.joinIndexRowLimit } },
      );
    }
    const key = joinText(rightColumns.map((c) => row[c] ?? null));
    if (key === null) continue;
    const list = index.get(key);
    if (list) list.push(row);
    else index.set(key, [row]);
  }
  return index;
}

function columnValue(combination: Combination, ref: string): SourceValue {
  const q = splitQualified(ref)!;
  return combination.rows[q.alias]?.[q.column] ?? null;
}

/** Streams the joined rows with the output column names of `join.columns` (and the inner-join marker). */
export async function* streamJoinedRows(driver: FileDriver, join: JoinSource, signal: AbortSignal | undefined): AsyncGenerator<SourceRow> {
  const indexes: Map<string, SourceRow[]>[] = [];
  for (const clause of join.joins) indexes.push(await buildIndex(driver, join, clause, signal));
  const marked = join.joins.some((j) => j.type === 'inner');
  const outputs = Object.entries(join.columns);
  const driving = driver.table(join.from.table);
  for await (const { row } of streamRows(driving, { signal, columns: columnsOf(join, join.from.as, driving) })) {
    let combinations: Combination[] = [{ rows: { [join.from.as]: row }, unmatched: null }];
    join.joins.forEach((clause, i) => {
      const index = indexes[i]!;
      combinations = combinations.flatMap((c) => {
        const key = joinText(clause.on.map(([left]) => columnValue(c, left)));
        const matches = key === null ? undefined : index.get(key);
        if (matches === undefined || matches.length === 0) {
          const unmatched = c.unmatched ?? (clause.type === 'inner' ? clause.as : null);
          return [{ rows: { ...c.rows, [clause.as]: null }, unmatched }];
        }
        return matches.map((m) => ({ rows: { ...c.rows, [clause.as]: m }, unmatched: c.unmatched }));
      });
    });
    for (const c of combinations) {
      const out: SourceRow = {};
      for (const [name, ref] of outputs) out[name] = columnValue(c, ref);
      if (marked) out[JOIN_UNMATCHED_COLUMN] = c.unmatched;
      yield out;
    }
  }
}

/**
 * Reads a join source in batches, in driving-file order. The position is the declared key of the last
 * row (`request.keyColumns`, output names; unique across the joined rows); a resumed read streams the
 * join again and skips up to the row with that key.
 */
export async function* readJoin(driver: FileDriver, request: ReadRequest): AsyncGenerator<RowBatch> {
  const join = request.join!;
  const keyColumns = request.keyColumns ?? [];
  if (keyColumns.length === 0)
    throw new ConfigurationError(`Source "${request.table}": a join source needs key columns.`, { details: { table: request.table } });
  for (const column of [...keyColumns, ...(request.columns ?? [])]) {
    if (column !== JOIN_UNMATCHED_COLUMN && !Object.hasOwn(join.columns, column)) {
      throw new ConfigurationError(`Source "${request.table}": column "${column}" is not an output column of the join.`, {
        details: { table: request.table, column },
      });
    }
  }
  const marked = join.joins.some((j) => j.type === 'inner');
  const output =
    request.columns === undefined
      ? undefined
      : [...request.columns, ...(marked && !request.columns.includes(JOIN_UNMATCHED_COLUMN) ? [JOIN_UNMATCHED_COLUMN] : [])];
  const wanted = request.after === undefined ? undefined : JSON.stringify(request.after.key);
  if (request.after !== undefined && request.after.key.length !== keyColumns.length) throw checkpointInvalid(request.table, 'does not match the key columns');
  let found = wanted === undefined;
  let rowsRead = request.after?.rowsRead ?? 0;
  let batch: SourceRow[] = [];
  let lastKey: (string | number | boolean | null)[] = [];
  for await (const row of streamJoinedRows(driver, join, request.signal)) {
    const key = keyColumns.map((k) => keyPrimitive(row[k] ?? null));
    if (!found) {
      found = JSON.stringify(key) === wanted;
      continue;
    }
    if (request.since !== undefined && !passesDeltaFilter(row[request.since.column], request.since)) continue;
    batch.push(output === undefined ? row : Object.fromEntries(output.map((c) => [c, row[c] ?? null])));
    lastKey = key;
    if (batch.length >= request.batchSize) {
      rowsRead += batch.length;
      yield { rows: batch, position: { key: lastKey, rowsRead } };
      batch = [];
      if (request.signal?.aborted) throw new CancelledError(undefined, { details: { table: request.table } });
    }
  }
  if (!found) throw checkpointInvalid(request.table, 'names a key that is not in the join');
  if (batch.length > 0) {
    rowsRead += batch.length;
    yield { rows: batch, position: { key: lastKey, rowsRead } };
  }
}

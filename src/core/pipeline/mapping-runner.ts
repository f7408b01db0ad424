/**
 * Runs one mapping end to end: read batches (keyset, resumable) → prepare (filter, map, validate,
 * references, duplicates) → commit, with read-ahead. Commits of one mapping go through a p-queue, so
 * they stay in source order; `onSizeLessThan` bounds the prepared batches waiting, so the reader never
 * outruns the target and memory does not grow with the source. A target with `orderedCommits` gets
 * the next batch while the previous one commits (real runs): it keeps the order itself and builds the
 * next batch's text while PostgreSQL works, so the two cores work at the same time.
 */
import PQueue from 'p-queue';
import { ERROR_CODES, RunError, isCasebridgeError } from '../errors.js';
import type { ConnectorDriver, ReadPosition, ReadRequest } from '../connector/connector.js';
import { observeDeltaRows } from './delta-reads.js';
import { outcomeKey, type LoadBatch, type LoadResult, type StatsDelta } from './canonical-target.js';
import type { SourceMapping } from './source-mapping.js';
import type { EngineContext } from './engine-context.js';
import type { ProgressEvent } from './progress-event.js';
import { markAmbiguousIds, prepareBatch, type PreparedBatch } from './batch-preparer.js';
import { sourceKeyOf } from './row-phase.js';
import type { SourceRow } from '../connector/source-value.js';
import { recordRefOf, sourceRowDigest } from './identity.js';
import { SourceKeyTracker } from './source-key-tracker.js';
import { addStats, filteredTotal, type MappingAccount } from './mapping-account.js';
import { addBatchCounts, batchDetailText, type BatchDetailCounts } from './batch-detail.js';
import { hasCodeCoverage, mergeCodeListCoverage, type CodeListCoverage } from '../report/code-list-coverage.js';
import type { MapWorkerPool, WorkerBatchResult } from '../workers/map-worker-pool.js';
import { needsDuplicateKeyScan, scanDuplicateSourceKeys } from './duplicate-key-scan.js';

/** How a mapping's run ended. */
export type MappingOutcome = 'done' | 'cancelled';

/** Runs one mapping from `checkpoint` (exclusive) to the end of its source table. */
export async function runMapping(
  ctx: EngineContext,
  mapping: SourceMapping,
  account: MappingAccount,
  driver: ConnectorDriver,
  checkpoint: ReadPosition | null,
  depth: number,
  emit: (event: ProgressEvent) => void,
  workers?: MapWorkerPool,
): Promise<MappingOutcome> {
  emit({ type: 'mapping-started', mapping: mapping.name, resumedFromRow: checkpoint?.rowsRead ?? 0 });
  const reader = ctx.definition.source.createReader(driver);
  const pipelined = ctx.target.orderedCommits === true;
  const commits = new PQueue({ concurrency: pipelined ? 2 : 1 });
  const clock = new BusyClock();
  let failure: unknown;
  // The error of the earliest failed batch is the run's: later batches fail only because of it.
  let failedBatch = Number.POSITIVE_INFINITY;
  let handedOver = 0;
  let cancelled = false;
  const keyColumns = ctx.keyColumns.get(mapping.name);
  const delta = ctx.deltas.get(mapping.name);
  if (needsDuplicateKeyScan(ctx, mapping)) await scanDuplicateSourceKeys(ctx, mapping, driver, keyColumns, readScope(ctx, mapping));
  else if (keyColumns?.length === 1) ctx.sourceKeys.keepBatchLocal(mapping.name);
  if (checkpoint !== null && checkpoint.rowsRead > 0) await primeSourceKeys(ctx, mapping, driver, keyColumns, checkpoint.rowsRead);
  const iterator = reader.read({
    table: mapping.source.table,
    batchSize: ctx.batchSize,
    ...readScope(ctx, mapping),
    ...(keyColumns === undefined || keyColumns.length === 0 ? {} : { keyColumns }),
    ...(checkpoint === null ? {} : { after: checkpoint }),
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  });
  type Read = IteratorResult<{ rows: readonly Record<string, unknown>[]; position: ReadPosition }>;
  // The next batch is read while this one is prepared, so the source works at the same time as Node
  // (one read at a time: the reader is never asked twice at once).
  let ahead: Promise<Read> | undefined;
  const readNext = (): Promise<Read> => {
    const read = iterator.next();
    read.catch(() => undefined); // awaited below; a failure while nobody waits is not unhandled
    return read;
  };
  // Batches read and (with workers) being mapped, oldest first: at most one without workers (it is
  // prepared here), else one per worker, so memory does not grow with the source.
  const window: { rows: readonly SourceRow[]; position: ReadPosition; mapped?: Promise<WorkerBatchResult> }[] = [];
  const windowSize = workers?.count ?? 1;
  let sourceDone = false;
  let threw = false;
  try {
    for (;;) {
      if (failure !== undefined) break;
      if (ctx.signal?.aborted) {
        cancelled = true;
        break;
      }
      while (window.length < windowSize && !sourceDone) {
        const readStarted = performance.now();
        let next: Read;
        try {
          const read = ahead ?? readNext();
          ahead = undefined;
          next = await read;
        } catch (error) {
          if (isCasebridgeError(error, 'CB_CANCELLED') || ctx.signal?.aborted) {
            cancelled = true;
            break;
          }
          throw error;
        }
        account.durations.extract += performance.now() - readStarted;
        if (next.done) {
          sourceDone = true;
          break;
        }
        const rows = next.value.rows as readonly SourceRow[];
        account.sessionExtracted += rows.length;
        if (delta !== undefined) observeDeltaRows(delta, rows as never);
        const mapped = workers?.map(mapping.name, rows);
        mapped?.catch(() => undefined); // awaited below; a batch dropped on cancel or failure is not unhandled
        window.push({ rows, position: next.value.position, ...(mapped === undefined ? {} : { mapped }) });
      }
      if (cancelled) break;
      const head = window.shift();
      if (head === undefined) break;
      if (!sourceDone) ahead = readNext();
      const { rows, position } = head;
      const fromWorker = head.mapped === undefined ? undefined : await head.mapped;
      // The mapping counts code-list lookups as it maps: counted per batch, kept with the batch's commit
      // (a worker counts its own; here only rows mapped again for their ids when a worker did not map them).
      if (hasCodeCoverage(mapping)) mapping.resetCoverage();
      const prepared = await prepareBatch(ctx, mapping, account, rows, fromWorker?.phase);
      const coverage = hasCodeCoverage(mapping) ? batchCoverage(fromWorker?.coverage, mapping.coverage()) : [];
      ctx.pending.add(prepared.ids);
      // Back-pressure: wait while `depth` prepared batches already wait for their commit (when pipelined,
      // one of them waits at the target: as many batches in flight as without it).
      if (pipelined) await fewerThan(commits, depth + 1);
      else await commits.onSizeLessThan(depth);
      const sequence = handedOver++;
      const failed = (error: unknown): void => {
        if (sequence >= failedBatch) return;
        failedBatch = sequence;
        failure = error;
      };
      // p-queue keeps already-run tasks in its array until it compacts (up to ~100 of them), so the
      // task must not hold the batch itself: it takes it out of the slot when it runs.
      const slot: { prepared: PreparedBatch | undefined } = { prepared };
      const counts: BatchDetailCounts = {
        ...prepared.detail,
        warnings: prepared.warnings,
        duplicates: prepared.duplicates,
        coverage,
        groups: ctx.duplicates.takeTouched(),
      };
      commits
        .add(async () => {
          const batch = slot.prepared!;
          slot.prepared = undefined;
          // A batch queued behind a failed one must not commit: its checkpoint would move past the
          // failed batch's rows, and a resume would skip them.
          if (failure !== undefined) {
            ctx.pending.release(batch.ids);
            ctx.duplicates.release(batch.pendingKeys);
            return;
          }
          try {
            await commitPrepared(ctx, mapping, account, batch, counts, position, clock, emit);
          } catch (error) {
            failed(error);
            throw error;
          }
        })
        .catch(failed);
    }
  } catch (error) {
    // A batch that failed before its hand-over (e.g. its worker died): the batches before it still
    // commit, and the read is closed like after a failed commit (an open read would hold its connection).
    threw = true;
    throw error;
  } finally {
    await commits.onIdle();
    if (cancelled || threw || failure !== undefined) await iterator.return?.();
  }
  if (failure !== undefined) throw failure;
  if (cancelled) return 'cancelled';
  emit({ type: 'mapping-finished', mapping: mapping.name, extracted: account.stats.extracted });
  return 'done';
}

/**
 * The columns and the delta bound of a mapping's read. A delta mapping always reads its stamp column
 * (the engine needs it for the mark even when the mapping's rules do not), and a resumed read uses the
 * same bound as the session it continues, so the checkpoint's row count stays meaningful.
 */
function readScope(ctx: EngineContext, mapping: SourceMapping): Pick<ReadRequest, 'columns' | 'since' | 'join' | 'query'> {
  const delta = ctx.deltas.get(mapping.name);
  const columns = mapping.source.columns;
  const withStamp = columns === undefined || delta === undefined || columns.includes(delta.column) ? columns : [...columns, delta.column];
  // A join or query source is read instead of the table (the connector compiles it).
  const { join, query } = mapping.source;
  return {
    ...(withStamp === undefined ? {} : { columns: withStamp }),
    ...(delta?.filter == null ? {} : { since: delta.filter }),
    ...(join === undefined ? {} : { join }),
    ...(query === undefined ? {} : { query }),
  };
}

/** Dry runs: adds the batch's inserted and updated records (changed field names only) to the change list. */
function listChanges(ctx: EngineContext, batch: LoadBatch, result: LoadResult): void {
  const seen = new Set<string>();
  for (const record of batch.records) {
    const key = outcomeKey(record.entity, record.id);
    if (seen.has(key)) continue;
    seen.add(key);
    const outcome = result.outcomes.get(key);
    if (outcome === 'inserted') ctx.changeList!.add({ entity: record.entity, id: record.id, change: 'insert' });
    else if (outcome === 'updated')
      ctx.changeList!.add({ entity: record.entity, id: record.id, change: 'update', fields: result.changedFields?.get(key) ?? [] });
  }
}

/**
 * A resumed mapping re-reads the rows committed before its checkpoint once, only to learn their source
 * keys (and the ids a duplicated key made ambiguous), so a duplicate that straddles the interruption is
 * found exactly as in an uninterrupted run.
 */
async function primeSourceKeys(
  ctx: EngineContext,
  mapping: SourceMapping,
  driver: ConnectorDriver,
  keyColumns: readonly string[] | undefined,
  rowsBefore: number,
): Promise<void> {
  const reader = ctx.definition.source.createReader(driver);
  const iterator = reader.read({
    table: mapping.source.table,
    batchSize: ctx.batchSize,
    ...readScope(ctx, mapping),
    ...(keyColumns === undefined || keyColumns.length === 0 ? {} : { keyColumns }),
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  });
  let read = 0;
  try {
    for await (const { rows } of iterator) {
      const prefix = rows.slice(0, rowsBefore - read) as readonly SourceRow[];
      read += prefix.length;
      const digests = prefix.map((row) => sourceRowDigest(ctx.sourceSystem, mapping.source.table, sourceKeyOf(ctx, mapping, row), ctx.pseudonyms));
      const duplicated = ctx.sourceKeys.check(mapping.name, digests.map(SourceKeyTracker.tokenOf));
      for (const [i, row] of prefix.entries()) {
        if (duplicated[i] === true) markAmbiguousIds(ctx, mapping, row, recordRefOf(mapping.name, digests[i]!));
      }
      if (read >= rowsBefore) break;
    }
  } finally {
    await iterator.return?.();
  }
}

async function commitPrepared(
  ctx: EngineContext,
  mapping: SourceMapping,
  account: MappingAccount,
  prepared: PreparedBatch,
  counts: BatchDetailCounts,
  position: ReadPosition,
  clock: BusyClock,
  emit: (event: ProgressEvent) => void,
): Promise<void> {
  try {
    // inserted/updated/unchanged are record outcomes only the target knows inside its transaction;
    // targets replace these zeros with the outcomes they observe (see canonical-target.ts, StatsDelta).
    const stats: StatsDelta = {
      extracted: prepared.extracted,
      filtered: prepared.filtered,
      quarantined: prepared.quarantine.length,
      loaded: prepared.loadedRows.length,
      inserted: 0,
      updated: 0,
      unchanged: 0,
    };
    if (stats.extracted !== stats.loaded + stats.quarantined + filteredTotal(stats)) {
      // Every row of a batch lands in exactly one bucket; if not, stop before the ledger records it.
      throw new RunError('A batch does not balance: extracted differs from loaded + filtered + quarantined.', {
        code: ERROR_CODES.RUN_UNBALANCED,
        details: { mapping: mapping.name, extracted: stats.extracted, loaded: stats.loaded, quarantined: stats.quarantined },
      });
    }
    const batch: LoadBatch = {
      runId: ctx.runId,
      mapping: mapping.name,
      records: prepared.records,
      quarantine: prepared.quarantine,
      ...(prepared.notes.length === 0 ? {} : { notes: prepared.notes }),
      ...(prepared.mergedLineage.length === 0 ? {} : { mergedLineage: prepared.mergedLineage }),
      stats,
      checkpoint: position,
      ...(ctx.snapshotMappings.has(mapping.name) ? { snapshot: true } : {}),
      detail: batchDetailText(counts),
    };
    clock.start();
    let result: LoadResult;
    try {
      result = await ctx.target.commitBatch(batch);
    } finally {
      account.durations.load += clock.stop();
    }
    await ctx.onBatchCommitted?.(batch);
    for (const [entity, ids] of prepared.ids) ctx.known?.add(entity, ids);
    if (ctx.changeList !== undefined) listChanges(ctx, batch, result);
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    for (const c of Object.values(result.byEntity)) {
      inserted += c.inserted;
      updated += c.updated;
      unchanged += c.unchanged;
    }
    account.stats = addStats(account.stats, { ...stats, inserted, updated, unchanged });
    addBatchCounts(account, counts, result.byEntity);
    emit({
      type: 'batch-committed',
      mapping: mapping.name,
      batch: account.batches,
      extracted: stats.extracted,
      loaded: stats.loaded,
      filtered: filteredTotal(stats),
      quarantined: stats.quarantined,
      rowsRead: account.stats.extracted,
    });
  } finally {
    ctx.pending.release(prepared.ids);
    ctx.duplicates.release(prepared.pendingKeys);
  }
}

/** A batch's code-list coverage: the worker's counts plus the main thread's (rows it mapped for their ids only). */
function batchCoverage(fromWorker: readonly CodeListCoverage[] | undefined, here: readonly CodeListCoverage[]): readonly CodeListCoverage[] {
  if (fromWorker === undefined) return here;
  return here.length === 0 ? fromWorker : mergeCodeListCoverage([...fromWorker, ...here]);
}

/** Waits until fewer than `limit` batches wait for their commit or are committing. */
async function fewerThan(queue: PQueue, limit: number): Promise<void> {
  while (queue.size + queue.pending >= limit) await new Promise<void>((resolve) => queue.once('next', () => resolve()));
}

/** Busy time of commits that may overlap: the time at least one was in flight, counted once. */
class BusyClock {
  #running = 0;
  #since = 0;

  start(): void {
    if (this.#running++ === 0) this.#since = performance.now();
  }

  /** Milliseconds to add to the busy time (non-zero when the last running commit ends). */
  stop(): number {
    this.#running -= 1;
    return this.#running === 0 ? performance.now() - this.#since : 0;
  }
}

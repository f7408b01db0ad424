/**
 * The canonical target over any PostgreSQL engine (server through `pg`, or embedded PGlite): the
 * `CanonicalTarget` contract implemented once, on top of a `TargetConnection`.
 *
 * Real run: each `commitBatch` is one transaction holding the batch's rows and its ledger entries.
 *
 * Dry run: `beginRun` pins one session and opens one transaction that stays open for the whole run.
 * Each batch runs inside a savepoint in it, so later batches (and `existingIds`, `findByField`,
 * `readBack`, `totals`) see earlier ones and references resolve; outcomes are classified exactly as in a
 * real run against the target as it stands. `finishRun` ROLLS BACK: neither the canonical tables nor the
 * ledger keep anything of a dry run (the engine writes its report to files). While a dry run is open,
 * every call of this target instance goes through its session, one at a time, and so does its document
 * store (`documentStore()`), whose transactions become savepoints in the dry run's.
 */
import PQueue from 'p-queue';
import { ConfigurationError } from '../../core/errors.js';
import type {
  CanonicalTarget,
  CaseBundleReadOptions,
  DeletionRequest,
  EntityDeletions,
  HighWaterMark,
  LoadBatch,
  LoadOutcome,
  LoadRecord,
  LoadResult,
  BatchDetailEntry,
  QuarantineEntry,
  StoredRecordNote,
  RunInfo,
  RunSession,
  SessionOutcome,
  StageCheckpoint,
  RunState,
  StoredCaseBundle,
  StoredRecord,
  HashSuspects,
  TargetTotalRow,
  TargetTotalsRequest,
  TargetQueryable,
} from '../../core/pipeline/canonical-target.js';
import { outcomeKey } from '../../core/pipeline/canonical-target.js';
import { getModel } from '../../core/model/model-registry.js';
import type { Tenant } from '../../core/pipeline/tenant.js';
import { LEDGER_TABLES } from '../ledger/ledger-ddl.js';
import { STORE_LEDGER_DDL } from '../ledger/store-ledger-ddl.js';
import { selectHighWaterMarks, upsertHighWaterMarks } from '../ledger/high-water-sql.js';
import { recordRunFiles, sealRunLink } from '../ledger/run-chain-seal.js';
import type { ReportFileDigest, RunChainTarget } from '../../core/trust/run-chain-target.js';
import type { KeyObject } from 'node:crypto';
import { LINEAGE_TABLES } from '../ledger/lineage-compact-ddl.js';
import { selectRecordNotes } from '../ledger/record-note-ledger.js';
import { closeSession, openSession, selectBatchDetails, selectStages, selectStoredReport, upsertStage } from '../ledger/run-session-ledger.js';
import { assertBatchTenant, assertRunRunning, beginRunInLedger, finishRunInLedger, recordBatchInLedger } from '../ledger/ledger-writes.js';
import { selectQuarantineEntries } from '../ledger/ledger-reads.js';
import type { StoreModel } from '../typeorm/store-model.js';
import { applyCanonicalMigrations } from './canonical-schema.js';
import type { CanonicalSchemaApplier } from './canonical-schema.js';
import { translateDatabaseError } from './database-errors.js';
import { acquireRunLocks, releaseRunLocks } from './run-locks.js';
import { buildModelLayout, groupInLoadOrder } from './entity-layout.js';
import type { ModelLayout } from './entity-layout.js';
import { modelHasCases, selectCaseBundlePage } from './case-bundle-queries.js';
import { selectByField, selectExistingIds, selectHashSuspects, selectReadBackPage, selectTotals } from './read-queries.js';
import type { ReadBackCursor } from './read-queries.js';
import type { PinnedSession, SqlSession, TargetConnection } from './sql-session.js';
import { upsertEntityRecords } from './upsert-sql.js';
import {
  applyDeletionsSql,
  forgetSeen,
  recordSeen,
  restoreTombstoned,
  selectDeliveredRows,
  selectLiveCount,
  selectRunDeletions,
  selectRunUpserts,
} from './tombstone-sql.js';
import type { RunChange } from './tombstone-sql.js';
import { FirstLoadPlan, isUniqueViolation } from './first-load.js';
import { stageIfFirstLoad, writeFirstLoad, type StagedFirstLoad } from './first-load-write.js';
import { CommitChains } from './commit-chain.js';
import type { LoadPath } from './first-load.js';
import { SqlDocumentStore } from '../documents/sql-document-store.js';
import type { SqlDocumentStoreOptions } from '../documents/sql-document-store.js';
import { rollbackRunOn } from './run-rollback.js';
import type { RollbackOptions } from './run-rollback.js';
import type { RollbackResult } from './run-rollback-sql.js';
import { dryRunAwareConnection } from './dry-run-connection.js';
import type { OpenDryRun } from './dry-run-connection.js';

/** Options both SQL targets share. */
export interface SqlTargetOptions {
  /** The canonical model (default: the model shipped with casebridge, `getModel()`). */
  readonly model?: StoreModel;
  /** How `ensureSchema` creates the canonical tables (default: the canonical-store migrations). */
  readonly applyCanonicalSchema?: CanonicalSchemaApplier;
  /**
   * COPY batches straight into the final tables while an entity holds no rows of the run's source
   * system from another run (default true; see `first-load.ts`). False: every batch is staged and upserted.
   */
  readonly firstLoad?: boolean;
}

export { outcomeKey } from '../../core/pipeline/canonical-target.js';

/** How many batches this target instance wrote by each path (first-load COPY or staged upsert). */
export type LoadPathCounts = Readonly<Record<LoadPath, number>>;

/** Serialises everything a pinned session runs: a transaction is one conversation. */
interface DryRun extends OpenDryRun {
  readonly runId: string;
}

/** The distinct entities a batch writes records or lineage of. */
function batchEntities(batch: LoadBatch): string[] {
  const entities = new Set(batch.records.map((r) => r.entity));
  for (const merged of batch.mergedLineage ?? []) entities.add(merged.entity);
  return [...entities];
}

/** Advisory lock key that serialises concurrent `ensureSchema` calls ("casebrdg" as 8 bytes). */
const SCHEMA_LOCK_KEY = '7161124181133534055';

/** A `CanonicalTarget` over a PostgreSQL engine. */
export class SqlCanonicalTarget implements CanonicalTarget, RunChainTarget {
  readonly kind: string;
  readonly #connection: TargetConnection;
  readonly #options: SqlTargetOptions;
  #layout: ModelLayout | undefined;
  #dry: DryRun | null = null;
  /** The session holding the run's locks (PostgreSQL server only; see run-locks.ts). */
  #lock: PinnedSession | null = null;
  #firstLoad: FirstLoadPlan | null = null;
  readonly #paths: Record<LoadPath, number> = { 'first-load': 0, upsert: 0 };
  readonly #commits = new CommitChains();
  /** `commitBatch` of a real run may be called before the previous call resolved (see `commit-chain.ts`). */
  readonly orderedCommits = true;

  constructor(connection: TargetConnection, options: SqlTargetOptions = {}) {
    this.kind = connection.kind;
    this.#connection = connection;
    this.#options = options;
  }

  get #model(): ModelLayout {
    this.#layout ??= buildModelLayout(this.#options.model ?? getModel());
    return this.#layout;
  }

  async open(): Promise<void> {
    try {
      await this.#connection.open();
    } catch (error) {
      throw translateDatabaseError(error, 'open');
    }
  }

  async close(): Promise<void> {
    await this.#releaseLocks();
    const dry = this.#dry;
    this.#dry = null;
    if (dry !== null) {
      // An unfinished dry run is abandoned: rolled back like any dry run.
      await dry.queue.add(async () => {
        await dry.session.query('ROLLBACK').catch(() => undefined);
        await dry.session.release();
      });
    }
    await this.#connection.close();
  }

  /**
   * The document store in this target's database, sharing its connection (open the target first; the
   * target closes the connection). Call the store's `ensureSchema()` before the first transfer.
   */
  documentStore(options: Omit<SqlDocumentStoreOptions, 'ownsConnection'> = {}): SqlDocumentStore {
    // Through the open dry run, if any: a transaction of the store's own would end the dry run's on PGlite.
    const connection = dryRunAwareConnection(this.#connection, () => this.#dry);
    return new SqlDocumentStore(connection, { ...options, ownsConnection: false });
  }

  async ensureSchema(): Promise<void> {
    this.#assertNoDryRun('ensureSchema');
    const apply = this.#options.applyCanonicalSchema ?? applyCanonicalMigrations;
    // Runs of other communes may be writing while this one starts: an idempotent DDL statement can then
    // meet their row locks in a deadlock, whose victim is rolled back whole and may simply try again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#connection.transaction(async (session) => {
          await session.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`);
          await apply(session);
          for (const statement of STORE_LEDGER_DDL) await session.query(statement);
        });
        return;
      } catch (error) {
        const state = (error as { code?: unknown }).code;
        if (attempt < 4 && (state === '40P01' || state === '40001')) continue;
        throw translateDatabaseError(error, 'ensure schema');
      }
    }
  }

  /** Batches written by each path since this instance was created (a witness for tests and benchmarks). */
  loadPaths(): LoadPathCounts {
    return { ...this.#paths };
  }

  async beginRun(run: RunInfo): Promise<RunState> {
    this.#firstLoad = this.#options.firstLoad === false ? null : new FirstLoadPlan(run.runId, { commune: run.commune, sourceSystem: run.sourceSystem });
    if (!run.dryRun) {
      this.#assertNoDryRun('beginRun');
      await this.#acquireLocks(run);
      try {
        return await this.#connection.transaction((session) => beginRunInLedger(session, run));
      } catch (error) {
        await this.#releaseLocks();
        throw translateDatabaseError(error, 'begin run');
      }
    }
    this.#assertNoDryRun('beginRun');
    const session = await this.#connection.pin().catch((error: unknown) => {
      throw translateDatabaseError(error, 'begin dry run');
    });
    try {
      await session.query('BEGIN');
      const state = await beginRunInLedger(session, run);
      this.#dry = { runId: run.runId, session, queue: new PQueue({ concurrency: 1 }) };
      return state;
    } catch (error) {
      await session.query('ROLLBACK').catch(() => undefined);
      await session.release();
      throw translateDatabaseError(error, 'begin dry run');
    }
  }

  /**
   * Real and dry runs: may be called again before the previous call resolved (`orderedCommits`). The batch's
   * first-load COPY text is built at once, while earlier batches are still committing; its transaction
   * runs after theirs, in call order per run and mapping (`commit-chain.ts`).
   */
  async commitBatch(batch: LoadBatch): Promise<LoadResult> {
    const dry = this.#dry;
    if (dry !== null && dry.runId !== batch.runId) {
      throw new ConfigurationError('A batch of another run was committed while a dry run is open on this target.', {
        details: { runId: batch.runId },
      });
    }
    // Staged at once, in parallel with earlier batches; the chain place is taken now, in call order. A
    // dry run's one session then takes its batches one at a time, each in a savepoint.
    const staged = this.#firstLoad === null ? Promise.resolve(null) : stageIfFirstLoad(this.#firstLoad, this.#model, batch, batchEntities(batch));
    const chain = `${batch.runId}\u001f${batch.mapping}`;
    if (dry !== null) {
      // p-queue keeps already-run tasks in its array until it compacts (up to ~100), so the task must not
      // hold the batch itself: it takes it out of the slot when it runs.
      const slot: { batch: LoadBatch | undefined } = { batch };
      return this.#commits.run(chain, batch.mapping, () => this.#commitDry(dry, slot, staged));
    }
    const write = (fast: boolean): Promise<LoadResult> =>
      // The batch's commit need not wait for its WAL flush (`asyncCommit` of both writers): data and
      // ledger checkpoint commit atomically either way, so a batch lost in a server crash is simply
      // loaded again on resume, and finishRun's synchronous commit flushes every earlier batch's WAL
      // before the run counts as finished. Saves one fsync wait per batch.
      this.#connection.transaction(async (session) => {
        if (!fast) return this.#writeBatch(session, batch, false, true);
        const result = await writeFirstLoad(session, this.#model, batch, await staged, true);
        this.#paths['first-load'] += 1;
        return result;
      });
    return this.#commits.run(chain, batch.mapping, async () => {
      try {
        if (await this.#fastPathAllows(batch, null)) {
          try {
            return await write(true);
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
            this.#firstLoad?.conflicted(batchEntities(batch));
          }
        }
        return await write(false);
      } catch (error) {
        throw translateDatabaseError(error, 'commit batch');
      }
    });
  }

  /** One dry-run batch in the dry run's session, inside a savepoint (see {@link commitBatch}). */
  #commitDry(dry: DryRun, slot: { batch: LoadBatch | undefined }, staged: Promise<StagedFirstLoad | null>): Promise<LoadResult> {
    return dry.queue.add(async () => {
      const queued = slot.batch!;
      slot.batch = undefined;
      await dry.session.query('SAVEPOINT cb_batch');
      try {
        let result: LoadResult | null = null;
        if (await this.#fastPathAllows(queued, dry.session)) {
          try {
            result = await writeFirstLoad(dry.session, this.#model, queued, await staged, false);
            this.#paths['first-load'] += 1;
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
            this.#firstLoad?.conflicted(batchEntities(queued));
            await dry.session.query('ROLLBACK TO SAVEPOINT cb_batch');
          }
        }
        result ??= await this.#writeBatch(dry.session, queued, true);
        await dry.session.query('RELEASE SAVEPOINT cb_batch');
        return result;
      } catch (error) {
        // The batch vanishes; the dry run's earlier batches stay visible.
        await dry.session.query('ROLLBACK TO SAVEPOINT cb_batch');
        throw translateDatabaseError(error, 'commit dry-run batch');
      }
    });
  }

  /** Whether `batch` may take the first-load path; probes in `session`, or in a session of its own when null. */
  async #fastPathAllows(batch: LoadBatch, session: SqlSession | null): Promise<boolean> {
    const plan = this.#firstLoad;
    if (plan === null || plan.runId !== batch.runId) return false;
    const entities = batchEntities(batch);
    for (const entity of entities) this.#model.entity(entity); // unknown entity → SchemaError before any probe
    const known = plan.known(entities);
    if (known !== null) return known;
    if (session !== null) return plan.allows(session, entities);
    return this.#connection.withSession((s) => plan.allows(s, entities));
  }

  /**
   * `inOpenTransaction`: a dry run's batch, whose staging tables are not emptied by a commit.
   * `asyncCommit`: the transaction's commit does not wait for its WAL flush (see `assertRunRunning`).
   */
  async #writeBatch(session: SqlSession, batch: LoadBatch, inOpenTransaction = false, asyncCommit = false): Promise<LoadResult> {
    const model = this.#model;
    const tenant = assertBatchTenant(await assertRunRunning(session, batch.runId, asyncCommit), batch);
    // Unknown entities throw before any write.
    const groups = groupInLoadOrder(model, batch.records);
    const outcomes = new Map<string, LoadOutcome>();
    const changedFields = new Map<string, readonly string[]>();
    const byEntity: Record<string, { inserted: number; updated: number; unchanged: number }> = {};
    const totals = { inserted: 0, updated: 0, unchanged: 0 };
    const digests = new Map<LoadRecord, string>();
    for (const [layout, group] of groups) {
      const entity = layout.entity;
      const rows = await upsertEntityRecords(session, layout, batch.runId, tenant, group, inOpenTransaction, inOpenTransaction, digests);
      // A tombstoned record delivered again is live again: it counts as inserted into the live set.
      const restored = await restoreTombstoned(
        session,
        entity,
        batch.runId,
        rows.map((r) => r.id),
        tenant.commune,
      );
      const counts = { inserted: 0, updated: 0, unchanged: 0 };
      for (const row of rows) {
        const outcome: LoadOutcome = restored.has(row.id) ? 'inserted' : row.outcome;
        outcomes.set(outcomeKey(entity, row.id), outcome);
        if (outcome === 'updated' && row.fields !== undefined) changedFields.set(outcomeKey(entity, row.id), row.fields);
        counts[outcome] += 1;
        totals[outcome] += 1;
      }
      byEntity[entity] = counts;
    }
    await recordSeen(session, batch, tenant);
    // The target owns the outcome counters: it is the only one that knows them.
    await recordBatchInLedger(session, batch, { ...batch.stats, ...totals }, byEntity, digests, inOpenTransaction);
    this.#paths.upsert += 1;
    return inOpenTransaction ? { outcomes, byEntity, changedFields } : { outcomes, byEntity };
  }

  async existingIds(entity: string, ids: readonly string[]): Promise<ReadonlySet<string>> {
    const layout = this.#model.entity(entity);
    return this.#read('existing ids', (session) => selectExistingIds(session, layout, ids));
  }

  async findByField(entity: string, field: string, values: readonly string[], commune?: number): Promise<readonly { id: string; value: string }[]> {
    const layout = this.#model.entity(entity);
    return this.#read('find by field', (session) => selectByField(session, layout, field, values, commune));
  }

  async totals(request: TargetTotalsRequest): Promise<readonly TargetTotalRow[]> {
    const layout = this.#model.entity(request.entity);
    return this.#read('totals', (session) => selectTotals(session, layout, request));
  }

  async *readBack(entity: string, tenant: Tenant, batchSize: number): AsyncIterableIterator<readonly StoredRecord[]> {
    const layout = this.#model.entity(entity);
    const limit = Math.max(1, Math.floor(batchSize));
    let after: ReadBackCursor | null = null;
    for (;;) {
      const cursor: ReadBackCursor | null = after;
      const page: { records: StoredRecord[]; next: ReadBackCursor | null } = await this.#read('read back', (session) =>
        selectReadBackPage(session, layout, tenant, cursor, limit),
      );
      if (page.records.length > 0) yield page.records;
      if (page.next === null) return;
      after = page.next;
    }
  }

  async hashSuspects(entity: string, tenant: Tenant, maxSuspects: number): Promise<HashSuspects> {
    const layout = this.#model.entity(entity);
    if (this.#dry !== null) return this.#read('hash suspects', (session) => selectHashSuspects(session, layout, tenant, maxSuspects));
    try {
      // One statement joins every lineage row to its row: with room for the hash table (64 MB, this
      // transaction only) the planner hashes instead of merging two index scans (0.3M: 3.2 s → 1.9 s).
      return await this.#connection.transaction(async (session) => {
        await session.query(`SET LOCAL work_mem = '64MB'`);
        return selectHashSuspects(session, layout, tenant, maxSuspects);
      });
    } catch (error) {
      throw translateDatabaseError(error, 'hash suspects');
    }
  }

  async *readCaseBundles(tenant: Tenant, pageSize: number, options: CaseBundleReadOptions = {}): AsyncIterableIterator<readonly StoredCaseBundle[]> {
    const model = this.#model;
    if (!modelHasCases(model)) return;
    const limit = Math.max(1, Math.floor(pageSize));
    let after: string | null = null;
    for (;;) {
      const cursor: string | null = after;
      const page: { bundles: StoredCaseBundle[]; next: string | null } = await this.#read('read case bundles', (session) =>
        selectCaseBundlePage(session, model, tenant, cursor, limit, options.lineage !== false),
      );
      if (page.bundles.length > 0) yield page.bundles;
      if (page.next === null) return;
      after = page.next;
    }
  }

  async applyDeletions(request: DeletionRequest): Promise<readonly EntityDeletions[]> {
    const model = this.#model;
    const dry = this.#dry;
    if (dry !== null) {
      if (dry.runId !== request.runId)
        throw new ConfigurationError('Deletions of another run were asked while a dry run is open on this target.', { details: { runId: request.runId } });
      return dry.queue.add(async () => {
        await dry.session.query('SAVEPOINT cb_deletions');
        try {
          const result = await applyDeletionsSql(dry.session, model, request);
          await dry.session.query('RELEASE SAVEPOINT cb_deletions');
          return result;
        } catch (error) {
          await dry.session.query('ROLLBACK TO SAVEPOINT cb_deletions');
          throw translateDatabaseError(error, 'apply dry-run deletions');
        }
      });
    }
    try {
      return await this.#connection.transaction(async (session) => {
        await assertRunRunning(session, request.runId);
        return applyDeletionsSql(session, model, request);
      });
    } catch (error) {
      throw translateDatabaseError(error, 'apply deletions');
    }
  }

  /**
   * ANALYZEs the tables of `entities` and the lineage: right after a bulk load they have no statistics,
   * and the planner then joins 100,000s of rows by nested index probes (0.3M: the bulk hash witness
   * 4.5 s → 1.0 s, a live count 1.3 s → 0.17 s). A dry run's rows are not committed: nothing to do.
   */
  async afterLoad(entities: readonly string[]): Promise<void> {
    if (this.#dry !== null) return;
    const tables = [
      ...new Set(entities.map((entity) => this.#model.entity(entity).qualified)),
      LEDGER_TABLES.lineage,
      LINEAGE_TABLES.source,
      LINEAGE_TABLES.mapping,
    ];
    try {
      await this.#connection.withSession(async (session) => {
        for (const table of tables) await session.query(`ANALYZE ${table}`);
      });
    } catch (error) {
      throw translateDatabaseError(error, 'analyze loaded tables');
    }
  }

  async liveCount(entity: string, tenant: Tenant): Promise<number> {
    const layout = this.#model.entity(entity);
    return this.#read('live count', (session) => selectLiveCount(session, layout, tenant));
  }

  async deliveredRows(tenant: Tenant, mappings: readonly string[]): Promise<Readonly<Record<string, number>>> {
    return this.#read('delivered rows', (session) => selectDeliveredRows(session, tenant, mappings));
  }

  /**
   * What the finished run `runId` changed in the live records, page by page: the records it wrote or
   * restored (entity by entity in model order, id order), then the tombstones it wrote. The source of
   * a delivery's change feed (`publishChangeSet`).
   */
  async *readRunChanges(runId: string, pageSize = 1000): AsyncIterableIterator<readonly RunChange[]> {
    const limit = Math.max(1, Math.floor(pageSize));
    for (const layout of this.#model.entities) {
      let after: string | null = null;
      for (;;) {
        const cursor: string | null = after;
        const page: { changes: RunChange[]; next: string | null } = await this.#read('read run changes', (session) =>
          selectRunUpserts(session, layout, runId, cursor, limit),
        );
        if (page.changes.length > 0) yield page.changes;
        if (page.next === null) break;
        after = page.next;
      }
    }
    const deletions = await this.#read('read run deletions', (session) => selectRunDeletions(session, runId));
    if (deletions.length > 0) yield deletions;
  }

  /** The quarantined source rows the ledger recorded for `runId` (references, codes and paths only), in commit order; null for an unknown run. */
  async quarantineEntries(runId: string): Promise<QuarantineEntry[] | null> {
    return this.#read('read quarantine', (session) => selectQuarantineEntries(session, runId));
  }

  async recordNotes(runId: string, after: string | null, limit: number): Promise<readonly StoredRecordNote[] | null> {
    return this.#read('read record notes', (session) => selectRecordNotes(session, runId, after, limit));
  }

  async highWaterMarks(tenant: Tenant): Promise<readonly HighWaterMark[]> {
    return this.#read('read high-water marks', (session) => selectHighWaterMarks(session, tenant));
  }

  async beginSession(runId: string, startedAt: string): Promise<readonly RunSession[]> {
    return this.#write('begin session', (session) => openSession(session, runId, startedAt));
  }

  async endSession(runId: string, outcome: SessionOutcome): Promise<void> {
    await this.#write('end session', (session) => closeSession(session, runId, outcome));
  }

  async stageCheckpoints(runId: string): Promise<readonly StageCheckpoint[]> {
    return this.#read('read stages', (session) => selectStages(session, runId));
  }

  async saveStage(runId: string, checkpoint: StageCheckpoint): Promise<void> {
    await this.#write('save stage', (session) => upsertStage(session, runId, checkpoint));
  }

  async batchDetails(runId: string): Promise<readonly BatchDetailEntry[]> {
    return this.#read('read batch detail', (session) => selectBatchDetails(session, runId));
  }

  async storedReport(runId: string): Promise<string | null> {
    return this.#read('read stored report', (session) => selectStoredReport(session, runId));
  }

  async finishRun(runId: string, status: 'finished' | 'failed', report: unknown, marks: readonly HighWaterMark[] = []): Promise<void> {
    const dry = this.#dry;
    if (dry !== null && dry.runId === runId) {
      this.#dry = null;
      await dry.queue.add(async () => {
        try {
          await dry.session.query('ROLLBACK');
        } catch (error) {
          throw translateDatabaseError(error, 'roll back dry run');
        } finally {
          await dry.session.release();
        }
      });
      return;
    }
    this.#assertNoDryRun('finishRun');
    try {
      await this.#connection.transaction(async (session) => {
        await finishRunInLedger(session, runId, status, report);
        // The delta marks advance only with a finished run, in the same transaction.
        if (status === 'finished') await upsertHighWaterMarks(session, runId, marks);
        // A failed run may resume and still needs what it saw; a finished one does not.
        if (status === 'finished') await forgetSeen(session, runId);
        // The run's chain link commits with the run (run-chain-seal.ts).
        if (status === 'finished') await sealRunLink(session, runId);
      });
    } catch (error) {
      throw translateDatabaseError(error, 'finish run');
    } finally {
      await this.#releaseLocks();
    }
  }

  async recordRunFiles(runId: string, files: readonly ReportFileDigest[], signingKey?: KeyObject): Promise<boolean> {
    return this.#write('record run files', (session) => recordRunFiles(session, runId, files, signingKey));
  }

  ledgerQueryable(): TargetQueryable {
    return { query: async <R>(sql: string, params?: unknown[]) => this.#read('read ledger', (session) => session.query<R>(sql, params ?? [])) };
  }

  /** Undoes the ended run `runId` (see `run-rollback.ts`; the library entry is `rollbackRun`). */
  async rollbackRun(runId: string, options: RollbackOptions = {}): Promise<RollbackResult> {
    this.#assertNoDryRun('rollbackRun');
    return rollbackRunOn(this.#connection, this.#model, runId, options);
  }

  /**
   * Takes the run's locks on a session of its own. Only a server has other writers to exclude: an
   * embedded PGlite is one session in one process, where a session lock would always be granted.
   */
  async #acquireLocks(run: RunInfo): Promise<void> {
    if (this.#connection.kind !== 'postgres') return;
    await this.#releaseLocks();
    let session: PinnedSession;
    try {
      session = await this.#connection.pin();
    } catch (error) {
      throw translateDatabaseError(error, 'lock run');
    }
    try {
      await acquireRunLocks(session, run);
    } catch (error) {
      await session.release();
      throw translateDatabaseError(error, 'lock run');
    }
    this.#lock = session;
  }

  async #releaseLocks(): Promise<void> {
    const session = this.#lock;
    this.#lock = null;
    if (session === null) return;
    await releaseRunLocks(session);
    await session.release();
  }

  /** A ledger write: in the open dry run's transaction (rolled back with it), else a transaction of its own. */
  async #write<T>(operation: string, fn: (session: SqlSession) => Promise<T>): Promise<T> {
    const dry = this.#dry;
    try {
      if (dry !== null) return await dry.queue.add(() => fn(dry.session));
      return await this.#connection.transaction(fn);
    } catch (error) {
      throw translateDatabaseError(error, operation);
    }
  }

  async #read<T>(operation: string, fn: (session: SqlSession) => Promise<T>): Promise<T> {
    const dry = this.#dry;
    try {
      if (dry !== null) return await dry.queue.add(() => fn(dry.session));
      return await this.#connection.withSession(fn);
    } catch (error) {
      throw translateDatabaseError(error, operation);
    }
  }

  #assertNoDryRun(operation: string): void {
    if (this.#dry !== null) {
      throw new ConfigurationError('This target has an open dry run; finish it first.', { details: { operation, runId: this.#dry.runId } });
    }
  }
}

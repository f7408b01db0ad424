/**
 * Reads and writes of the run ledger, shared by both targets. Every write here runs inside the caller's
 * transaction (the batch's), which is the whole point: data and ledger commit or vanish together.
 */
import { ConfigurationError, ERROR_CODES, RunError, TenantError } from '../../core/errors.js';
import type { Tenant } from '../../core/pipeline/tenant.js';
import type { LoadBatch, LoadRecord, LoadResult, RunInfo, RunState, StatsDelta } from '../../core/pipeline/canonical-target.js';
import type { ReadPosition } from '../../core/connector/connector.js';
import { copyLine, textArrayLiteral } from '../shared/copy-text.js';
import type { SqlSession } from '../shared/sql-session.js';
import { LEDGER_TABLES } from './ledger-ddl.js';
import { closeSession } from './run-session-ledger.js';
import { RUN_SESSION_TABLES } from './run-session-ledger-ddl.js';
import { writeLineage, type PreparedLineage } from './lineage-writes.js';
import { writeRecordNotes } from './record-note-ledger.js';
import { idSchemeOfNewRun, idSchemeOfResumedRun } from './id-scheme-ledger.js';

const COUNTERS = ['extracted', 'quarantined', 'loaded', 'inserted', 'updated', 'unchanged'] as const;

/** A run as the ledger stores it. */
export interface StoredRun {
  readonly runId: string;
  readonly migration: string;
  /** The run's commune (null for runs recorded before the tenant key). */
  readonly commune: number | null;
  readonly sourceSystem: string;
  readonly dryRun: boolean;
  readonly mappingVersions: Readonly<Record<string, string>>;
  readonly status: RunState['status'];
  /** The run's id scheme (`uuidv5` for runs recorded before the column existed). */
  readonly idScheme: string;
}

function statsFromJson(value: unknown): StatsDelta {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const filtered: Record<string, number> = {};
  const f = o['filtered'];
  if (typeof f === 'object' && f !== null) {
    for (const [k, v] of Object.entries(f)) filtered[k] = Number(v);
  }
  const n = (k: string): number => Number(o[k] ?? 0);
  return {
    extracted: n('extracted'),
    filtered,
    quarantined: n('quarantined'),
    loaded: n('loaded'),
    inserted: n('inserted'),
    updated: n('updated'),
    unchanged: n('unchanged'),
  };
}

/** Reads a run and its per-mapping state, locking the run row (FOR UPDATE) for the caller's transaction. */
export async function readRun(session: SqlSession, runId: string): Promise<{ run: StoredRun; state: RunState } | null> {
  const runs = await session.query<{
    migration: string;
    commune: number | null;
    source_system: string;
    dry_run: boolean;
    mapping_versions: Record<string, string>;
    status: RunState['status'];
    id_scheme: string;
  }>(`SELECT migration, commune, source_system, dry_run, mapping_versions, status, id_scheme FROM ${LEDGER_TABLES.run} WHERE run_id = $1 FOR UPDATE`, [runId]);
  const row = runs.rows[0];
  if (row === undefined) return null;
  const mappingRows = await session.query<{ mapping: string; checkpoint: ReadPosition | null; stats: unknown; done: boolean }>(
    `SELECT mapping, checkpoint, stats, done FROM ${LEDGER_TABLES.runMapping} WHERE run_id = $1 ORDER BY mapping`,
    [runId],
  );
  const mappings: Record<string, { checkpoint: ReadPosition | null; stats: StatsDelta; done: boolean }> = {};
  for (const m of mappingRows.rows) mappings[m.mapping] = { checkpoint: m.checkpoint, stats: statsFromJson(m.stats), done: m.done };
  const run: StoredRun = {
    runId,
    migration: row.migration,
    commune: row.commune === null ? null : Number(row.commune),
    sourceSystem: row.source_system,
    dryRun: row.dry_run,
    mappingVersions: row.mapping_versions,
    status: row.status,
    idScheme: row.id_scheme,
  };
  return { run, state: { runId, status: row.status, mappings } };
}

function sameVersions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/**
 * Registers `run`, or returns the state of the run with the same id so it can resume. Resuming with
 * another migration, source system or mapping versions would mix two different loads under one id, so
 * that is refused; a failed run becomes `running` again.
 */
export async function beginRunInLedger(session: SqlSession, run: RunInfo): Promise<RunState> {
  const existing = await readRun(session, run.runId);
  if (existing === null) {
    // Before anything is written: a run under another id scheme than the tenant's stops here.
    const idScheme = await idSchemeOfNewRun(session, run);
    await session.query(
      `INSERT INTO ${LEDGER_TABLES.run} (run_id, migration, source_system, dry_run, mapping_versions, status, started_at, commune, id_scheme)
       VALUES ($1, $2, $3, $4, $5::jsonb, 'running', $6::timestamptz, $7, $8)`,
      [run.runId, run.migration, run.sourceSystem, run.dryRun, JSON.stringify(run.mappingVersions), run.startedAt, run.commune, idScheme],
    );
    return { runId: run.runId, status: 'running', mappings: {}, idScheme };
  }
  const stored = existing.run;
  if (run.dryRun || stored.dryRun) {
    throw new ConfigurationError('A dry run cannot resume or reuse the id of another run.', { details: { runId: run.runId } });
  }
  if (stored.commune !== run.commune) {
    throw new TenantError('The run to resume belongs to another commune.', {
      code: ERROR_CODES.TENANT_MISMATCH,
      details: { runId: run.runId, commune: run.commune },
    });
  }
  if (stored.migration !== run.migration || stored.sourceSystem !== run.sourceSystem || !sameVersions(stored.mappingVersions, run.mappingVersions)) {
    throw new RunError('The run to resume was started with another migration, source system or mapping versions.', {
      code: ERROR_CODES.CHECKPOINT_INVALID,
      details: { runId: run.runId },
    });
  }
  if ((stored.status as string) === 'rolled_back') {
    // Its rows are gone and its history dropped: continuing it would build on nothing.
    throw new RunError('This run id was rolled back; start a new run id.', { code: ERROR_CODES.CHECKPOINT_INVALID, details: { runId: run.runId } });
  }
  const idScheme = idSchemeOfResumedRun(run, stored.idScheme);
  if (stored.status === 'failed') {
    await session.query(`UPDATE ${LEDGER_TABLES.run} SET status = 'running', finished_at = NULL WHERE run_id = $1`, [run.runId]);
    return { ...existing.state, status: 'running', idScheme };
  }
  return { ...existing.state, idScheme };
}

/**
 * Adds a batch's counters to its mapping's cumulative stats and moves its checkpoint, and keeps the
 * batch's report detail (read back by `selectBatchDetails`) in the same statement: one round trip.
 */
async function addStats(session: SqlSession, batch: LoadBatch, stats: StatsDelta, records: LoadResult['byEntity']): Promise<void> {
  const sums = COUNTERS.map((k) => `'${k}', COALESCE((m.stats->>'${k}')::bigint, 0) + (excluded.stats->>'${k}')::bigint`).join(', ');
  const detail = batch.detail === undefined ? null : [batch.detail, JSON.stringify(records)];
  await session.query(
    `${detail === null ? '' : `WITH detail AS (INSERT INTO ${RUN_SESSION_TABLES.batchDetail} (run_id, mapping, detail, records) VALUES ($1::uuid, $2, $5, $6)) `}
     INSERT INTO ${LEDGER_TABLES.runMapping} AS m (run_id, mapping, checkpoint, stats, batches, done)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, 1, false)
     ON CONFLICT (run_id, mapping) DO UPDATE SET
       checkpoint = excluded.checkpoint,
       batches = m.batches + 1,
       updated_at = now(),
       stats = jsonb_build_object(${sums}, 'filtered', (
         SELECT COALESCE(jsonb_object_agg(f.key, f.total), '{}'::jsonb) FROM (
           SELECT key, SUM(value::bigint) AS total FROM (
             SELECT * FROM jsonb_each_text(COALESCE(m.stats->'filtered', '{}'::jsonb))
             UNION ALL SELECT * FROM jsonb_each_text(excluded.stats->'filtered')
           ) AS parts GROUP BY key
         ) AS f))`,
    [batch.runId, batch.mapping, JSON.stringify(batch.checkpoint), JSON.stringify(stats), ...(detail ?? [])],
  );
}

async function writeQuarantine(session: SqlSession, batch: LoadBatch): Promise<void> {
  if (batch.quarantine.length === 0) return;
  const lines = batch.quarantine.map((q) =>
    copyLine([batch.runId, q.mapping, q.recordRef, q.sourceTable, q.sourceKey, textArrayLiteral(q.issueCodes), textArrayLiteral(q.paths)]),
  );
  await session.copyFrom(LEDGER_TABLES.quarantine, ['run_id', 'mapping', 'record_ref', 'source_table', 'source_key', 'issue_codes', 'paths'], lines);
}

/**
 * Throws unless `runId` is a running run (share-locks the run row until the transaction ends); returns
 * the run's tenant (commune null for a run recorded before the tenant key). `asyncCommit`: the same
 * statement also sets `synchronous_commit = off` for the transaction (a batch's commit, one round trip
 * less than a `SET LOCAL` of its own).
 */
export async function assertRunRunning(session: SqlSession, runId: string, asyncCommit = false): Promise<{ commune: number | null; sourceSystem: string }> {
  const run = await session.query<{ status: string; commune: number | null; source_system: string }>(
    `SELECT status, commune, source_system${asyncCommit ? `, set_config('synchronous_commit', 'off', true) AS commit_mode` : ''} FROM ${LEDGER_TABLES.run} WHERE run_id = $1 FOR SHARE`,
    [runId],
  );
  const row = run.rows[0];
  if (row?.status !== 'running') {
    throw new RunError('A batch was committed for a run that is not running; call beginRun first.', {
      code: ERROR_CODES.TARGET_NOT_READY,
      details: { runId, status: row?.status ?? null },
    });
  }
  return { commune: row.commune === null ? null : Number(row.commune), sourceSystem: row.source_system };
}

/**
 * Refuses a batch that carries a record of another tenant than its run's (before anything is written):
 * a run can only ever write its own commune's rows.
 */
export function assertBatchTenant(run: { commune: number | null; sourceSystem: string }, batch: LoadBatch): Tenant {
  if (run.commune === null) {
    throw new TenantError('The run was recorded without a commune; start a new run that names its commune.', {
      code: ERROR_CODES.TENANT_MISSING,
      details: { runId: batch.runId },
    });
  }
  const lineages = [...batch.records.map((r) => r.lineage), ...(batch.mergedLineage ?? []).map((m) => m.lineage)];
  for (const lineage of lineages) {
    if (lineage.commune !== run.commune || lineage.sourceSystem !== run.sourceSystem) {
      throw new TenantError('A batch holds a record of another commune or source system than its run; nothing was written.', {
        code: ERROR_CODES.TENANT_MISMATCH,
        details: { runId: batch.runId, runCommune: run.commune, recordCommune: lineage.commune },
      });
    }
  }
  return { commune: run.commune, sourceSystem: run.sourceSystem };
}

/**
 * Writes the ledger side of a batch: stats (with the target's own insert/update/unchanged counts),
 * checkpoint, quarantine, record notes (warnings, filtered rows) and lineage. Call `assertRunRunning` first, in the same transaction.
 * `inOpenTransaction`: a dry run's batch (staging tables are emptied by statement, not by a commit).
 * `firstLoad`: lineage is COPYed straight into its table (see `src/targets/shared/first-load.ts`); its
 * lines, when given, were built before the transaction (`directLineageLines`).
 * `digests`: the row digest of each written record, kept in its lineage row (see `row-digest.ts`).
 */
export async function recordBatchInLedger(
  session: SqlSession,
  batch: LoadBatch,
  stats: StatsDelta,
  records: LoadResult['byEntity'],
  digests: ReadonlyMap<LoadRecord, string>,
  inOpenTransaction = false,
  firstLoad: boolean | PreparedLineage = false,
): Promise<void> {
  await addStats(session, batch, stats, records);
  await writeQuarantine(session, batch);
  await writeRecordNotes(session, batch);
  await writeLineage(session, batch.runId, batch.records, batch.mergedLineage ?? [], digests, inOpenTransaction, firstLoad);
}

/**
 * Marks a run finished or failed with its report (jsonb for queries, and the exact text for re-rendering
 * the same bytes) and ends its open session with that outcome; a finished run's mappings are all done.
 */
export async function finishRunInLedger(session: SqlSession, runId: string, status: 'finished' | 'failed', report: unknown): Promise<void> {
  const text = JSON.stringify(report ?? null);
  const updated = await session.query(
    `UPDATE ${LEDGER_TABLES.run} SET status = $2, finished_at = now(), report = $3::jsonb, report_text = $3 WHERE run_id = $1`,
    [runId, status, text],
  );
  if (updated.rowCount === 0) {
    throw new ConfigurationError('finishRun was called for a run the ledger does not know.', { details: { runId } });
  }
  await closeSession(session, runId, status);
  if (status === 'finished') {
    await session.query(`UPDATE ${LEDGER_TABLES.runMapping} SET done = true, updated_at = now() WHERE run_id = $1`, [runId]);
  }
}

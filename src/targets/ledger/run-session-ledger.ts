/**
 * Reads and writes of the run-lifecycle ledger (`run-session-ledger-ddl.ts`): sessions, stage
 * checkpoints, per-batch report detail and the stored report text. Each runs in the caller's session or
 * transaction; the batch detail is written with the batch's stats, in its own transaction (`ledger-writes.ts`).
 */
import type { BatchDetailEntry, RunSession, SessionOutcome, StageCheckpoint } from '../../core/pipeline/canonical-target.js';
import type { SqlSession } from '../shared/sql-session.js';
import { LEDGER_TABLES } from './ledger-ddl.js';
import { RUN_SESSION_TABLES } from './run-session-ledger-ddl.js';

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/** The sessions of a run, oldest first. */
export async function selectSessions(session: SqlSession, runId: string): Promise<RunSession[]> {
  const rows = await session.query<{ session_no: number; started_at: unknown; ended_at: unknown; outcome: SessionOutcome | null }>(
    `SELECT session_no, started_at, ended_at, outcome FROM ${RUN_SESSION_TABLES.session} WHERE run_id = $1::uuid ORDER BY session_no`,
    [runId],
  );
  return rows.rows.map((r) => ({
    session: Number(r.session_no),
    startedAt: iso(r.started_at),
    endedAt: r.ended_at === null ? null : iso(r.ended_at),
    outcome: r.outcome,
  }));
}

/** Ends every open session of the run as `killed-or-unknown`, opens the next one and returns all sessions. */
export async function openSession(session: SqlSession, runId: string, startedAt: string): Promise<RunSession[]> {
  await session.query(
    `UPDATE ${RUN_SESSION_TABLES.session} SET outcome = 'killed-or-unknown' WHERE run_id = $1::uuid AND ended_at IS NULL AND outcome IS NULL`,
    [runId],
  );
  await session.query(
    `INSERT INTO ${RUN_SESSION_TABLES.session} (run_id, session_no, started_at)
     SELECT $1::uuid, COALESCE(MAX(session_no), 0) + 1, $2::timestamptz FROM ${RUN_SESSION_TABLES.session} WHERE run_id = $1::uuid`,
    [runId, startedAt],
  );
  return selectSessions(session, runId);
}

/** Ends the run's open session with `outcome`. */
export async function closeSession(session: SqlSession, runId: string, outcome: SessionOutcome): Promise<void> {
  await session.query(
    `UPDATE ${RUN_SESSION_TABLES.session} SET ended_at = now(), outcome = $2 WHERE run_id = $1::uuid AND ended_at IS NULL AND outcome IS NULL`,
    [runId, outcome],
  );
}

/** The stage checkpoints of a run. */
export async function selectStages(session: SqlSession, runId: string): Promise<StageCheckpoint[]> {
  const rows = await session.query<{ stage: string; status: 'started' | 'finished'; session_no: number; summary: string | null }>(
    `SELECT stage, status, session_no, summary FROM ${RUN_SESSION_TABLES.stage} WHERE run_id = $1::uuid ORDER BY stage`,
    [runId],
  );
  return rows.rows.map((r) => ({ stage: r.stage, status: r.status, session: Number(r.session_no), summary: r.summary }));
}

/** Writes (replaces) one stage checkpoint. */
export async function upsertStage(session: SqlSession, runId: string, checkpoint: StageCheckpoint): Promise<void> {
  await session.query(
    `INSERT INTO ${RUN_SESSION_TABLES.stage} (run_id, stage, status, session_no, summary) VALUES ($1::uuid, $2, $3, $4, $5)
     ON CONFLICT (run_id, stage) DO UPDATE SET status = excluded.status, session_no = excluded.session_no, summary = excluded.summary, updated_at = now()`,
    [runId, checkpoint.stage, checkpoint.status, checkpoint.session, checkpoint.summary],
  );
}

/** The report detail of every committed batch of a run, in commit order. */
export async function selectBatchDetails(session: SqlSession, runId: string): Promise<BatchDetailEntry[]> {
  const rows = await session.query<{ mapping: string; detail: string; records: string }>(
    `SELECT mapping, detail, records FROM ${RUN_SESSION_TABLES.batchDetail} WHERE run_id = $1::uuid ORDER BY batch_id`,
    [runId],
  );
  return rows.rows.map((r) => ({ mapping: r.mapping, detail: r.detail, records: JSON.parse(r.records) as BatchDetailEntry['records'] }));
}

/** The report text `finishRun` stored for a run (null when none). */
export async function selectStoredReport(session: SqlSession, runId: string): Promise<string | null> {
  const rows = await session.query<{ report_text: string | null }>(`SELECT report_text FROM ${LEDGER_TABLES.run} WHERE run_id = $1::uuid`, [runId]);
  return rows.rows[0]?.report_text ?? null;
}

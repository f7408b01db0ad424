/**
 * The run-lifecycle ledger: the sessions of a run (each start, end and how it ended), the checkpoint of
 * each stage after the load (stage, status, the stage's result as JSON text), the per-batch detail that
 * lets a resumed run report every section over all of its sessions, and the run's report as the exact
 * JSON text it was stored with (jsonb would reorder its keys, and `casebridge report <runId>` re-renders
 * the same bytes from it). No personal data: counts, codes, pseudonymous references only.
 *
 * Idempotent statements, applied by `ensureSchema()` after the run and delivery ledgers and shipped as
 * their own TypeORM migration (`run-session-ledger-migration.ts`).
 */
import { LEDGER_SCHEMA, LEDGER_TABLES } from './ledger-ddl.js';

/** Qualified names of the run-lifecycle ledger tables. */
export const RUN_SESSION_TABLES = {
  session: `${LEDGER_SCHEMA}.cb_run_session`,
  stage: `${LEDGER_SCHEMA}.cb_run_stage`,
  batchDetail: `${LEDGER_SCHEMA}.cb_run_batch_detail`,
} as const;

/** The run-lifecycle ledger DDL, statement by statement. */
export const RUN_SESSION_LEDGER_DDL: readonly string[] = Object.freeze([
  `CREATE TABLE IF NOT EXISTS ${RUN_SESSION_TABLES.session} (
    run_id uuid NOT NULL REFERENCES ${LEDGER_TABLES.run} (run_id) ON DELETE CASCADE,
    session_no integer NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    outcome text CONSTRAINT ck_cb_run_session__outcome CHECK (outcome IN ('finished', 'failed', 'cancelled', 'killed-or-unknown')),
    CONSTRAINT pk_cb_run_session PRIMARY KEY (run_id, session_no)
  )`,
  `CREATE TABLE IF NOT EXISTS ${RUN_SESSION_TABLES.stage} (
    run_id uuid NOT NULL REFERENCES ${LEDGER_TABLES.run} (run_id) ON DELETE CASCADE,
    stage text NOT NULL,
    status text NOT NULL CONSTRAINT ck_cb_run_stage__status CHECK (status IN ('started', 'finished')),
    session_no integer NOT NULL,
    summary text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_cb_run_stage PRIMARY KEY (run_id, stage)
  )`,
  `CREATE TABLE IF NOT EXISTS ${RUN_SESSION_TABLES.batchDetail} (
    batch_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id uuid NOT NULL REFERENCES ${LEDGER_TABLES.run} (run_id) ON DELETE CASCADE,
    mapping text NOT NULL,
    detail text NOT NULL,
    records text NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS ix_cb_run_batch_detail__run ON ${RUN_SESSION_TABLES.batchDetail} (run_id, batch_id)`,
  `ALTER TABLE ${LEDGER_TABLES.run} ADD COLUMN IF NOT EXISTS report_text text`,
]);

/** Drops the run-lifecycle ledger (TypeORM `down`). */
export const RUN_SESSION_LEDGER_DROP_DDL: readonly string[] = Object.freeze([
  `ALTER TABLE ${LEDGER_TABLES.run} DROP COLUMN IF EXISTS report_text`,
  `DROP TABLE IF EXISTS ${RUN_SESSION_TABLES.batchDetail}`,
  `DROP TABLE IF EXISTS ${RUN_SESSION_TABLES.stage}`,
  `DROP TABLE IF EXISTS ${RUN_SESSION_TABLES.session}`,
]);

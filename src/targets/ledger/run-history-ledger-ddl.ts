/**
 * The run-history ledger: what a run overwrote, so that the run can be undone (`casebridge rollback`).
 *
 * - `cb_run_history`: the prior image (`to_jsonb` of the whole row) of every canonical row, lineage row
 *   and high-water mark a real run changed, saved in the transaction that changes it, once per run and
 *   row (the first image is the one from before the run). Rows the run inserted need no entry: a
 *   canonical or lineage row whose `run_id` is the run and that has no history entry was inserted by it.
 *   Tombstones need none either: they are rows of their own (`deleted_run_id`, `restored_run_id`).
 * - `cb_rollback`: one row per rollback (when, an optional operator id, counts per entity); the run
 *   itself is marked `rolled_back` in `cb_run`.
 *
 * No personal data leaves the store: the images are the store's own rows, kept beside them with the
 * same protection, and dropped when their run is rolled back. Idempotent statements, applied by
 * `ensureSchema()` after the other ledgers and shipped as their own TypeORM migration
 * (`run-history-ledger-migration.ts`).
 */
import { LEDGER_SCHEMA, LEDGER_TABLES } from './ledger-ddl.js';

/** Qualified names of the run-history ledger tables. */
export const RUN_HISTORY_TABLES = {
  history: `${LEDGER_SCHEMA}.cb_run_history`,
  rollback: `${LEDGER_SCHEMA}.cb_rollback`,
} as const;

/** The statuses a run may have in `cb_run`, `rolled_back` included. */
const RUN_STATUSES = `'running', 'finished', 'failed', 'rolled_back'`;

/** The history table alone: the SQL document store creates it too (it saves replaced documents there). */
export const RUN_HISTORY_TABLE_DDL = `CREATE TABLE IF NOT EXISTS ${RUN_HISTORY_TABLES.history} (
    run_id uuid NOT NULL,
    kind text NOT NULL CONSTRAINT ck_cb_run_history__kind CHECK (kind IN ('canonical', 'lineage', 'high-water', 'document', 'document-content')),
    entity text NOT NULL,
    row_key text NOT NULL,
    image jsonb NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_cb_run_history PRIMARY KEY (run_id, kind, entity, row_key)
  )`;

/** The run-history ledger DDL, statement by statement. */
export const RUN_HISTORY_LEDGER_DDL: readonly string[] = Object.freeze([
  RUN_HISTORY_TABLE_DDL,
  `CREATE TABLE IF NOT EXISTS ${RUN_HISTORY_TABLES.rollback} (
    rollback_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id uuid NOT NULL REFERENCES ${LEDGER_TABLES.run} (run_id),
    commune integer,
    source_system text NOT NULL,
    actor text,
    rolled_back_at timestamptz NOT NULL DEFAULT now(),
    counts jsonb NOT NULL
  )`,
  // A run can now be rolled back: widen the status check, once (a DO block, so a store that has it
  // already takes no lock on cb_run at every start).
  `DO $cb$BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ck_cb_run__status' AND pg_get_constraintdef(oid) LIKE '%rolled_back%') THEN
      ALTER TABLE ${LEDGER_TABLES.run} DROP CONSTRAINT IF EXISTS ck_cb_run__status;
      ALTER TABLE ${LEDGER_TABLES.run} ADD CONSTRAINT ck_cb_run__status CHECK (status IN (${RUN_STATUSES}));
    END IF;
  END$cb$`,
]);

/** Drops the run-history ledger (TypeORM `down`); a rolled-back run's status falls back to `failed`. */
export const RUN_HISTORY_LEDGER_DROP_DDL: readonly string[] = Object.freeze([
  `DROP TABLE IF EXISTS ${RUN_HISTORY_TABLES.rollback}`,
  `DROP TABLE IF EXISTS ${RUN_HISTORY_TABLES.history}`,
  `ALTER TABLE ${LEDGER_TABLES.run} DROP CONSTRAINT IF EXISTS ck_cb_run__status`,
  `UPDATE ${LEDGER_TABLES.run} SET status = 'failed' WHERE status = 'rolled_back'`,
  `ALTER TABLE ${LEDGER_TABLES.run} ADD CONSTRAINT ck_cb_run__status CHECK (status IN ('running', 'finished', 'failed'))`,
]);

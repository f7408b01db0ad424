/**
 * The run ledger: four tables beside the canonical tables (schema `casebridge`), written in the same
 * transaction as the batch they describe. No personal data: runs, counters, checkpoints (source keys),
 * quarantine references (pseudonymous record refs, source keys, issue codes, field paths) and lineage.
 *
 * Every statement is idempotent (`IF NOT EXISTS`), so `ensureSchema()` may run on every start; the same
 * statements form the TypeORM migration (`ledger-migration.ts`).
 */
import { STORE_SCHEMA } from '../typeorm/store-model.js';

/** Schema of the ledger tables (the canonical store's schema). */
export const LEDGER_SCHEMA = STORE_SCHEMA;

/** Qualified names of the ledger tables. */
export const LEDGER_TABLES = {
  run: `${LEDGER_SCHEMA}.cb_run`,
  runMapping: `${LEDGER_SCHEMA}.cb_run_mapping`,
  quarantine: `${LEDGER_SCHEMA}.cb_quarantine`,
  lineage: `${LEDGER_SCHEMA}.cb_lineage`,
} as const;

/** Name of the lineage uniqueness constraint (one row per canonical record and source row). */
export const LINEAGE_UNIQUE_CONSTRAINT = 'uq_cb_lineage';

/** The ledger DDL, statement by statement, in dependency order. */
export const LEDGER_DDL: readonly string[] = Object.freeze([
  `CREATE SCHEMA IF NOT EXISTS ${LEDGER_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLES.run} (
    run_id uuid PRIMARY KEY,
    migration text NOT NULL,
    source_system text NOT NULL,
    dry_run boolean NOT NULL DEFAULT false,
    mapping_versions jsonb NOT NULL DEFAULT '{}'::jsonb,
    status text NOT NULL CONSTRAINT ck_cb_run__status CHECK (status IN ('running', 'finished', 'failed')),
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    report jsonb
  )`,
  `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLES.runMapping} (
    run_id uuid NOT NULL REFERENCES ${LEDGER_TABLES.run} (run_id) ON DELETE CASCADE,
    mapping text NOT NULL,
    checkpoint jsonb,
    stats jsonb NOT NULL,
    batches bigint NOT NULL DEFAULT 0,
    done boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_cb_run_mapping PRIMARY KEY (run_id, mapping)
  )`,
  `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLES.quarantine} (
    quarantine_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id uuid NOT NULL REFERENCES ${LEDGER_TABLES.run} (run_id) ON DELETE CASCADE,
    mapping text NOT NULL,
    record_ref text NOT NULL,
    source_table text NOT NULL,
    source_key text NOT NULL,
    issue_codes text[] NOT NULL,
    paths text[] NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS ix_cb_quarantine__run_mapping ON ${LEDGER_TABLES.quarantine} (run_id, mapping)`,
  `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLES.lineage} (
    entity text NOT NULL,
    canonical_id uuid NOT NULL,
    source_system text NOT NULL,
    source_table text NOT NULL,
    source_key text NOT NULL,
    mapping text NOT NULL,
    mapping_version text NOT NULL,
    content_hash text NOT NULL,
    run_id uuid NOT NULL REFERENCES ${LEDGER_TABLES.run} (run_id),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ${LINEAGE_UNIQUE_CONSTRAINT} UNIQUE (entity, source_system, canonical_id, source_table, source_key)
  )`,
  // A lineage row of a source row merged into a survivor (duplicate policy `merge`); added after the
  // first release, hence ALTER for ledgers created before.
  `ALTER TABLE ${LEDGER_TABLES.lineage} ADD COLUMN IF NOT EXISTS merged boolean NOT NULL DEFAULT false`,
  // The tenant of a run and of each lineage row (canton store); added after the first release, hence
  // ALTER. NULL only for runs recorded before the tenant key existed.
  `ALTER TABLE ${LEDGER_TABLES.run} ADD COLUMN IF NOT EXISTS commune integer`,
  `ALTER TABLE ${LEDGER_TABLES.lineage} ADD COLUMN IF NOT EXISTS commune integer`,
  // No index on lineage.run_id: every batch writes lineage and nothing reads it by run; the unique key
  // serves read-back keysets and the totals' EXISTS. The row above is the first release's shape:
  // `lineage-compact-ddl.ts` converts it to the compact row (dictionary ids, no foreign key).
]);

/** Drops the ledger (TypeORM `down`), dependants first. Canonical tables are not touched. */
export const LEDGER_DROP_DDL: readonly string[] = Object.freeze([
  `DROP TABLE IF EXISTS ${LEDGER_TABLES.lineage}`,
  `DROP TABLE IF EXISTS ${LEDGER_TABLES.quarantine}`,
  `DROP TABLE IF EXISTS ${LEDGER_TABLES.runMapping}`,
  `DROP TABLE IF EXISTS ${LEDGER_TABLES.run}`,
]);

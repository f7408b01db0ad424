/**
 * The delivery ledger: what repeated deliveries need beside the run ledger. Tombstones (a record a
 * delivery found gone: marked deleted with the run that saw it, never hard-deleted, restorable), the
 * ids a full-snapshot run saw (scratch, emptied when the run finishes) and the high-water marks of
 * delta mappings. Keyed per tenant: source system and commune (the BFS number, `commune integer`, as in the run ledger).
 *
 * Idempotent statements (`IF NOT EXISTS`), applied by `ensureSchema()` after the run ledger and shipped
 * as their own TypeORM migration (`delivery-ledger-migration.ts`), so they compose with other additions.
 */
import { LEDGER_SCHEMA } from './ledger-ddl.js';

/** Qualified names of the delivery ledger tables. */
export const DELIVERY_TABLES = {
  tombstone: `${LEDGER_SCHEMA}.cb_tombstone`,
  runSeen: `${LEDGER_SCHEMA}.cb_run_seen`,
  highWater: `${LEDGER_SCHEMA}.cb_high_water`,
} as const;

/** The delivery ledger DDL, statement by statement. */
export const DELIVERY_LEDGER_DDL: readonly string[] = Object.freeze([
  `CREATE TABLE IF NOT EXISTS ${DELIVERY_TABLES.tombstone} (
    entity text NOT NULL,
    canonical_id uuid NOT NULL,
    source_system text NOT NULL,
    commune integer,
    reason text NOT NULL CONSTRAINT ck_cb_tombstone__reason CHECK (reason IN ('snapshot', 'cascade', 'deletion-log')),
    content_hash text NOT NULL,
    deleted_run_id uuid NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now(),
    restored_run_id uuid,
    restored_at timestamptz,
    CONSTRAINT pk_cb_tombstone PRIMARY KEY (entity, canonical_id, deleted_run_id)
  )`,
  // At most one live tombstone per record; the partial index also serves every "is it live" probe.
  `CREATE UNIQUE INDEX IF NOT EXISTS ux_cb_tombstone__live ON ${DELIVERY_TABLES.tombstone} (entity, canonical_id) WHERE restored_run_id IS NULL`,
  `CREATE INDEX IF NOT EXISTS ix_cb_tombstone__run ON ${DELIVERY_TABLES.tombstone} (deleted_run_id)`,
  // Additive: a store created before the tenant key gets the commune column (older rows keep NULL).
  `ALTER TABLE ${DELIVERY_TABLES.tombstone} ADD COLUMN IF NOT EXISTS commune integer`,
  `CREATE TABLE IF NOT EXISTS ${DELIVERY_TABLES.runSeen} (
    run_id uuid NOT NULL,
    entity text NOT NULL,
    canonical_id uuid NOT NULL,
    commune integer
  )`,
  `ALTER TABLE ${DELIVERY_TABLES.runSeen} ADD COLUMN IF NOT EXISTS commune integer`,
  `CREATE INDEX IF NOT EXISTS ix_cb_run_seen ON ${DELIVERY_TABLES.runSeen} (run_id, entity, canonical_id)`,
  `CREATE TABLE IF NOT EXISTS ${DELIVERY_TABLES.highWater} (
    source_system text NOT NULL,
    commune integer NOT NULL,
    mapping text NOT NULL,
    mode text NOT NULL CONSTRAINT ck_cb_high_water__mode CHECK (mode IN ('stamp', 'growing-key')),
    column_name text NOT NULL,
    value text NOT NULL,
    run_id uuid NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_cb_high_water PRIMARY KEY (source_system, commune, mapping)
  )`,
]);

/** Drops the delivery ledger (TypeORM `down`). */
export const DELIVERY_LEDGER_DROP_DDL: readonly string[] = Object.freeze([
  `DROP TABLE IF EXISTS ${DELIVERY_TABLES.highWater}`,
  `DROP TABLE IF EXISTS ${DELIVERY_TABLES.runSeen}`,
  `DROP TABLE IF EXISTS ${DELIVERY_TABLES.tombstone}`,
]);

/**
 * The record-level ledger of warnings and filtered rows: one entry per source row that loaded with
 * warnings or that a named filter rule left out, written with its batch (same transaction), so that a
 * clerk's fix list names every row to look at and not only the quarantined ones. No values: the run,
 * mapping, bucket, pseudonymous record reference, source table and key, codes (warning issue codes or
 * the filter rule's name) and field paths.
 *
 * Idempotent statements, applied by `ensureSchema()` after the run-lifecycle ledger and shipped as
 * their own TypeORM migration (`record-note-ledger-migration.ts`).
 */
import { LEDGER_SCHEMA, LEDGER_TABLES } from './ledger-ddl.js';

/** Qualified name of the record-note table. */
export const RECORD_NOTE_TABLE = `${LEDGER_SCHEMA}.cb_record_note`;

/** The record-note ledger DDL, statement by statement. */
export const RECORD_NOTE_LEDGER_DDL: readonly string[] = Object.freeze([
  `CREATE TABLE IF NOT EXISTS ${RECORD_NOTE_TABLE} (
    note_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id uuid NOT NULL REFERENCES ${LEDGER_TABLES.run} (run_id) ON DELETE CASCADE,
    mapping text NOT NULL,
    bucket text NOT NULL CONSTRAINT ck_cb_record_note__bucket CHECK (bucket IN ('warning', 'filtered')),
    record_ref text NOT NULL,
    source_table text NOT NULL,
    source_key text NOT NULL,
    codes text[] NOT NULL,
    paths text[] NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
  )`,
  // Exports page through one run in commit order.
  `CREATE INDEX IF NOT EXISTS ix_cb_record_note__run ON ${RECORD_NOTE_TABLE} (run_id, note_id)`,
]);

/** Drops the record-note ledger (TypeORM `down`). */
export const RECORD_NOTE_LEDGER_DROP_DDL: readonly string[] = Object.freeze([`DROP TABLE IF EXISTS ${RECORD_NOTE_TABLE}`]);

/**
 * The id scheme of every run (`cb_run.id_scheme`, see `src/core/pipeline/id-scheme.ts`): `uuidv5` or
 * `ordered`. Runs recorded before the column existed were all UUIDv5, which is what the default gives
 * them, so existing stores and tenants keep their scheme. A technical name, no personal data.
 *
 * Idempotent, applied by `ensureSchema()` after the lineage digest and shipped as its own TypeORM
 * migration (`id-scheme-migration.ts`).
 */
import { LEDGER_SCHEMA, LEDGER_TABLES } from './ledger-ddl.js';

/** The id-scheme DDL, statement by statement. */
export const ID_SCHEME_DDL: readonly string[] = Object.freeze([
  // A DO block, so a store that has the column already takes no lock on cb_run at every start (runs of
  // other communes may be writing).
  `DO $cb$BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                    WHERE table_schema = '${LEDGER_SCHEMA}' AND table_name = 'cb_run' AND column_name = 'id_scheme') THEN
      ALTER TABLE ${LEDGER_TABLES.run} ADD COLUMN id_scheme text NOT NULL DEFAULT 'uuidv5'
        CONSTRAINT ck_cb_run__id_scheme CHECK (id_scheme IN ('uuidv5', 'ordered'));
    END IF;
  END$cb$`,
]);

/** Removes the column again (TypeORM `down`). */
export const ID_SCHEME_DROP_DDL: readonly string[] = Object.freeze([`ALTER TABLE ${LEDGER_TABLES.run} DROP COLUMN IF EXISTS id_scheme`]);

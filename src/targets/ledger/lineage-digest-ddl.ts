/**
 * The row digest of each lineage row (see `src/targets/shared/row-digest.ts`): md5 of the texts the
 * record was written with, as a uuid, so that reconciliation compares every stored row in one SQL pass
 * and reads back only the rows that disagree. NULL for rows written before it existed (those are read
 * back as before). A digest of technical texts, no personal data in clear.
 *
 * Idempotent, applied by `ensureSchema()` after the record-note ledger and shipped as its own TypeORM
 * migration (`lineage-digest-migration.ts`).
 */
import { LEDGER_TABLES } from './ledger-ddl.js';

/** The lineage-digest DDL, statement by statement. */
export const LINEAGE_DIGEST_DDL: readonly string[] = Object.freeze([`ALTER TABLE ${LEDGER_TABLES.lineage} ADD COLUMN IF NOT EXISTS row_digest uuid`]);

/** Removes the column again (TypeORM `down`). */
export const LINEAGE_DIGEST_DROP_DDL: readonly string[] = Object.freeze([`ALTER TABLE ${LEDGER_TABLES.lineage} DROP COLUMN IF EXISTS row_digest`]);

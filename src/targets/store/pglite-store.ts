/**
 * The canonical store in PGlite (PostgreSQL compiled to WebAssembly, in-process). TypeORM cannot drive
 * PGlite, so the store applies the same frozen migration statements itself and records them in a
 * migrations table laid out exactly as TypeORM lays out its own on PostgreSQL: both stores look alike.
 */
import { PGlite } from '@electric-sql/pglite';
import type { PGliteInterface, Transaction } from '@electric-sql/pglite';
import { QueryError } from '../../core/errors.js';
import { STORE_SCHEMA } from '../typeorm/store-model.js';
import { applyPendingMigrations } from './apply-pending-migrations.js';
import { CANONICAL_PGLITE_PARSERS } from './type-parsers.js';

/** What applying the schema did. */
export interface AppliedSchema {
  /** Names of the migrations run now, oldest first (empty when the store was already current). */
  readonly applied: readonly string[];
}

/** Parameterless statements go through `exec` (simple protocol: a migration statement may hold several). */
async function runOnPglite(tx: Transaction, sql: string, params: readonly unknown[] | undefined): Promise<{ rows: Record<string, unknown>[] }> {
  if (params !== undefined) return tx.query<Record<string, unknown>>(sql, [...params]);
  const results = await tx.exec(sql);
  return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
}

/** Applies every pending canonical-store migration to a PGlite instance, in one transaction. Idempotent. */
export async function applyCanonicalSchemaToPglite(db: PGliteInterface): Promise<AppliedSchema> {
  try {
    const applied = await db.transaction((tx) => applyPendingMigrations((sql, params) => runOnPglite(tx, sql, params)));
    return { applied };
  } catch (cause) {
    throw new QueryError('Applying the canonical-store migrations to PGlite failed.', { cause, details: { schema: STORE_SCHEMA } });
  }
}

/** Options of `openPgliteStore`. */
export interface OpenPgliteStoreOptions {
  /** Where PGlite keeps its files (`memory://` or omitted: in memory only). */
  readonly dataDir?: string;
}

/** An open PGlite canonical store. */
export interface PgliteStore extends AppliedSchema {
  /** The PGlite instance, parsing dates, int8 and numeric as text. */
  readonly db: PGlite;
  /** Closes the store (and the PGlite instance when the store opened it). */
  close(): Promise<void>;
}

/** Opens (or creates) a PGlite database and brings the canonical schema up to date. */
export async function openPgliteStore(options: OpenPgliteStoreOptions = {}): Promise<PgliteStore> {
  const db = await PGlite.create({ ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), parsers: CANONICAL_PGLITE_PARSERS });
  try {
    const { applied } = await applyCanonicalSchemaToPglite(db);
    return { db, applied, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}

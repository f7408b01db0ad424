/**
 * Applies the canonical store's frozen migrations (owned by `src/targets/typeorm/migrations/`) through
 * a target session, recording them in the same migrations table TypeORM uses, so a database prepared
 * here and one prepared with TypeORM's own migration run look alike and either can continue the other.
 */
import { applyPendingMigrations } from '../store/apply-pending-migrations.js';
import type { SqlSession } from './sql-session.js';

/** Applies the canonical schema in the caller's transaction (a hook, so tests and embedders can swap it). */
export type CanonicalSchemaApplier = (session: SqlSession) => Promise<void>;

/** Runs every canonical-store migration not yet recorded, oldest first. Idempotent. */
export const applyCanonicalMigrations: CanonicalSchemaApplier = async (session) => {
  await applyPendingMigrations((sql, params) => session.query(sql, params));
};

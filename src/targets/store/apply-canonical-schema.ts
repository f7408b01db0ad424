/**
 * One entry point to bring any canonical store up to date: a PGlite instance, or PostgreSQL given as a
 * URL, a `pg` pool or a `pg` client. TypeORM (PostgreSQL path) is loaded only when it is needed.
 */
import type { PGliteInterface } from '@electric-sql/pglite';
import type { PostgresStoreConnection } from '../typeorm/canonical-data-source.js';
import { applyCanonicalSchemaToPglite } from './pglite-store.js';
import type { AppliedSchema } from './pglite-store.js';
import { applyCanonicalSchemaToPostgres } from './postgres-store.js';

/** A store to migrate: a PGlite instance or a PostgreSQL connection. */
export type CanonicalStoreTarget = PGliteInterface | PostgresStoreConnection;

function isPglite(target: CanonicalStoreTarget): target is PGliteInterface {
  return 'exec' in target && 'waitReady' in target;
}

/** Applies every pending canonical-store migration to `target`. Idempotent. */
export async function applyCanonicalSchema(target: CanonicalStoreTarget): Promise<AppliedSchema> {
  if (isPglite(target)) return applyCanonicalSchemaToPglite(target);
  return applyCanonicalSchemaToPostgres(target);
}

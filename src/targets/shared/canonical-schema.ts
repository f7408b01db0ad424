/**
 * Applies the canonical store's frozen migrations (owned by `src/targets/typeorm/migrations/`) through
 * a target session, recording them in the same migrations table TypeORM uses, so a database prepared
 * here and one prepared with TypeORM's own migration run look alike and either can continue the other.
 */
import { CANONICAL_MIGRATIONS_TABLE, canonicalStoreMigrations } from '../typeorm/migrations/index.js';
import { migrationsTableDdl } from '../store/pglite-store.js';
import { qualifiedTable, quoteIdentifier } from '../typeorm/store-identifiers.js';
import { STORE_SCHEMA } from '../typeorm/store-model.js';
import type { SqlSession } from './sql-session.js';

/** Applies the canonical schema in the caller's transaction (a hook, so tests and embedders can swap it). */
export type CanonicalSchemaApplier = (session: SqlSession) => Promise<void>;

/** Runs every canonical-store migration not yet recorded, oldest first. Idempotent. */
export const applyCanonicalMigrations: CanonicalSchemaApplier = async (session) => {
  const table = qualifiedTable(STORE_SCHEMA, CANONICAL_MIGRATIONS_TABLE);
  await session.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(STORE_SCHEMA)}`);
  await session.query(migrationsTableDdl());
  const done = await session.query<{ name: string }>(`SELECT "name" FROM ${table}`);
  const applied = new Set(done.rows.map((r) => r.name));
  for (const migration of canonicalStoreMigrations()) {
    if (applied.has(migration.name)) continue;
    for (const statement of migration.upStatements) await session.query(statement);
    await session.query(`INSERT INTO ${table} ("timestamp", "name") VALUES ($1, $2)`, [String(migration.timestamp), migration.name]);
  }
};

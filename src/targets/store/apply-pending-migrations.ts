/**
 * Runs the canonical store's frozen migrations that the migrations table does not list yet, oldest
 * first, and records each one as TypeORM would. Written once for every engine that is not driven by
 * TypeORM itself (PGlite, the SQL canonical targets); the caller owns the transaction.
 */
import { CANONICAL_MIGRATIONS_TABLE, canonicalStoreMigrations } from '../typeorm/migrations/index.js';
import { qualifiedTable, quoteIdentifier } from '../typeorm/store-identifiers.js';
import { STORE_SCHEMA } from '../typeorm/store-model.js';
import { migrationsTableDdl } from './migrations-table-ddl.js';

/** Runs one statement with positional parameters and returns its rows. */
export type MigrationStatementRunner = (sql: string, params?: readonly unknown[]) => Promise<{ readonly rows: readonly Record<string, unknown>[] }>;

/** Applies every pending canonical-store migration through `run`; returns the names applied now. */
export async function applyPendingMigrations(run: MigrationStatementRunner): Promise<string[]> {
  const table = qualifiedTable(STORE_SCHEMA, CANONICAL_MIGRATIONS_TABLE);
  await run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(STORE_SCHEMA)}`);
  await run(migrationsTableDdl());
  const done = await run(`SELECT "name" FROM ${table}`);
  const applied = new Set(done.rows.map((r) => String(r['name'])));
  const ran: string[] = [];
  for (const migration of canonicalStoreMigrations()) {
    if (applied.has(migration.name)) continue;
    for (const statement of migration.upStatements) await run(statement);
    await run(`INSERT INTO ${table} ("timestamp", "name") VALUES ($1, $2)`, [String(migration.timestamp), migration.name]);
    ran.push(migration.name);
  }
  return ran;
}

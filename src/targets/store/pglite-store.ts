/**
 * The canonical store in PGlite (PostgreSQL compiled to WebAssembly, in-process). TypeORM cannot drive
 * PGlite, so the store applies the same frozen migration statements itself and records them in a
 * migrations table laid out exactly as TypeORM lays out its own on PostgreSQL: both stores look alike.
 */
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import type { PGliteInterface, Transaction } from '@electric-sql/pglite';
import { QueryError } from '../../core/errors.js';
import { CANONICAL_MIGRATIONS_TABLE, canonicalStoreMigrations } from '../typeorm/migrations/index.js';
import { qualifiedTable, quoteIdentifier } from '../typeorm/store-identifiers.js';
import { STORE_SCHEMA } from '../typeorm/store-model.js';
import { CANONICAL_PGLITE_PARSERS } from './type-parsers.js';

/** What applying the schema did. */
export interface AppliedSchema {
  /** Names of the migrations run now, oldest first (empty when the store was already current). */
  readonly applied: readonly string[];
}

/**
 * TypeORM's name for the migrations table's primary key (DefaultNamingStrategy: "PK_" + the first 27
 * hex digits of sha1("<table>_<column>")), reproduced so that the PGlite catalog matches PostgreSQL's.
 */
function typeormPrimaryKeyName(table: string, column: string): string {
  return `PK_${createHash('sha1').update(`${table}_${column}`).digest('hex').slice(0, 27)}`;
}

/** The migrations table as TypeORM's MigrationExecutor creates it on PostgreSQL. */
export function migrationsTableDdl(): string {
  const table = qualifiedTable(STORE_SCHEMA, CANONICAL_MIGRATIONS_TABLE);
  const pk = quoteIdentifier(typeormPrimaryKeyName(CANONICAL_MIGRATIONS_TABLE, 'id'));
  return (
    `CREATE TABLE IF NOT EXISTS ${table} ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, ` +
    `"name" character varying NOT NULL, CONSTRAINT ${pk} PRIMARY KEY ("id"))`
  );
}

async function applyPending(tx: Transaction): Promise<string[]> {
  const table = qualifiedTable(STORE_SCHEMA, CANONICAL_MIGRATIONS_TABLE);
  await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(STORE_SCHEMA)}`);
  await tx.exec(migrationsTableDdl());
  const done = await tx.query<{ name: string }>(`SELECT "name" FROM ${table}`);
  const applied = new Set(done.rows.map((r) => r.name));
  const ran: string[] = [];
  for (const migration of canonicalStoreMigrations()) {
    if (applied.has(migration.name)) continue;
    for (const statement of migration.upStatements) await tx.exec(statement);
    await tx.query(`INSERT INTO ${table} ("timestamp", "name") VALUES ($1, $2)`, [String(migration.timestamp), migration.name]);
    ran.push(migration.name);
  }
  return ran;
}

/** Applies every pending canonical-store migration to a PGlite instance, in one transaction. Idempotent. */
export async function applyCanonicalSchemaToPglite(db: PGliteInterface): Promise<AppliedSchema> {
  try {
    const applied = await db.transaction((tx) => applyPending(tx));
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

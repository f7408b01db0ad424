/**
 * The canonical store on PostgreSQL: TypeORM's migration executor applies the migrations (its
 * migrations table lives in schema `casebridge`). `pg` is an optional peer dependency, loaded only here.
 */
import type { Pool } from 'pg';
import { DriverMissingError } from '../../core/errors.js';
import type { PostgresStoreConnection } from '../typeorm/canonical-data-source.js';
import type { AppliedSchema } from './pglite-store.js';
import { canonicalPgTypes } from './type-parsers.js';

export type { PostgresStoreConnection, PgClientLike, PgPoolLike } from '../typeorm/canonical-data-source.js';

/** Applies every pending canonical-store migration on PostgreSQL (URL, or the caller's pool or client). */
export async function applyCanonicalSchemaToPostgres(connection: PostgresStoreConnection): Promise<AppliedSchema> {
  // Loaded on demand: TypeORM (and reflect-metadata) stay out of processes that only use PGlite.
  const { migratePostgresStore } = await import('../typeorm/canonical-data-source.js');
  return { applied: await migratePostgresStore(connection) };
}

/** Options of `openPostgresStore`. */
export interface OpenPostgresStoreOptions {
  /** `postgres://…` connection URL. */
  readonly url: string;
  /** Pool size (default 10, as in `pg`). */
  readonly max?: number;
}

/** An open PostgreSQL canonical store. */
export interface PostgresStore extends AppliedSchema {
  /** A `pg` pool that returns dates, int8 and numeric as text. */
  readonly pool: Pool;
  /** Closes the store (and the pool when the store opened it). */
  close(): Promise<void>;
}

type PgModule = typeof import('pg')['default'];

async function loadPg(): Promise<PgModule> {
  try {
    const module = await import('pg');
    return module.default;
  } catch (cause) {
    throw new DriverMissingError('pg', { cause });
  }
}

/** Opens a `pg` pool on the store and brings the canonical schema up to date through it. */
export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<PostgresStore> {
  const pg = await loadPg();
  const pool = new pg.Pool({
    connectionString: options.url,
    ...(options.max === undefined ? {} : { max: options.max }),
    types: canonicalPgTypes(pg.types.getTypeParser as Parameters<typeof canonicalPgTypes>[0]),
  });
  try {
    const { applied } = await applyCanonicalSchemaToPostgres({ pool });
    return { pool, applied, close: () => pool.end() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

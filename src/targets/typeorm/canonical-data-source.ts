/**
 * A TypeORM DataSource over the canonical store on PostgreSQL, and the migration run on it. TypeORM
 * either opens its own pool (from a URL) or borrows the caller's `pg` pool or client, which it then
 * neither ends nor disconnects.
 */
import { DataSource } from 'typeorm';
import type { EntitySchema } from 'typeorm';
import { ConnectionError, QueryError } from '../../core/errors.js';
import { canonicalEntitySchemas } from './canonical-entity-schemas.js';
import { CANONICAL_MIGRATIONS_TABLE, CANONICAL_STORE_MIGRATION_CLASSES } from './migrations/index.js';
import { quoteIdentifier } from './store-identifiers.js';
import { STORE_SCHEMA } from './store-model.js';

/** Callback TypeORM passes to `pool.connect`, as `pg` defines it. */
type ConnectCallback = (err: Error | undefined, client: unknown, release: (err?: unknown) => void) => void;

/** The part of a `pg.Pool` TypeORM needs (declared structurally: core code does not import `pg`). */
export interface PgPoolLike {
  /** Checks out a client, callback style (what TypeORM calls). */
  connect(callback: ConnectCallback): void;
  /** Present on a pool, absent on a client: tells the two apart. */
  readonly totalCount: number;
}

/** The part of a connected `pg.Client` TypeORM needs. */
export interface PgClientLike {
  /** Runs one SQL statement. */
  query(sql: string): Promise<unknown>;
  /** Adds an event listener (TypeORM listens for errors). */
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Removes an event listener. */
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Where the PostgreSQL canonical store is: a connection URL, or a pool or client the caller owns. */
export type PostgresStoreConnection = { readonly url: string } | { readonly pool: PgPoolLike } | { readonly client: PgClientLike };

/**
 * A stand-in for the `pg` module whose `Pool` hands out the caller's connections. `end` does nothing:
 * the caller owns the pool or client and closes it.
 */
function borrowedPgModule(connection: { pool: PgPoolLike } | { client: PgClientLike }): { Pool: new () => object } {
  const borrowed = {
    connect(callback: ConnectCallback): void {
      if ('pool' in connection) connection.pool.connect(callback);
      else callback(undefined, connection.client, () => undefined);
    },
    on(): object {
      return borrowed;
    },
    end(callback?: (err?: unknown) => void): void {
      callback?.();
    },
  };
  // A constructor that returns an object makes `new` yield that object.
  const Pool = function BorrowedPool(): object {
    return borrowed;
  } as unknown as new () => object;
  return { Pool };
}

/** Options of `createCanonicalDataSource`. */
export interface CanonicalDataSourceOptions {
  /** EntitySchemas to register (default: those of the shipped model). */
  readonly entities?: readonly EntitySchema[];
}

/** A DataSource (not yet initialized) over the canonical store, with its migrations and EntitySchemas. */
export function createCanonicalDataSource(connection: PostgresStoreConnection, options: CanonicalDataSourceOptions = {}): DataSource {
  const where = 'url' in connection ? { url: connection.url } : { driver: borrowedPgModule(connection) };
  return new DataSource({
    type: 'postgres',
    ...where,
    schema: STORE_SCHEMA,
    entities: [...(options.entities ?? canonicalEntitySchemas())],
    migrations: [...CANONICAL_STORE_MIGRATION_CLASSES],
    migrationsTableName: CANONICAL_MIGRATIONS_TABLE,
    migrationsTransactionMode: 'all',
    synchronize: false,
    migrationsRun: false,
    logging: false,
  });
}

/**
 * Applies every pending canonical-store migration through TypeORM's migration executor, in one
 * transaction; returns the names of the migrations it ran (empty when the store was current).
 * The schema is created first because TypeORM keeps its migrations table inside it.
 */
export async function runCanonicalMigrations(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) {
    try {
      await dataSource.initialize();
    } catch (cause) {
      throw new ConnectionError('Cannot connect to the PostgreSQL canonical store.', { cause });
    }
  }
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(STORE_SCHEMA)}`);
    const executed = await dataSource.runMigrations({ transaction: 'all' });
    return executed.map((m) => m.name);
  } catch (cause) {
    throw new QueryError('Applying the canonical-store migrations failed.', { cause, details: { schema: STORE_SCHEMA } });
  }
}

/** Opens a DataSource on `connection`, applies pending migrations, closes it again. */
export async function migratePostgresStore(connection: PostgresStoreConnection, options: CanonicalDataSourceOptions = {}): Promise<string[]> {
  const dataSource = createCanonicalDataSource(connection, options);
  try {
    return await runCanonicalMigrations(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/**
 * Factories of the SQL document stores on their own connection (for a store beside a target the
 * caller opened, use `target.documentStore()` on the target instead: it shares the target's connection).
 */
import { PgliteConnection } from '../pglite/pglite-connection.js';
import type { PgliteConnectionOptions } from '../pglite/pglite-connection.js';
import { PostgresConnection } from '../postgres/postgres-connection.js';
import type { PostgresConnectionOptions } from '../postgres/postgres-connection.js';
import { SqlDocumentStore } from './sql-document-store.js';
import type { SqlDocumentStoreOptions } from './sql-document-store.js';

/** A document store on a PostgreSQL server (needs the optional `pg` and `pg-copy-streams`). */
export function createPostgresDocumentStore(options: PostgresConnectionOptions & Omit<SqlDocumentStoreOptions, 'ownsConnection'>): SqlDocumentStore {
  const { chunkSize, ...connection } = options;
  return new SqlDocumentStore(new PostgresConnection(connection as PostgresConnectionOptions), chunkSize === undefined ? {} : { chunkSize });
}

/** A document store in PGlite (a caller's instance, or a data directory the store opens itself). */
export function createPgliteDocumentStore(options: PgliteConnectionOptions & Omit<SqlDocumentStoreOptions, 'ownsConnection'> = {}): SqlDocumentStore {
  const { chunkSize, ...connection } = options;
  return new SqlDocumentStore(new PgliteConnection(connection as PgliteConnectionOptions), chunkSize === undefined ? {} : { chunkSize });
}

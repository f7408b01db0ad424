/**
 * The canonical target on a PostgreSQL server: COPY into a staging table, `INSERT … ON CONFLICT`, the
 * run ledger in the same transaction, dry runs as one rolled-back transaction (see `SqlCanonicalTarget`).
 */
import { SqlCanonicalTarget } from '../shared/sql-canonical-target.js';
import type { SqlTargetOptions } from '../shared/sql-canonical-target.js';
import { PostgresConnection } from './postgres-connection.js';
import type { PostgresConnectionOptions } from './postgres-connection.js';

/** Options of `createPostgresTarget`: a URL or a `pg` pool, plus the shared target options. */
export type PostgresTargetOptions = PostgresConnectionOptions & SqlTargetOptions;

/**
 * Creates the PostgreSQL canonical target (call `open()` then `ensureSchema()`). Needs the optional
 * peer dependencies `pg` and `pg-copy-streams`; `open()` throws DriverMissingError without them.
 */
export function createPostgresTarget(options: PostgresTargetOptions): SqlCanonicalTarget {
  return new SqlCanonicalTarget(new PostgresConnection(options), options);
}

/**
 * Opening a canonical store (PGlite in-process, or PostgreSQL), bringing its schema up to date, and
 * undoing a run in it (`rollbackRun`).
 * Importing this module loads neither TypeORM nor `pg`; each is loaded when a PostgreSQL store is used.
 */
export { applyCanonicalSchema, type CanonicalStoreTarget } from './apply-canonical-schema.js';
export {
  applyCanonicalSchemaToPglite,
  openPgliteStore,
  type AppliedSchema,
  type OpenPgliteStoreOptions,
  type PgliteStore,
} from './pglite-store.js';
export { migrationsTableDdl } from './migrations-table-ddl.js';
export { applyPendingMigrations, type MigrationStatementRunner } from './apply-pending-migrations.js';
export {
  applyCanonicalSchemaToPostgres,
  openPostgresStore,
  type OpenPostgresStoreOptions,
  type PgClientLike,
  type PgPoolLike,
  type PostgresStore,
  type PostgresStoreConnection,
} from './postgres-store.js';
export { CANONICAL_PGLITE_PARSERS, PG_TYPE_OIDS, canonicalPgTypes, type PgGetTypeParser } from './type-parsers.js';
export { rollbackRun } from '../shared/rollback-run.js';
export type { RollbackOptions } from '../shared/run-rollback.js';
export type { RollbackEntityCounts, RollbackResult, RollbackRowCounts } from '../shared/run-rollback-sql.js';

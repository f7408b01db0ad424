/**
 * The canonical store's migrations table, laid out exactly as TypeORM's MigrationExecutor creates its
 * own on PostgreSQL, so that a store prepared without TypeORM (PGlite, the SQL targets) and one prepared
 * by TypeORM look alike and either can continue the other.
 */
import { createHash } from 'node:crypto';
import { CANONICAL_MIGRATIONS_TABLE } from '../typeorm/migrations/index.js';
import { qualifiedTable, quoteIdentifier } from '../typeorm/store-identifiers.js';
import { STORE_SCHEMA } from '../typeorm/store-model.js';

/**
 * TypeORM's name for the migrations table's primary key (DefaultNamingStrategy: "PK_" + the first 27
 * hex digits of sha1("<table>_<column>")), reproduced so that the PGlite catalog matches PostgreSQL's.
 */
function typeormPrimaryKeyName(table: string, column: string): string {
  return `PK_${createHash('sha1').update(`${table}_${column}`).digest('hex').slice(0, 27)}`;
}

/** The migrations table as TypeORM's MigrationExecutor creates it on PostgreSQL (idempotent DDL). */
export function migrationsTableDdl(): string {
  const table = qualifiedTable(STORE_SCHEMA, CANONICAL_MIGRATIONS_TABLE);
  const pk = quoteIdentifier(typeormPrimaryKeyName(CANONICAL_MIGRATIONS_TABLE, 'id'));
  return (
    `CREATE TABLE IF NOT EXISTS ${table} ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, ` +
    `"name" character varying NOT NULL, CONSTRAINT ${pk} PRIMARY KEY ("id"))`
  );
}

/** The migrations of the canonical store, oldest first, and where their bookkeeping lives. */
import { CreateCanonicalStore1795305600000 } from './1795305600000-create-canonical-store.js';
import { AddTenantKey1795310000000 } from './1795310000000-add-tenant-key.js';
import type { CanonicalMigration } from './canonical-migration.js';

export type { CanonicalMigration } from './canonical-migration.js';
export { FrozenSqlMigration } from './canonical-migration.js';
export { CANONICAL_STORE_DDL, CANONICAL_STORE_DROP_DDL } from './canonical-store-ddl.js';
export { CreateCanonicalStore1795305600000 } from './1795305600000-create-canonical-store.js';
export { AddTenantKey1795310000000 } from './1795310000000-add-tenant-key.js';

/** Name of the table (in schema `casebridge`) that records applied migrations, on PostgreSQL and PGlite. */
export const CANONICAL_MIGRATIONS_TABLE = 'typeorm_migrations';

/** Every canonical-store migration class, oldest first. */
export const CANONICAL_STORE_MIGRATION_CLASSES = Object.freeze([CreateCanonicalStore1795305600000, AddTenantKey1795310000000]);

/** Fresh instances of every canonical-store migration, oldest first. */
export function canonicalStoreMigrations(): CanonicalMigration[] {
  return CANONICAL_STORE_MIGRATION_CLASSES.map((Migration) => new Migration());
}

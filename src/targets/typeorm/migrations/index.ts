/** The migrations of the canonical store, oldest first, and where their bookkeeping lives. */
import { CreateCanonicalStore1795305600000 } from './1795305600000-create-canonical-store.js';
import { AddTenantKey1795310000000 } from './1795310000000-add-tenant-key.js';
import {
  AddPersonRelationAndCaseContainer1795360000000,
  PERSON_RELATION_AND_CASE_CONTAINER_ADDITIONS,
} from './1795360000000-add-person-relation-and-case-container.js';
import type { CanonicalMigration } from './canonical-migration.js';

export type { CanonicalMigration } from './canonical-migration.js';
export { FrozenSqlMigration } from './canonical-migration.js';
export { CANONICAL_STORE_DDL, CANONICAL_STORE_DROP_DDL } from './canonical-store-ddl.js';
export { CreateCanonicalStore1795305600000 } from './1795305600000-create-canonical-store.js';
export { AddTenantKey1795310000000 } from './1795310000000-add-tenant-key.js';
export { AddPersonRelationAndCaseContainer1795360000000 } from './1795360000000-add-person-relation-and-case-container.js';

/** Name of the table (in schema `casebridge`) that records applied migrations, on PostgreSQL and PGlite. */
export const CANONICAL_MIGRATIONS_TABLE = 'typeorm_migrations';

/** Every canonical-store migration class, oldest first. */
export const CANONICAL_STORE_MIGRATION_CLASSES = Object.freeze([
  CreateCanonicalStore1795305600000,
  AddTenantKey1795310000000,
  AddPersonRelationAndCaseContainer1795360000000,
]);

/**
 * Tables and columns that migrations after the first added to the model. Migration 1's frozen DDL is
 * the DDL of the current model without them (the freshness test regenerates it so); a migration that
 * adds to the model lists its additions here.
 */
export const LATER_MODEL_ADDITIONS: readonly { readonly tables: readonly string[]; readonly columns: Readonly<Record<string, readonly string[]>> }[] =
  Object.freeze([PERSON_RELATION_AND_CASE_CONTAINER_ADDITIONS]);

/** Fresh instances of every canonical-store migration, oldest first. */
export function canonicalStoreMigrations(): CanonicalMigration[] {
  return CANONICAL_STORE_MIGRATION_CLASSES.map((Migration) => new Migration());
}

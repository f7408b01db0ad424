/**
 * Migration 1 of the canonical store: creates schema `casebridge` and every canonical table with its
 * indexes. Frozen: its SQL lives in the generated `canonical-store-ddl.ts`; later model changes come as
 * new migrations, never as edits here once released.
 */
import { CANONICAL_STORE_DDL, CANONICAL_STORE_DROP_DDL } from './canonical-store-ddl.js';
import { FrozenSqlMigration } from './canonical-migration.js';

/** Creates the canonical store (schema, tables, reference indexes). */
export class CreateCanonicalStore1795305600000 extends FrozenSqlMigration {
  readonly name = 'CreateCanonicalStore1795305600000';
  readonly timestamp = 1795305600000;
  readonly upStatements = CANONICAL_STORE_DDL;
  readonly downStatements = CANONICAL_STORE_DROP_DDL;
}

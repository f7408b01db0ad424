/**
 * Compact lineage as a TypeORM migration after the lineage digest, for PostgreSQL users who run
 * casebridge's migrations with their own TypeORM setup. Same statements as `ensureSchema()`; converts a
 * store of the old shape in place (see `lineage-compact-ddl.ts`).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LINEAGE_COMPACT_DDL, LINEAGE_COMPACT_DROP_DDL } from './lineage-compact-ddl.js';

/** Moves `cb_lineage` to the compact row (dictionary ids, bytea hash, no per-row foreign key). */
export class CompactLineage1795440000000 implements MigrationInterface {
  readonly name = 'CompactLineage1795440000000';
  readonly timestamp = 1795440000000;
  readonly upStatements = LINEAGE_COMPACT_DDL;
  readonly downStatements = LINEAGE_COMPACT_DROP_DDL;

  /** Applies `LINEAGE_COMPACT_DDL`. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Converts back to the wide row and drops the dictionaries. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

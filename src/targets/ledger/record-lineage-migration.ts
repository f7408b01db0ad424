/**
 * Lineage kept once as a TypeORM migration after the run id scheme, for PostgreSQL users who run
 * casebridge's migrations with their own TypeORM setup. Same statements as `ensureSchema()`.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_LINEAGE_DDL, RECORD_LINEAGE_DROP_DDL } from './record-lineage-ddl.js';

/** Adds `cb_lineage.lineage_elided` and the view `cb_record_lineage`. */
export class AddRecordLineage1795460000000 implements MigrationInterface {
  readonly name = 'AddRecordLineage1795460000000';
  readonly timestamp = 1795460000000;
  readonly upStatements = RECORD_LINEAGE_DDL;
  readonly downStatements = RECORD_LINEAGE_DROP_DDL;

  /** Applies `RECORD_LINEAGE_DDL`. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Drops the view and the column. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

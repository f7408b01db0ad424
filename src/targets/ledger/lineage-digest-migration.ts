/**
 * The lineage row digest as a TypeORM migration after the record-note ledger, for PostgreSQL users
 * who run casebridge's migrations with their own TypeORM setup. Same statements as `ensureSchema()`.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LINEAGE_DIGEST_DDL, LINEAGE_DIGEST_DROP_DDL } from './lineage-digest-ddl.js';

/** Adds `cb_lineage.row_digest`. */
export class AddLineageRowDigest1795430000000 implements MigrationInterface {
  readonly name = 'AddLineageRowDigest1795430000000';
  readonly timestamp = 1795430000000;
  readonly upStatements = LINEAGE_DIGEST_DDL;
  readonly downStatements = LINEAGE_DIGEST_DROP_DDL;

  /** Applies `LINEAGE_DIGEST_DDL`. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Drops the column. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

/**
 * The runs' id scheme as a TypeORM migration after the lineage digest, for PostgreSQL users who run
 * casebridge's migrations with their own TypeORM setup. Same statements as `ensureSchema()`.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ID_SCHEME_DDL, ID_SCHEME_DROP_DDL } from './id-scheme-ddl.js';

/** Adds `cb_run.id_scheme`. */
export class AddRunIdScheme1795450000000 implements MigrationInterface {
  readonly name = 'AddRunIdScheme1795450000000';
  readonly timestamp = 1795450000000;
  readonly upStatements = ID_SCHEME_DDL;
  readonly downStatements = ID_SCHEME_DROP_DDL;

  /** Applies `ID_SCHEME_DDL`. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Drops the column. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

/**
 * The record-level ledger of warnings and filtered rows as a TypeORM migration after the run-lifecycle
 * ledger, for PostgreSQL users who run casebridge's migrations with their own TypeORM setup. Same
 * statements as `ensureSchema()`.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_NOTE_LEDGER_DDL, RECORD_NOTE_LEDGER_DROP_DDL } from './record-note-ledger-ddl.js';

/** Creates `cb_record_note`. */
export class CreateRecordNoteLedger1795380000000 implements MigrationInterface {
  readonly name = 'CreateRecordNoteLedger1795380000000';
  readonly timestamp = 1795380000000;
  readonly upStatements = RECORD_NOTE_LEDGER_DDL;
  readonly downStatements = RECORD_NOTE_LEDGER_DROP_DDL;

  /** Applies `RECORD_NOTE_LEDGER_DDL`. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Drops the record-note ledger. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

/**
 * The run-lifecycle ledger (sessions, stage checkpoints, batch detail, stored report text) as a TypeORM
 * migration after the delivery ledger, for PostgreSQL users who run casebridge's migrations with their
 * own TypeORM setup. Same statements as `ensureSchema()`.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RUN_SESSION_LEDGER_DDL, RUN_SESSION_LEDGER_DROP_DDL } from './run-session-ledger-ddl.js';

/** Creates `cb_run_session`, `cb_run_stage`, `cb_run_batch_detail` and `cb_run.report_text`. */
export class CreateRunSessionLedger1795340000000 implements MigrationInterface {
  readonly name = 'CreateRunSessionLedger1795340000000';
  readonly timestamp = 1795340000000;
  readonly upStatements = RUN_SESSION_LEDGER_DDL;
  readonly downStatements = RUN_SESSION_LEDGER_DROP_DDL;

  /** Applies `RUN_SESSION_LEDGER_DDL`. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Drops the run-lifecycle ledger. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

/**
 * The run-history ledger (prior row images and rollbacks) as a TypeORM migration after the
 * run-lifecycle ledger, for PostgreSQL users who run casebridge's migrations with their own TypeORM
 * setup. Same statements as `ensureSchema()`.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RUN_HISTORY_LEDGER_DDL, RUN_HISTORY_LEDGER_DROP_DDL } from './run-history-ledger-ddl.js';

/** Creates `cb_run_history`, `cb_rollback` and lets `cb_run.status` be `rolled_back`. */
export class CreateRunHistoryLedger1795370000000 implements MigrationInterface {
  readonly name = 'CreateRunHistoryLedger1795370000000';
  readonly timestamp = 1795370000000;
  readonly upStatements = RUN_HISTORY_LEDGER_DDL;
  readonly downStatements = RUN_HISTORY_LEDGER_DROP_DDL;

  /** Applies `RUN_HISTORY_LEDGER_DDL`. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Drops the run-history ledger. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

/**
 * The run chain (`cb_run_link`) as a TypeORM migration after the run-lifecycle ledger, for PostgreSQL
 * users who run casebridge's migrations with their own TypeORM setup. Same statements as `ensureSchema()`.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RUN_CHAIN_DDL, RUN_CHAIN_DROP_DDL } from './run-chain-ddl.js';

/** Creates `cb_run_link`. */
export class CreateRunChain1795350000000 implements MigrationInterface {
  readonly name = 'CreateRunChain1795350000000';
  readonly timestamp = 1795350000000;
  readonly upStatements = RUN_CHAIN_DDL;
  readonly downStatements = RUN_CHAIN_DROP_DDL;

  /** Applies `RUN_CHAIN_DDL`. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Drops the run chain. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

/**
 * The delivery ledger as a TypeORM migration (after the run ledger), for PostgreSQL users who run
 * casebridge's migrations with their own TypeORM setup. Same statements as `ensureSchema()`.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DELIVERY_LEDGER_DDL, DELIVERY_LEDGER_DROP_DDL } from './delivery-ledger-ddl.js';

/** Creates the delivery ledger tables (`cb_tombstone`, `cb_run_seen`, `cb_high_water`). */
export class CreateDeliveryLedger1795330000000 implements MigrationInterface {
  readonly name = 'CreateDeliveryLedger1795330000000';
  readonly timestamp = 1795330000000;
  readonly upStatements = DELIVERY_LEDGER_DDL;
  readonly downStatements = DELIVERY_LEDGER_DROP_DDL;

  /** Applies `DELIVERY_LEDGER_DDL`. */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Drops the delivery ledger tables. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

/**
 * The run ledger as a TypeORM migration, for PostgreSQL users who run casebridge's migrations with their
 * own TypeORM setup. Same statements as `ensureSchema()` (`LEDGER_DDL`), so either path may come first.
 * It follows the canonical store's first migration (the ledger's lineage points at canonical records).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_DDL, LEDGER_DROP_DDL } from './ledger-ddl.js';

/** Creates the run ledger tables (`cb_run`, `cb_run_mapping`, `cb_quarantine`, `cb_lineage`). */
export class CreateRunLedger1795305600100 implements MigrationInterface {
  readonly name = 'CreateRunLedger1795305600100';
  readonly timestamp = 1795305600100;
  readonly upStatements = LEDGER_DDL;
  readonly downStatements = LEDGER_DROP_DDL;

  /** Applies `LEDGER_DDL` (TypeORM wraps the call in a transaction). */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Drops the ledger tables; the canonical tables stay. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

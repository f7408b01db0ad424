/**
 * The shape of every canonical-store migration: a TypeORM migration whose SQL is a frozen statement
 * list, so that the PGlite store (which TypeORM cannot drive) applies exactly the same statements.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A TypeORM migration that exposes its frozen statements. */
export interface CanonicalMigration extends MigrationInterface {
  /** `<PascalCaseName><13-digit timestamp>`, TypeORM's convention (it reads the timestamp from it). */
  readonly name: string;
  /** Milliseconds since the epoch, as in the name. */
  readonly timestamp: number;
  readonly upStatements: readonly string[];
  readonly downStatements: readonly string[];
}

/** Base class: runs the frozen statements in order through TypeORM's query runner. */
export abstract class FrozenSqlMigration implements CanonicalMigration {
  abstract readonly name: string;
  abstract readonly timestamp: number;
  abstract readonly upStatements: readonly string[];
  abstract readonly downStatements: readonly string[];

  /** Applies `upStatements` (TypeORM wraps the call in a transaction). */
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await queryRunner.query(statement);
  }

  /** Applies `downStatements`. */
  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await queryRunner.query(statement);
  }
}

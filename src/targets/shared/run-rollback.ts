/**
 * `rollbackRun` of the SQL targets: one transaction under the run's locks (the run id and its commune
 * and source system, as a run holds them, so no run of that tenant writes meanwhile) that undoes the
 * run (`run-rollback-sql.ts`). A dry run does the same work in a transaction it rolls back, so its
 * counts are exactly what the rollback would do.
 */
import { RollbackRefusedError } from '../../core/errors.js';
import { LEDGER_TABLES } from '../ledger/ledger-ddl.js';
import { translateDatabaseError } from './database-errors.js';
import type { ModelLayout } from './entity-layout.js';
import { acquireRunLocks, releaseRunLocks } from './run-locks.js';
import { assertRollbackAllowed, rollbackRunSql } from './run-rollback-sql.js';
import type { RollbackResult } from './run-rollback-sql.js';
import type { PinnedSession, TargetConnection } from './sql-session.js';

/** Options of `rollbackRun`. */
export interface RollbackOptions {
  /** Change nothing; return what a rollback would remove and restore. */
  readonly dryRun?: boolean;
  /** Who rolls back, for the ledger entry: a role or pseudonymous operator id, never a person's name. */
  readonly actor?: string;
}

/** The tenant of `runId` as the ledger has it (null when the run is unknown: the transaction then refuses). */
async function runTenant(connection: TargetConnection, runId: string): Promise<{ commune: number; sourceSystem: string } | null> {
  const found = await connection.withSession((s) =>
    s.query<{ commune: number | null; source_system: string }>(`SELECT commune, source_system FROM ${LEDGER_TABLES.run} WHERE run_id = $1::uuid`, [runId]),
  );
  const row = found.rows[0];
  return row === undefined || row.commune === null ? null : { commune: Number(row.commune), sourceSystem: row.source_system };
}

/** Rolls back `runId` over `connection` (see the module comment); refuses with RollbackRefusedError. */
export async function rollbackRunOn(connection: TargetConnection, model: ModelLayout, runId: string, options: RollbackOptions = {}): Promise<RollbackResult> {
  let lock: PinnedSession | null = null;
  try {
    const tenant = await runTenant(connection, runId);
    // Only a server has other writers to exclude (see run-locks.ts); PGlite is one session.
    if (tenant !== null && connection.kind === 'postgres') {
      lock = await connection.pin();
      await acquireRunLocks(lock, { runId, ...tenant });
    }
    const actor = options.actor ?? null;
    if (options.dryRun !== true) {
      return await connection.transaction(async (session) => rollbackRunSql(session, model, runId, await assertRollbackAllowed(session, runId), actor));
    }
    const session = await connection.pin();
    try {
      await session.query('BEGIN');
      const result = await rollbackRunSql(session, model, runId, await assertRollbackAllowed(session, runId), actor);
      return { ...result, dryRun: true };
    } finally {
      await session.query('ROLLBACK').catch(() => undefined);
      await session.release();
    }
  } catch (error) {
    if (error instanceof RollbackRefusedError) throw error;
    throw translateDatabaseError(error, 'roll back run');
  } finally {
    if (lock !== null) {
      await releaseRunLocks(lock);
      await lock.release();
    }
  }
}

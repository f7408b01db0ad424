/**
 * `rollbackRun(target, runId)`: undo a run of a canonical store (PostgreSQL or PGlite target). Rows the
 * run inserted are deleted, rows it updated get their image from before the run back, its tombstones
 * are withdrawn, documents it stored are removed or restored, and the run is marked `rolled_back` with
 * a rollback entry in the ledger. Refused (RollbackRefusedError, CB_ROLLBACK_REFUSED) while a later run
 * of the same commune and source system is not rolled back, or when the run is running or rolled back.
 */
import { ConfigurationError } from '../../core/errors.js';
import type { CanonicalTarget } from '../../core/pipeline/canonical-target.js';
import type { RollbackOptions } from './run-rollback.js';
import type { RollbackResult } from './run-rollback-sql.js';

/** A target that can undo a run (the SQL targets). */
interface RollbackCapable {
  rollbackRun(runId: string, options?: RollbackOptions): Promise<RollbackResult>;
}

function canRollBack(target: CanonicalTarget): target is CanonicalTarget & RollbackCapable {
  return typeof (target as Partial<RollbackCapable>).rollbackRun === 'function';
}

/** Rolls back the run `runId` in `target` (opened, schema ensured); see the module comment. */
export async function rollbackRun(target: CanonicalTarget, runId: string, options: RollbackOptions = {}): Promise<RollbackResult> {
  if (!canRollBack(target)) {
    throw new ConfigurationError('This target keeps no run history and cannot roll a run back; use a PostgreSQL or PGlite target.', {
      details: { target: target.kind },
    });
  }
  return target.rollbackRun(runId, options);
}

/**
 * The id scheme of a run as the ledger decides it (see `src/core/pipeline/id-scheme.ts`): a tenant
 * (commune + source system) keeps the scheme of its earlier runs in this store, because a record loaded
 * under one scheme and again under the other would be two records. Runs the store rolled back left no
 * records and do not count; dry runs are never kept.
 */
import { ERROR_CODES, RunError } from '../../core/errors.js';
import type { RunInfo } from '../../core/pipeline/canonical-target.js';
import { DEFAULT_ID_SCHEME, isIdScheme, type IdScheme } from '../../core/pipeline/id-scheme.js';
import type { SqlSession } from '../shared/sql-session.js';
import { LEDGER_TABLES } from './ledger-ddl.js';

function mismatch(run: RunInfo, stored: IdScheme): RunError {
  return new RunError(
    `The run's id scheme (${run.idScheme ?? 'unset'}) is not "${stored}", the one this commune and source system loaded this store with; mixing them would load every record a second time. Nothing was written.`,
    {
      code: ERROR_CODES.ID_SCHEME_MISMATCH,
      details: { runId: run.runId, commune: run.commune, sourceSystem: run.sourceSystem, idScheme: run.idScheme ?? null, storeIdScheme: stored },
    },
  );
}

/**
 * The scheme of a new run: the one the tenant's earlier runs recorded, else the run's own, else the
 * default. Throws RunError CB_ID_SCHEME_MISMATCH when the run names another one than the store holds.
 */
export async function idSchemeOfNewRun(session: SqlSession, run: RunInfo): Promise<IdScheme> {
  const found = await session.query<{ id_scheme: string }>(
    `SELECT DISTINCT id_scheme FROM ${LEDGER_TABLES.run}
      WHERE commune = $1 AND source_system = $2 AND NOT dry_run AND status <> 'rolled_back' AND run_id <> $3
      ORDER BY id_scheme`,
    [run.commune, run.sourceSystem, run.runId],
  );
  const stored = found.rows.map((r) => r.id_scheme).filter(isIdScheme);
  const other = stored.find((s) => s !== (run.idScheme ?? stored[0]));
  if (other !== undefined) throw mismatch(run, other);
  return run.idScheme ?? stored[0] ?? DEFAULT_ID_SCHEME;
}

/** The scheme a resumed run keeps (its own); throws CB_ID_SCHEME_MISMATCH when the resume names another. */
export function idSchemeOfResumedRun(run: RunInfo, stored: string): IdScheme {
  const scheme = isIdScheme(stored) ? stored : DEFAULT_ID_SCHEME;
  if (run.idScheme !== undefined && run.idScheme !== scheme) throw mismatch(run, scheme);
  return scheme;
}

/**
 * Reads of the run ledger that tools need after a run: the quarantined source rows of one run
 * (references, issue codes and field paths only; the ledger never holds values).
 */
import type { QuarantineEntry } from '../../core/pipeline/canonical-target.js';
import type { SqlSession } from '../shared/sql-session.js';
import { LEDGER_TABLES } from './ledger-ddl.js';

/** The quarantine entries the ledger recorded for `runId`, in commit order; null when the ledger knows no such run. */
export async function selectQuarantineEntries(session: SqlSession, runId: string): Promise<QuarantineEntry[] | null> {
  const run = await session.query<{ one: number }>(`SELECT 1 AS one FROM ${LEDGER_TABLES.run} WHERE run_id = $1::uuid`, [runId]);
  if (run.rows.length === 0) return null;
  const result = await session.query<{ mapping: string; record_ref: string; source_table: string; source_key: string; issue_codes: string[]; paths: string[] }>(
    `SELECT mapping, record_ref, source_table, source_key, issue_codes, paths FROM ${LEDGER_TABLES.quarantine} WHERE run_id = $1::uuid ORDER BY quarantine_id`,
    [runId],
  );
  return result.rows.map((r) => ({
    mapping: r.mapping,
    recordRef: r.record_ref,
    sourceTable: r.source_table,
    sourceKey: r.source_key,
    issueCodes: r.issue_codes,
    paths: r.paths,
  }));
}

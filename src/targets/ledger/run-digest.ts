/**
 * The digest of one run's ledger entries, the input of its chain link: the run row (with the stored
 * report as jsonb and as exact text), the per-mapping accounting, the quarantine rows, the sessions,
 * the stage checkpoints and the batch detail. Every value is read as text
 * in SQL (timestamps in UTC), so PostgreSQL and PGlite, pg's and PGlite's type parsers and the session
 * time zone all give the same bytes; the entries go through canonical JSON, then SHA-256.
 *
 * Left out on purpose: what later runs or a rollback legitimately rewrite (lineage rows move to the run
 * that last loaded a record, high-water marks advance, tombstones are restored by a later run or removed
 * by `casebridge rollback`, `updated_at` stamps); the tombstone counts stay sealed in the stored report.
 * A run rolled back (`cb_rollback` holds its entry) is digested with the status it was sealed with.
 */
import { createHash } from 'node:crypto';
import type { TargetQueryable } from '../../core/pipeline/canonical-target.js';
import { canonicalJson } from '../../core/pipeline/identity.js';
import type { ReportFileDigest } from '../../core/trust/run-chain-target.js';
import { LEDGER_TABLES } from './ledger-ddl.js';
import { RUN_HISTORY_TABLES } from './run-history-ledger-ddl.js';
import { RUN_SESSION_TABLES } from './run-session-ledger-ddl.js';

/** SHA-256 (lowercase hex) of a UTF-8 string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const utc = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The ledger entries of `runId` as canonical-JSON-ready rows; null when the ledger holds no such run. */
async function runEntries(q: TargetQueryable, runId: string): Promise<Record<string, unknown> | null> {
  const run = await q.query(
    `SELECT run_id::text AS run_id, migration, source_system, commune::text AS commune, dry_run::text AS dry_run,
       mapping_versions::text AS mapping_versions,
       CASE WHEN status = 'rolled_back' AND EXISTS (SELECT 1 FROM ${RUN_HISTORY_TABLES.rollback} b WHERE b.run_id = r.run_id) THEN 'finished' ELSE status END AS status,
       ${utc('started_at')} AS started_at, ${utc('finished_at')} AS finished_at,
       report::text AS report, report_text
     FROM ${LEDGER_TABLES.run} r WHERE run_id = $1::uuid`,
    [runId],
  );
  if (run.rows.length === 0) return null;
  const rows = async (sql: string): Promise<unknown[]> => (await q.query(sql, [runId])).rows;
  return {
    run: run.rows[0],
    mappings: await rows(
      `SELECT mapping, checkpoint::text AS checkpoint, stats::text AS stats, batches::text AS batches, done::text AS done
       FROM ${LEDGER_TABLES.runMapping} WHERE run_id = $1::uuid ORDER BY mapping`,
    ),
    quarantine: await rows(
      `SELECT quarantine_id::text AS id, mapping, record_ref, source_table, source_key, issue_codes::text AS issue_codes, paths::text AS paths,
         ${utc('recorded_at')} AS recorded_at
       FROM ${LEDGER_TABLES.quarantine} WHERE run_id = $1::uuid ORDER BY quarantine_id`,
    ),
    sessions: await rows(
      `SELECT session_no::text AS session_no, ${utc('started_at')} AS started_at, ${utc('ended_at')} AS ended_at, outcome
       FROM ${RUN_SESSION_TABLES.session} WHERE run_id = $1::uuid ORDER BY session_no`,
    ),
    stages: await rows(`SELECT stage, status, session_no::text AS session_no, summary FROM ${RUN_SESSION_TABLES.stage} WHERE run_id = $1::uuid ORDER BY stage`),
    batches: await rows(
      `SELECT batch_id::text AS id, mapping, detail, records FROM ${RUN_SESSION_TABLES.batchDetail} WHERE run_id = $1::uuid ORDER BY batch_id`,
    ),
  };
}

/** The digest (SHA-256 hex) of the ledger entries of `runId`; null when the ledger holds no such run. */
export async function computeRunDigest(q: TargetQueryable, runId: string): Promise<string | null> {
  const entries = await runEntries(q, runId);
  return entries === null ? null : sha256Hex(canonicalJson(entries));
}

/** The manifest text of a run's report files: canonical JSON of the files sorted by name. */
export function filesManifest(files: readonly ReportFileDigest[]): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => ({ name: f.name, sha256: f.sha256 }));
  return canonicalJson(sorted);
}

/** The digest of a manifest text (null: no files recorded yet, the digest of the empty manifest). */
export function filesDigest(manifest: string | null): string {
  return sha256Hex(manifest ?? filesManifest([]));
}

/** A link's hash: SHA-256 over the previous link's hash (empty for a chain's first), the run digest and the files digest. */
export function linkHash(prevHash: string | null, runDigest: string, filesDigestHex: string): string {
  return sha256Hex(`${prevHash ?? ''}${runDigest}${filesDigestHex}`);
}

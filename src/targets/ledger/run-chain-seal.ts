/**
 * Writing the run chain, in two steps. (1) `sealRunLink`, in the transaction that finishes a real run:
 * the link with the run's ledger digest, chained to the tenant's previous link. (2) `recordRunFiles`,
 * once the CLI has written the run's report files: their manifest (name → SHA-256), the link's final
 * hash and, with a key, its signature.
 *
 * Why two steps rather than writing the files before sealing: the files are rendered from the report
 * text the finishing transaction stores (that is what makes `casebridge report <runId>` re-render the
 * same bytes), and the quarantine export is read from the committed ledger; both exist only after the
 * commit. Step 2 rewrites only the tenant's newest link, and only once (a re-render never touches the
 * chain), so no later link ever depends on a hash that changes.
 */
import type { KeyObject } from 'node:crypto';
import type { TargetQueryable } from '../../core/pipeline/canonical-target.js';
import { signingKeyId, signLinkHash } from '../../core/trust/run-signing-keys.js';
import { LEDGER_TABLES } from './ledger-ddl.js';
import { RUN_CHAIN_TABLE } from './run-chain-ddl.js';
import { computeRunDigest, filesDigest, filesManifest, linkHash } from './run-digest.js';
import type { ReportFileDigest } from '../../core/trust/run-chain-target.js';

/**
 * Seals a finished real run (call inside the transaction that finishes it, after the run row is
 * written): appends its link to its tenant's chain. Dry runs, runs without a commune and runs already
 * sealed are left alone, so a run is sealed exactly once however many sessions it took.
 */
export async function sealRunLink(q: TargetQueryable, runId: string): Promise<void> {
  const run = await q.query<{ source_system: string; commune: number | null; dry_run: boolean; status: string }>(
    `SELECT source_system, commune, dry_run, status FROM ${LEDGER_TABLES.run} WHERE run_id = $1::uuid`,
    [runId],
  );
  const row = run.rows[0];
  if (row === undefined || row.commune === null || row.dry_run || row.status !== 'finished') return;
  const commune = Number(row.commune);
  // Two runs of one tenant finishing at once would both take the same predecessor.
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cb_run_link\u001f${String(commune)}\u001f${row.source_system}`]);
  const sealed = await q.query(`SELECT 1 AS one FROM ${RUN_CHAIN_TABLE} WHERE run_id = $1::uuid`, [runId]);
  if (sealed.rows.length > 0) return;
  const last = await q.query<{ seq: number; hash: string }>(
    `SELECT seq, hash FROM ${RUN_CHAIN_TABLE} WHERE source_system = $1 AND commune = $2 ORDER BY seq DESC LIMIT 1`,
    [row.source_system, commune],
  );
  const prev = last.rows[0];
  const runDigest = (await computeRunDigest(q, runId))!;
  const files = filesDigest(null);
  await q.query(
    `INSERT INTO ${RUN_CHAIN_TABLE} (source_system, commune, seq, run_id, prev_hash, run_digest, files_manifest, files_digest, hash)
     VALUES ($1, $2, $3, $4::uuid, $5, $6, NULL, $7, $8)`,
    [
      row.source_system,
      commune,
      prev === undefined ? 1 : Number(prev.seq) + 1,
      runId,
      prev?.hash ?? null,
      runDigest,
      files,
      linkHash(prev?.hash ?? null, runDigest, files),
    ],
  );
}

/**
 * Records the report files written for a sealed run (names relative to the report folder) and signs
 * the link with `signingKey` when given. Returns false, changing nothing, when the run has no link (a
 * failed or dry run), its files were recorded already, or a later link of its tenant exists.
 */
export async function recordRunFiles(q: TargetQueryable, runId: string, files: readonly ReportFileDigest[], signingKey?: KeyObject): Promise<boolean> {
  const found = await q.query<{ prev_hash: string | null; run_digest: string; hash: string }>(
    `SELECT prev_hash, run_digest, hash FROM ${RUN_CHAIN_TABLE} WHERE run_id = $1::uuid AND files_manifest IS NULL`,
    [runId],
  );
  const link = found.rows[0];
  if (link === undefined) return false;
  const manifest = filesManifest(files);
  const digest = filesDigest(manifest);
  const hash = linkHash(link.prev_hash, link.run_digest, digest);
  const updated = await q.query(
    `UPDATE ${RUN_CHAIN_TABLE} l SET files_manifest = $2, files_digest = $3, hash = $4, signature = $5, key_id = $6
     WHERE l.run_id = $1::uuid AND l.files_manifest IS NULL AND l.hash = $7
       AND NOT EXISTS (SELECT 1 FROM ${RUN_CHAIN_TABLE} n WHERE n.source_system = l.source_system AND n.commune = l.commune AND n.seq > l.seq)
     RETURNING l.seq`,
    [
      runId,
      manifest,
      digest,
      hash,
      signingKey === undefined ? null : signLinkHash(hash, signingKey),
      signingKey === undefined ? null : signingKeyId(signingKey),
      link.hash,
    ],
  );
  return updated.rows.length > 0;
}

/**
 * `verifyRunChain`: walks every tenant's run chain in a store (and, given the report folder, the report
 * files each link recorded), recomputes each run's digest from the ledger and each file's SHA-256, checks
 * every link against its predecessor and, given a public key, its signature, and names the first broken
 * link of each chain. Results carry run ids, communes, sequence numbers and report file names only.
 *
 * What a chain cannot show by itself: the removal of a tenant's newest links together with their runs
 * (nothing points at them yet). Keep each chain's head hash elsewhere (the canton does) to cover that.
 */
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TargetQueryable } from '../../core/pipeline/canonical-target.js';
import { verifyLinkSignature } from '../../core/trust/run-signing-keys.js';
import { LEDGER_TABLES } from './ledger-ddl.js';
import { RUN_CHAIN_TABLE } from './run-chain-ddl.js';
import { computeRunDigest, filesDigest, linkHash, sha256Hex } from './run-digest.js';
import type { ReportFileDigest } from '../../core/trust/run-chain-target.js';

/**
 * What differs at a broken link: `link` (it does not follow its predecessor, or the link row itself was
 * edited), `missing-run` (the ledger no longer holds the run), `ledger-entry` (a ledger entry of the run
 * differs from its digest), `report-file` (a recorded report file is missing or differs), `signature`
 * (missing, or not the public key's).
 */
export type ChainBreakKind = 'link' | 'missing-run' | 'ledger-entry' | 'report-file' | 'signature';

/** The first broken link of a chain. */
export interface ChainBreak {
  readonly commune: number;
  readonly sourceSystem: string;
  /** The link's position in its chain (1 = first run). */
  readonly seq: number;
  readonly runId: string;
  readonly kind: ChainBreakKind;
  /** For `report-file`: the file's name relative to the report folder. */
  readonly file?: string;
}

/** One tenant's chain as verified. */
export interface ChainStatus {
  readonly commune: number;
  readonly sourceSystem: string;
  readonly links: number;
  /** The newest link's hash (record it elsewhere to notice removed newest links later). */
  readonly head: string;
  readonly firstBreak: ChainBreak | null;
}

/** The outcome of {@link verifyRunChain}. */
export interface ChainVerification {
  /** True when every chain is unbroken. */
  readonly intact: boolean;
  readonly chains: readonly ChainStatus[];
  /** The first broken link over all chains (by commune, source system, position); null when intact. */
  readonly firstBreak: ChainBreak | null;
  /** Report files compared with their recorded SHA-256 (0 without `reportsDir`). */
  readonly filesChecked: number;
  /** Finished real runs without a link (finished before the store had a chain). */
  readonly unsealedRuns: number;
}

/** Options of {@link verifyRunChain}. */
export interface VerifyRunChainOptions {
  /** The report folder the runs wrote their files to: each recorded file is read and compared. */
  readonly reportsDir?: string;
  /** Ed25519 public key: every link must carry its valid signature. */
  readonly publicKey?: KeyObject;
}

interface LinkRow {
  readonly source_system: string;
  readonly commune: number;
  readonly seq: number;
  readonly run_id: string;
  readonly prev_hash: string | null;
  readonly run_digest: string;
  readonly files_manifest: string | null;
  readonly files_digest: string;
  readonly hash: string;
  readonly signature: string | null;
}

/** Whether a recorded file name stays inside the report folder (a forged manifest may not point elsewhere). */
function safeName(name: string): boolean {
  return name !== '' && !path.isAbsolute(name) && !name.split(/[\\/]/).includes('..');
}

async function fileDiffers(reportsDir: string, file: ReportFileDigest): Promise<boolean> {
  if (!safeName(file.name)) return true;
  try {
    return sha256Hex(await readFile(path.join(reportsDir, file.name))) !== file.sha256;
  } catch {
    return true;
  }
}

function parseManifest(text: string | null): ReportFileDigest[] | null {
  if (text === null) return [];
  try {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) return null;
    return value.filter((f): f is ReportFileDigest => typeof (f as ReportFileDigest).name === 'string' && typeof (f as ReportFileDigest).sha256 === 'string');
  } catch {
    return null;
  }
}

/** Checks one link; returns what differs first, or null. Counts the files it compared into `counter`. */
async function checkLink(
  q: TargetQueryable,
  link: LinkRow,
  prev: LinkRow | undefined,
  options: VerifyRunChainOptions,
  counter: { files: number },
): Promise<Omit<ChainBreak, 'commune' | 'sourceSystem' | 'seq' | 'runId'> | null> {
  const expectedSeq = prev === undefined ? 1 : Number(prev.seq) + 1;
  if (Number(link.seq) !== expectedSeq || link.prev_hash !== (prev?.hash ?? null)) return { kind: 'link' };
  const digest = await computeRunDigest(q, link.run_id);
  if (digest === null) return { kind: 'missing-run' };
  if (digest !== link.run_digest) return { kind: 'ledger-entry' };
  const files = parseManifest(link.files_manifest);
  if (files === null || filesDigest(link.files_manifest) !== link.files_digest || linkHash(link.prev_hash, link.run_digest, link.files_digest) !== link.hash) {
    return { kind: 'link' };
  }
  if (options.reportsDir !== undefined) {
    for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      counter.files += 1;
      if (await fileDiffers(options.reportsDir, file)) return { kind: 'report-file', file: file.name };
    }
  }
  if (options.publicKey !== undefined && (link.signature === null || !verifyLinkSignature(link.hash, link.signature, options.publicKey))) {
    return { kind: 'signature' };
  }
  return null;
}

/**
 * Verifies every run chain of the store `q` reads (a PGlite instance, a `pg` pool or client, or a
 * target's `ledgerQueryable()`); read only. The store's schema must be current (`ensureSchema`).
 */
export async function verifyRunChain(q: TargetQueryable, options: VerifyRunChainOptions = {}): Promise<ChainVerification> {
  const result = await q.query<LinkRow>(
    `SELECT source_system, commune, seq, run_id::text AS run_id, prev_hash, run_digest, files_manifest, files_digest, hash, signature
     FROM ${RUN_CHAIN_TABLE} ORDER BY commune, source_system, seq`,
  );
  const byTenant = new Map<string, LinkRow[]>();
  for (const link of result.rows) {
    const key = `${String(link.commune)}\u001f${link.source_system}`;
    const list = byTenant.get(key) ?? [];
    list.push(link);
    byTenant.set(key, list);
  }
  const counter = { files: 0 };
  const chains: ChainStatus[] = [];
  for (const links of byTenant.values()) {
    const first = links[0]!;
    let firstBreak: ChainBreak | null = null;
    for (let i = 0; i < links.length && firstBreak === null; i += 1) {
      const link = links[i]!;
      const broken = await checkLink(q, link, links[i - 1], options, counter);
      if (broken !== null) {
        firstBreak = { commune: Number(link.commune), sourceSystem: link.source_system, seq: Number(link.seq), runId: link.run_id, ...broken };
      }
    }
    chains.push({ commune: Number(first.commune), sourceSystem: first.source_system, links: links.length, head: links[links.length - 1]!.hash, firstBreak });
  }
  const unsealed = await q.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${LEDGER_TABLES.run} r
     WHERE r.status = 'finished' AND NOT r.dry_run AND r.commune IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${RUN_CHAIN_TABLE} l WHERE l.run_id = r.run_id)`,
  );
  const firstBreak = chains.find((c) => c.firstBreak !== null)?.firstBreak ?? null;
  return { intact: firstBreak === null, chains, firstBreak, filesChecked: counter.files, unsealedRuns: Number(unsealed.rows[0]?.n ?? 0) };
}

/**
 * A delivery's change feed for the canton: each real run of a canonical store is published as one
 * change set in a feed folder, holding only what the run changed (upserts with the record, deletions
 * with the canonical id and the last content hash), and a manifest that chains to the previous change
 * set by sequence number and SHA-256. A receiving system applies change sets in order
 * (`applyChangeSet`) and detects a missing one (CB_FEED_GAP) or one applied twice (CB_FEED_REPLAY)
 * before changing anything.
 *
 * Folder layout: `changes-000001.jsonl` + `changes-000001.manifest.json`, then 000002, ... Each file is
 * written under a temporary name and renamed, the manifest last: a change set without its manifest does
 * not exist.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, ERROR_CODES, FeedError, SourceFormatError } from '../../core/errors.js';
import { contentHash } from '../../core/pipeline/identity.js';
import type { RunChange } from '../shared/tombstone-sql.js';
import { writeFileAtomic } from './jsonl-manifest.js';

/** Format name and version written into every change-set manifest. */
export const CHANGE_FEED_FORMAT = { name: 'casebridge-change-feed', version: 1 } as const;

/** A store that can list what one run changed (the SQL canonical targets). */
export interface ChangeSource {
  /** The records a run wrote, restored or tombstoned, page by page. */
  readRunChanges(runId: string, pageSize?: number): AsyncIterableIterator<readonly RunChange[]>;
}

/** The manifest of one change set. */
export interface ChangeSetManifest {
  readonly format: typeof CHANGE_FEED_FORMAT.name;
  readonly formatVersion: typeof CHANGE_FEED_FORMAT.version;
  /** 1, 2, 3, ... without gaps. */
  readonly seq: number;
  readonly runId: string;
  readonly sourceSystem: string;
  /** The change set this one follows: its sequence number and the SHA-256 of its manifest file. */
  readonly previous: { readonly seq: number; readonly manifestSha256: string } | null;
  readonly file: { readonly path: string; readonly lines: number; readonly sha256: string };
  /** Upserts and deletions per entity. */
  readonly counts: Readonly<Record<string, { readonly upserts: number; readonly deletes: number }>>;
  readonly publishedAt: string;
}

const stem = (seq: number): string => `changes-${String(seq).padStart(6, '0')}`;
const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Sequence numbers of the change sets in `dir` (those with a manifest), ascending. */
async function publishedSeqs(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map((n) => /^changes-(\d{6})\.manifest\.json$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Reads the manifest of change set `seq` with the SHA-256 of its bytes. */
export async function readChangeSetManifest(dir: string, seq: number): Promise<{ manifest: ChangeSetManifest; sha256: string }> {
  const bytes = await readFile(path.join(dir, `${stem(seq)}.manifest.json`));
  const manifest = JSON.parse(bytes.toString('utf8')) as ChangeSetManifest;
  if (manifest.format !== CHANGE_FEED_FORMAT.name || manifest.seq !== seq) {
    throw new SourceFormatError('The file is not a change-set manifest of this feed.', { details: { seq } });
  }
  return { manifest, sha256: sha256(bytes) };
}

/**
 * Publishes what the finished run `runId` changed as the next change set in `dir`. Refuses a run that
 * was published already (its changes would be delivered twice).
 */
export async function publishChangeSet(options: {
  readonly dir: string;
  readonly store: ChangeSource;
  readonly runId: string;
  readonly sourceSystem: string;
}): Promise<ChangeSetManifest> {
  const { dir, store, runId } = options;
  await mkdir(dir, { recursive: true });
  const seqs = await publishedSeqs(dir);
  let previous: ChangeSetManifest['previous'] = null;
  for (const seq of seqs) {
    const { manifest, sha256: digest } = await readChangeSetManifest(dir, seq);
    if (manifest.runId === runId) throw new ConfigurationError('This run was published to the feed already.', { details: { runId, seq } });
    previous = { seq, manifestSha256: digest };
  }
  const seq = (previous?.seq ?? 0) + 1;
  const lines: string[] = [];
  const counts: Record<string, { upserts: number; deletes: number }> = {};
  for await (const page of store.readRunChanges(runId)) {
    for (const change of page) {
      const c = (counts[change.entity] ??= { upserts: 0, deletes: 0 });
      if (change.op === 'upsert') c.upserts += 1;
      else c.deletes += 1;
      lines.push(JSON.stringify(change));
    }
  }
  const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  const file = `${stem(seq)}.jsonl`;
  await writeFileAtomic(path.join(dir, file), text);
  const manifest: ChangeSetManifest = {
    format: CHANGE_FEED_FORMAT.name,
    formatVersion: CHANGE_FEED_FORMAT.version,
    seq,
    runId,
    sourceSystem: options.sourceSystem,
    previous,
    file: { path: file, lines: lines.length, sha256: sha256(text) },
    counts,
    publishedAt: new Date().toISOString(),
  };
  await writeFileAtomic(path.join(dir, `${stem(seq)}.manifest.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** What a receiving system holds: the live records by entity and id, and where in the feed it stands. */
export interface FeedConsumerState {
  lastSeq: number;
  lastManifestSha256: string | null;
  readonly records: Map<string, Map<string, { contentHash: string; record: Record<string, unknown> }>>;
}

/** An empty receiving system. */
export function emptyFeedConsumer(): FeedConsumerState {
  return { lastSeq: 0, lastManifestSha256: null, records: new Map() };
}

/**
 * Applies change set `seq` of `dir` to `state`, all or nothing: checks first that it follows the last
 * one applied (CB_FEED_REPLAY when applied already, CB_FEED_GAP when one is missing or the chain does
 * not link), that its file is intact and that every upserted record hashes to its content hash.
 */
export async function applyChangeSet(state: FeedConsumerState, dir: string, seq: number): Promise<ChangeSetManifest> {
  const { manifest, sha256: manifestSha } = await readChangeSetManifest(dir, seq);
  if (manifest.seq <= state.lastSeq) {
    throw new FeedError('This change set was applied already.', { code: ERROR_CODES.FEED_REPLAY, details: { seq: manifest.seq, lastApplied: state.lastSeq } });
  }
  const linked =
    manifest.previous === null ? state.lastSeq === 0 : manifest.previous.seq === state.lastSeq && manifest.previous.manifestSha256 === state.lastManifestSha256;
  if (manifest.seq !== state.lastSeq + 1 || !linked) {
    throw new FeedError('This change set does not follow the last one applied: a change set is missing.', {
      code: ERROR_CODES.FEED_GAP,
      details: { seq: manifest.seq, lastApplied: state.lastSeq },
    });
  }
  const text = await readFile(path.join(dir, manifest.file.path), 'utf8');
  if (sha256(text) !== manifest.file.sha256) throw new SourceFormatError('A change-set file does not match its manifest.', { details: { seq } });
  const changes =
    text === ''
      ? []
      : text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as RunChange);
  for (const change of changes) {
    if (change.op === 'upsert' && contentHash(change.record) !== change.contentHash) {
      throw new SourceFormatError('A change-set record does not hash to its content hash.', { details: { seq, entity: change.entity, id: change.id } });
    }
  }
  for (const change of changes) {
    let byId = state.records.get(change.entity);
    if (byId === undefined) state.records.set(change.entity, (byId = new Map()));
    if (change.op === 'upsert') byId.set(change.id, { contentHash: change.contentHash, record: change.record });
    else byId.delete(change.id);
  }
  state.lastSeq = manifest.seq;
  state.lastManifestSha256 = manifestSha;
  return manifest;
}

/** Applies every change set of `dir` after the consumer's last one, in order; returns how many. */
export async function applyChangeFeed(state: FeedConsumerState, dir: string): Promise<number> {
  let applied = 0;
  for (const seq of await publishedSeqs(dir)) {
    if (seq <= state.lastSeq) continue;
    await applyChangeSet(state, dir, seq);
    applied += 1;
  }
  return applied;
}

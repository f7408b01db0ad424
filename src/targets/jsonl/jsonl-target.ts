/**
 * A Citysoftnet-style external target: instead of the canonical store, canonical records are written in
 * a uniform-system import format (docs/import-format.md): per-entity JSON Lines batch files plus a
 * `manifest.json` ledger. It shows vendors of a receiving system how to plug into the engine.
 *
 * - Atomic per batch: the batch files are written under temp names and renamed, then the manifest
 *   (the commit point) is replaced atomically. Files the manifest does not list are ignored.
 * - Idempotent: records are keyed by canonical id with last-write-wins; a record whose content hash is
 *   unchanged is not written again, so a re-run adds no lines.
 * - Resume: runs, checkpoints and cumulative counters live in the manifest, as in the SQL ledger.
 * - Dry run: batches are staged in memory only; nothing is written to the folder.
 * - Reconciliation: totals and stored-record hashes are recomputed by reading the files back, and the
 *   lineage files (written beside the data) say which records must be there.
 */
import type { Tenant } from '../../core/pipeline/tenant.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, ERROR_CODES, RunError } from '../../core/errors.js';
import type {
  CanonicalTarget,
  LoadBatch,
  LoadOutcome,
  LoadRecord,
  LoadResult,
  QuarantineEntry,
  RunInfo,
  RunState,
  StatsDelta,
  StoredRecord,
  TargetTotalRow,
  TargetTotalsRequest,
} from '../../core/pipeline/canonical-target.js';
import { MODEL_VERSION } from '../../generated/model/index.js';
import { FolderDocumentStore } from '../documents/folder-document-store.js';
import { readJsonLines, writeJsonLines } from './jsonl-lines.js';
import { emptyManifest, readManifest, writeFileAtomic, writeManifest, type ImportManifest, type ManifestFile } from './jsonl-manifest.js';

/** Options of {@link createJsonlTarget}. */
export interface JsonlTargetOptions {
  /** Import folder (created when missing). */
  readonly dir: string;
  /** Entity → date field whose year groups the manifest's money sums (default: `booking.bookingDate`, else the record's first date). */
  readonly moneyYearFields?: Readonly<Record<string, string>>;
}

/** Where the current version of one record lives. */
interface IndexEntry {
  readonly hash: string;
  readonly file: string;
  readonly sourceSystem: string;
  /** Commune of the record (null for lineage written before the tenant key). */
  readonly commune: number | null;
}

/** A record staged by a dry run. */
interface Staged {
  readonly hash: string;
  readonly record: Record<string, unknown>;
  readonly sourceSystem: string;
  readonly commune: number;
}

/** The commune of a lineage line (null for lines written before the tenant key). */
function communeOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

const EMPTY_STATS: StatsDelta = Object.freeze({ extracted: 0, filtered: {}, quarantined: 0, loaded: 0, inserted: 0, updated: 0, unchanged: 0 });
const ISO_DATE = /^(\d{4})-\d{2}-\d{2}/;

function addStats(a: StatsDelta, b: StatsDelta): StatsDelta {
  const filtered: Record<string, number> = { ...a.filtered };
  for (const [k, v] of Object.entries(b.filtered)) filtered[k] = (filtered[k] ?? 0) + v;
  return {
    extracted: a.extracted + b.extracted,
    filtered,
    quarantined: a.quarantined + b.quarantined,
    loaded: a.loaded + b.loaded,
    inserted: a.inserted + b.inserted,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
  };
}

/** The JSON Lines import-format target. */
export class JsonlTarget implements CanonicalTarget {
  readonly kind = 'citysoftnet-jsonl';
  readonly dir: string;
  readonly #options: JsonlTargetOptions;
  #manifest: ImportManifest | null = null;
  /** entity → id → current version (committed). */
  #index = new Map<string, Map<string, IndexEntry>>();
  /** Lazily built field indexes for duplicate detection: `entity|field` → value → ids. */
  #fieldIndex = new Map<string, Map<string, Set<string>>>();
  #dryRunId: string | null = null;
  #staged = new Map<string, Map<string, Staged>>();

  constructor(options: JsonlTargetOptions) {
    if (typeof options.dir !== 'string' || options.dir.trim() === '')
      throw new ConfigurationError('JSONL target: "dir" is required.', { details: { field: 'dir' } });
    this.dir = path.resolve(options.dir);
    this.#options = options;
  }

  /** The manifest as last committed (a copy; null before `open`). */
  get manifest(): ImportManifest | null {
    return this.#manifest === null ? null : (JSON.parse(JSON.stringify(this.#manifest)) as ImportManifest);
  }

  get #m(): ImportManifest {
    if (this.#manifest === null) throw new RunError('The JSONL target is not open.', { code: ERROR_CODES.TARGET_NOT_READY, details: { target: this.kind } });
    return this.#manifest;
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.#manifest = (await readManifest(this.dir)) ?? emptyManifest(MODEL_VERSION);
    this.#index = new Map();
    this.#fieldIndex = new Map();
    // The lineage files say which record version is current: replay them in commit order.
    for (const batch of this.#m.batches) {
      for (const f of batch.files) {
        if (f.entity !== '_lineage') continue;
        for await (const line of readJsonLines(path.join(this.dir, f.path))) {
          if (line === null) continue;
          this.#entityIndex(String(line['entity'])).set(String(line['id']), {
            hash: String(line['hash']),
            file: String(line['file']),
            sourceSystem: String(line['sourceSystem']),
            commune: communeOf(line['commune']),
          });
        }
      }
    }
  }

  /** The quarantined source rows this folder's ledger recorded for `runId` (references, codes and paths only), in commit order; null for an unknown run. */
  async quarantineEntries(runId: string): Promise<QuarantineEntry[] | null> {
    if (!this.#m.runs.some((r) => r.runId === runId)) return null;
    const out: QuarantineEntry[] = [];
    for (const batch of this.#m.batches) {
      if (batch.runId !== runId) continue;
      for (const f of batch.files) {
        if (f.entity !== '_quarantine') continue;
        for await (const line of readJsonLines(path.join(this.dir, f.path))) if (line !== null) out.push(line as unknown as QuarantineEntry);
      }
    }
    return out;
  }

  /** The document store of this import folder: `documents/<id>` files beside `data/` (a FolderDocumentStore). */
  documentStore(): FolderDocumentStore {
    return new FolderDocumentStore({ root: this.dir });
  }

  async close(): Promise<void> {
    this.#manifest = null;
    this.#staged.clear();
    this.#dryRunId = null;
  }

  async ensureSchema(): Promise<void> {
    await mkdir(path.join(this.dir, 'data'), { recursive: true });
    if ((await readManifest(this.dir)) === null) await writeManifest(this.dir, this.#m);
  }

  async beginRun(run: RunInfo): Promise<RunState> {
    if (this.#dryRunId !== null) throw new ConfigurationError('A dry run is open on this JSONL target.', { details: { runId: run.runId } });
    if (run.dryRun) {
      this.#dryRunId = run.runId;
      this.#staged = new Map();
      return { runId: run.runId, status: 'running', mappings: {} };
    }
    const known = this.#m.runs.find((r) => r.runId === run.runId);
    if (known !== undefined) return { runId: known.runId, status: known.status, mappings: known.mappings };
    this.#m.runs.push({
      runId: run.runId,
      migration: run.migration,
      sourceSystem: run.sourceSystem,
      mappingVersions: run.mappingVersions,
      startedAt: run.startedAt,
      status: 'running',
      mappings: {},
    });
    await writeManifest(this.dir, this.#m);
    return { runId: run.runId, status: 'running', mappings: {} };
  }

  async commitBatch(batch: LoadBatch): Promise<LoadResult> {
    const outcomes = new Map<string, LoadOutcome>();
    const byEntity: Record<string, { inserted: number; updated: number; unchanged: number }> = {};
    const changed = new Map<string, LoadRecord[]>();
    for (const r of batch.records) {
      const current = this.#staged.get(r.entity)?.get(r.id)?.hash ?? this.#index.get(r.entity)?.get(r.id)?.hash;
      const outcome: LoadOutcome = current === undefined ? 'inserted' : current === r.contentHash ? 'unchanged' : 'updated';
      outcomes.set(`${r.entity}:${r.id}`, outcome);
      const counts = (byEntity[r.entity] ??= { inserted: 0, updated: 0, unchanged: 0 });
      counts[outcome] += 1;
      if (outcome !== 'unchanged') changed.set(r.entity, [...(changed.get(r.entity) ?? []), r]);
    }
    if (this.#dryRunId !== null) {
      if (batch.runId !== this.#dryRunId)
        throw new ConfigurationError('A batch of another run was committed while a dry run is open.', { details: { runId: batch.runId } });
      for (const records of changed.values())
        for (const r of records)
          this.#stagedEntity(r.entity).set(r.id, { hash: r.contentHash, record: r.record, sourceSystem: r.lineage.sourceSystem, commune: r.lineage.commune });
      return { outcomes, byEntity };
    }
    const run = this.#m.runs.find((r) => r.runId === batch.runId);
    if (run === undefined || run.status !== 'running')
      throw new RunError('The batch belongs to no running run of this target.', { code: ERROR_CODES.TARGET_NOT_READY, details: { runId: batch.runId } });
    const seq = (this.#m.batches.at(-1)?.seq ?? 0) + 1;
    const stem = `${String(seq).padStart(6, '0')}-${batch.mapping}`;
    const files: ManifestFile[] = [];
    const lineage: Record<string, unknown>[] = [];
    for (const [entity, records] of changed) {
      const rel = `data/${entity}/${stem}.jsonl`;
      await mkdir(path.join(this.dir, 'data', entity), { recursive: true });
      const written = await writeJsonLines(
        path.join(this.dir, rel),
        records.map((r) => ({ id: r.id, hash: r.contentHash, record: r.record })),
      );
      files.push({ path: rel, entity, ...written });
      for (const r of records) lineage.push({ entity, id: r.id, hash: r.contentHash, file: rel, ...r.lineage });
    }
    const extra: [string, readonly unknown[]][] = [
      ['_lineage', lineage],
      ['_quarantine', batch.quarantine],
    ];
    for (const [kind, lines] of extra) {
      if (lines.length === 0) continue;
      const rel = `data/${kind}/${stem}.jsonl`;
      await mkdir(path.join(this.dir, 'data', kind), { recursive: true });
      files.push({ path: rel, entity: kind, ...(await writeJsonLines(path.join(this.dir, rel), lines)) });
    }
    const totals = Object.values(byEntity).reduce(
      (a, c) => ({ inserted: a.inserted + c.inserted, updated: a.updated + c.updated, unchanged: a.unchanged + c.unchanged }),
      { inserted: 0, updated: 0, unchanged: 0 },
    );
    const previous = run.mappings[batch.mapping];
    run.mappings[batch.mapping] = { checkpoint: batch.checkpoint, stats: addStats(previous?.stats ?? EMPTY_STATS, { ...batch.stats, ...totals }), done: false };
    this.#m.batches.push({ seq, runId: batch.runId, mapping: batch.mapping, committedAt: new Date().toISOString(), files });
    // Commit point: until the manifest is renamed into place, the batch does not exist.
    await writeManifest(this.dir, this.#m);
    for (const l of lineage) {
      const entity = String(l['entity']);
      const id = String(l['id']);
      this.#entityIndex(entity).set(id, {
        hash: String(l['hash']),
        file: String(l['file']),
        sourceSystem: String(l['sourceSystem']),
        commune: communeOf(l['commune']),
      });
    }
    for (const records of changed.values()) for (const r of records) this.#indexFields(r.entity, r.id, r.record);
    return { outcomes, byEntity };
  }

  async existingIds(entity: string, ids: readonly string[]): Promise<ReadonlySet<string>> {
    const committed = this.#index.get(entity);
    const staged = this.#staged.get(entity);
    return new Set(ids.filter((id) => committed?.has(id) === true || staged?.has(id) === true));
  }

  async findByField(entity: string, field: string, values: readonly string[], commune?: number): Promise<readonly { id: string; value: string }[]> {
    const key = `${entity}|${field}`;
    let index = this.#fieldIndex.get(key);
    if (index === undefined) {
      index = new Map();
      this.#fieldIndex.set(key, index);
      for await (const page of this.#current(entity, null, 1000)) {
        for (const s of page) if (s.record !== null) this.#indexFields(entity, s.id, s.record, [field]);
      }
    }
    const out: { id: string; value: string }[] = [];
    const committed = this.#index.get(entity);
    const inScope = (id: string): boolean => commune === undefined || committed?.get(id)?.commune === commune;
    for (const value of new Set(values)) for (const id of index.get(value) ?? []) if (inScope(id)) out.push({ id, value });
    for (const [id, s] of this.#staged.get(entity) ?? []) {
      if (commune !== undefined && s.commune !== commune) continue;
      const v = s.record[field];
      if (typeof v === 'string' && values.includes(v) && !out.some((o) => o.id === id)) out.push({ id, value: v });
    }
    return out;
  }

  async totals(request: TargetTotalsRequest): Promise<readonly TargetTotalRow[]> {
    const groups = new Map<number | null, { count: number; sums: Map<string, bigint> }>();
    for await (const page of this.#current(request.entity, { commune: request.commune, sourceSystem: request.sourceSystem }, 1000)) {
      for (const s of page) {
        if (s.record === null) continue;
        const yearText = request.yearField === undefined ? undefined : ISO_DATE.exec(String(s.record[request.yearField] ?? ''))?.[1];
        const year = yearText === undefined ? null : Number(yearText);
        const g = groups.get(year) ?? { count: 0, sums: new Map<string, bigint>() };
        g.count += 1;
        for (const f of request.sumFields ?? []) {
          const v = s.record[f];
          if (typeof v === 'number' && Number.isSafeInteger(v)) g.sums.set(f, (g.sums.get(f) ?? 0n) + BigInt(v));
        }
        groups.set(year, g);
      }
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a - b))
      .map(([year, g]) => ({ year, count: g.count, sums: Object.fromEntries((request.sumFields ?? []).map((f) => [f, (g.sums.get(f) ?? 0n).toString()])) }));
  }

  readBack(entity: string, tenant: Tenant, batchSize: number): AsyncIterableIterator<readonly StoredRecord[]> {
    return this.#current(entity, tenant, Math.max(1, Math.floor(batchSize)));
  }

  async finishRun(runId: string, status: 'finished' | 'failed', report: unknown): Promise<void> {
    if (this.#dryRunId === runId) {
      // A dry run leaves nothing behind.
      this.#dryRunId = null;
      this.#staged = new Map();
      return;
    }
    const run = this.#m.runs.find((r) => r.runId === runId);
    if (run === undefined) throw new RunError('finishRun: unknown run.', { code: ERROR_CODES.TARGET_NOT_READY, details: { runId } });
    run.status = status;
    run.finishedAt = new Date().toISOString();
    if (status === 'finished') for (const m of Object.values(run.mappings)) m.done = true;
    await mkdir(path.join(this.dir, 'reports'), { recursive: true });
    await writeFileAtomic(path.join(this.dir, 'reports', `${runId}.json`), `${JSON.stringify(report, null, 2)}\n`);
    this.#m.entities = await this.#entityTotals();
    await writeManifest(this.dir, this.#m);
  }

  /** Record counts and money sums per year of every entity, read back from the files. */
  async #entityTotals(): Promise<ImportManifest['entities']> {
    const out: ImportManifest['entities'] = {};
    for (const entity of [...this.#index.keys()].sort()) {
      const totals = { records: 0, moneyByYear: {} as Record<string, Record<string, string>> };
      const sums = new Map<string, Map<string, bigint>>();
      for await (const page of this.#current(entity, null, 1000)) {
        for (const s of page) {
          if (s.record === null) continue;
          totals.records += 1;
          const yearField =
            this.#options.moneyYearFields?.[entity] ??
            (entity === 'booking' ? 'bookingDate' : Object.keys(s.record).find((k) => ISO_DATE.test(String(s.record?.[k] ?? ''))));
          const year = yearField === undefined ? 'unknown' : (ISO_DATE.exec(String(s.record[yearField] ?? ''))?.[1] ?? 'unknown');
          for (const [field, value] of Object.entries(s.record)) {
            if (!field.endsWith('Rappen') || typeof value !== 'number') continue;
            const byField = sums.get(year) ?? new Map<string, bigint>();
            byField.set(field, (byField.get(field) ?? 0n) + BigInt(value));
            sums.set(year, byField);
          }
        }
      }
      for (const [year, byField] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1)))
        totals.moneyByYear[year] = Object.fromEntries([...byField].map(([f, v]) => [f, v.toString()]));
      out[entity] = totals;
    }
    return out;
  }

  /**
   * The current records of `entity` (optionally of one tenant: commune and source system), read from the files the index
   * points at, then the dry run's staged ones. A record whose line is gone or unreadable comes back with
   * `record: null`; the hash recorded in the lineage is the witness its content is compared against.
   */
  async *#current(entity: string, tenant: Tenant | null, pageSize: number): AsyncGenerator<readonly StoredRecord[]> {
    const staged = this.#staged.get(entity) ?? new Map<string, Staged>();
    const byFile = new Map<string, Map<string, IndexEntry>>();
    for (const [id, e] of this.#index.get(entity) ?? []) {
      if (staged.has(id) || (tenant !== null && (e.sourceSystem !== tenant.sourceSystem || e.commune !== tenant.commune))) continue;
      let ids = byFile.get(e.file);
      if (ids === undefined) byFile.set(e.file, (ids = new Map()));
      ids.set(id, e);
    }
    let page: StoredRecord[] = [];
    for (const [file, wanted] of byFile) {
      const found = new Map<string, { record: Record<string, unknown>; hash: string }>();
      for await (const line of readJsonLines(path.join(this.dir, file))) {
        const id = line?.['id'];
        const record = line?.['record'];
        if (typeof id === 'string' && wanted.has(id) && typeof record === 'object' && record !== null)
          found.set(id, { record: record as Record<string, unknown>, hash: String(line?.['hash']) });
      }
      for (const [id, e] of wanted) {
        const f = found.get(id);
        page.push({ id, record: f?.record ?? null, lineageHash: e.hash, rowHash: f?.hash ?? null });
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
      }
    }
    for (const [id, s] of staged) {
      if (tenant !== null && (s.sourceSystem !== tenant.sourceSystem || s.commune !== tenant.commune)) continue;
      page.push({ id, record: s.record, lineageHash: s.hash, rowHash: s.hash });
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  #entityIndex(entity: string): Map<string, IndexEntry> {
    let m = this.#index.get(entity);
    if (m === undefined) this.#index.set(entity, (m = new Map()));
    return m;
  }

  #stagedEntity(entity: string): Map<string, Staged> {
    let m = this.#staged.get(entity);
    if (m === undefined) this.#staged.set(entity, (m = new Map()));
    return m;
  }

  /** Keeps the built field indexes current after a write. */
  #indexFields(entity: string, id: string, record: Record<string, unknown>, only?: readonly string[]): void {
    for (const [key, index] of this.#fieldIndex) {
      const [e, field] = key.split('|') as [string, string];
      if (e !== entity || (only !== undefined && !only.includes(field))) continue;
      for (const ids of index.values()) ids.delete(id);
      const v = record[field];
      if (typeof v !== 'string') continue;
      let ids = index.get(v);
      if (ids === undefined) index.set(v, (ids = new Set()));
      ids.add(id);
    }
  }
}

/** Creates the JSON Lines import-format target over a folder. */
export function createJsonlTarget(options: JsonlTargetOptions): JsonlTarget {
  return new JsonlTarget(options);
}

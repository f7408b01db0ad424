/**
 * Where canonical records go: the canonical store (PostgreSQL, embedded PGlite) or another system's
 * import format (Citysoftnet-style). The engine talks only to this interface.
 *
 * Atomicity: `commitBatch` writes the records AND the ledger entries that describe them (statistics
 * delta, checkpoint, quarantine, lineage) in one transaction, so a crash can never leave ledger and data
 * disagreeing. In a dry run, the target classifies and stages exactly as in a real run but its work is
 * rolled back at `finishRun`; the real tables and the ledger stay untouched.
 */
import type { ReadPosition } from '../connector/connector.js';
import type { Tenant } from './tenant.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { HighWaterMark } from './high-water-mark.js';
import type { IdScheme } from './id-scheme.js';

export type { HighWaterMark } from './high-water-mark.js';

/** Outcome of one record at load time. */
export type LoadOutcome = 'inserted' | 'updated' | 'unchanged';

/** One canonical record ready to load. */
export interface LoadRecord {
  readonly entity: string;
  readonly id: string;
  readonly record: Record<string, unknown>;
  /** SHA-256 hex of the canonical JSON of `record` (see `contentHash`). */
  readonly contentHash: string;
  readonly lineage: RecordLineage;
}

/** Where a record came from. */
export interface RecordLineage {
  /** BFS number of the commune whose run loaded the record (the tenant, with `sourceSystem`). */
  readonly commune: number;
  readonly sourceSystem: string;
  readonly sourceTable: string;
  readonly sourceKey: string;
  readonly mapping: string;
  readonly mappingVersion: string;
}

/** A quarantined source row as stored in the ledger: references and codes only, no values. */
export interface QuarantineEntry {
  readonly mapping: string;
  /** Pseudonymous reference of the source row. */
  readonly recordRef: string;
  readonly sourceTable: string;
  /** Source key (technical legacy key; never a personal value). */
  readonly sourceKey: string;
  readonly issueCodes: readonly string[];
  /** Paths of the offending fields, parallel to issueCodes. */
  readonly paths: readonly string[];
}

/** Why the ledger notes a source row beside the quarantine: it loaded with warnings, or a named rule filtered it. */
export type RecordNoteBucket = 'warning' | 'filtered';

/**
 * A source row that loaded with warnings or that a named filter rule left out, as the record-level
 * ledger stores it (one entry per row): references, codes and field paths only, never a value.
 */
export interface RecordNote {
  readonly mapping: string;
  readonly bucket: RecordNoteBucket;
  /** Pseudonymous reference of the source row. */
  readonly recordRef: string;
  readonly sourceTable: string;
  /** Source key (technical legacy key), shown only to the holder of the commune's key. */
  readonly sourceKey: string;
  /** The warnings' issue codes, or the one filter rule's name. */
  readonly codes: readonly string[];
  /** Paths of the warned fields, parallel to `codes` (empty strings for a filter rule). */
  readonly paths: readonly string[];
}

/** A record note as read back from the ledger, with its position for paging (`CanonicalTarget.recordNotes`). */
export interface StoredRecordNote extends RecordNote {
  /** Ledger sequence number (as text: a bigint); pass the last one as `after` to read the next page. */
  readonly seq: string;
}

/** Counter deltas for one batch of one mapping. */
export interface StatsDelta {
  readonly extracted: number;
  readonly filtered: Readonly<Record<string, number>>;
  readonly quarantined: number;
  readonly loaded: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/**
 * Lineage of a source row whose record was merged into a survivor (duplicate policy `merge`): the row's
 * record is not written, but the ledger records that this source row now lives in `survivorId`, so every
 * source record stays traceable to exactly one canonical record.
 */
export interface MergedLineage {
  readonly entity: string;
  /** Canonical id of the surviving record. */
  readonly survivorId: string;
  /** Hash of the record the row mapped to (before the merge). */
  readonly contentHash: string;
  readonly lineage: RecordLineage;
}

/** Everything one batch commits atomically. */
export interface LoadBatch {
  readonly runId: string;
  readonly mapping: string;
  readonly records: readonly LoadRecord[];
  readonly quarantine: readonly QuarantineEntry[];
  /** Rows loaded with warnings and rows filtered by a named rule (the record-level ledger). */
  readonly notes?: readonly RecordNote[];
  /** Lineage of rows whose record was merged into a survivor (written to the ledger marked as merged). */
  readonly mergedLineage?: readonly MergedLineage[];
  readonly stats: StatsDelta;
  /** Reader position after the batch's last source row. */
  readonly checkpoint: ReadPosition;
  /**
   * The batch belongs to a full-snapshot read: the target remembers its record ids as seen by the run,
   * so that `applyDeletions` can tell which earlier records the delivery no longer holds.
   */
  readonly snapshot?: boolean;
  /**
   * The batch's report detail (per-code, per-stage and per-list counts; JSON text, opaque to the
   * target), kept by a target with `batchDetails` in the batch's transaction, so that a resumed run
   * reports every section over all of its sessions.
   */
  readonly detail?: string;
}

/** Key of one record in `LoadResult.outcomes`: entity and id (ids are only unique per entity). */
export function outcomeKey(entity: string, id: string): string {
  return `${entity}:${id}`;
}

/** Per-record outcomes of a committed batch, keyed by `entity` then id (see `outcomeKey`). */
export interface LoadResult {
  readonly outcomes: ReadonlyMap<string, LoadOutcome>;
  /** Dry runs: the changed field names (never values) of each updated record, keyed like `outcomes`. */
  readonly changedFields?: ReadonlyMap<string, readonly string[]>;
  readonly byEntity: Readonly<Record<string, { inserted: number; updated: number; unchanged: number }>>;
}

/** What the ledger knows about a run when it resumes. */
export interface RunState {
  readonly runId: string;
  readonly status: 'running' | 'finished' | 'failed';
  /** Last committed checkpoint and cumulative counters per mapping. */
  readonly mappings: Readonly<Record<string, { checkpoint: ReadPosition | null; stats: StatsDelta; done: boolean }>>;
  /** The run's id scheme as the store recorded it (absent: the target records none; the run's own applies). */
  readonly idScheme?: IdScheme;
}

/** How a session of a run ended: `killed-or-unknown` when the next session found it never ended. */
export type SessionOutcome = 'finished' | 'failed' | 'cancelled' | 'killed-or-unknown';

/** One session (one process) of a run, as the ledger records it. */
export interface RunSession {
  /** 1 for the first session, counting up with each resume. */
  readonly session: number;
  readonly startedAt: string;
  /** Null while the session runs. */
  readonly endedAt: string | null;
  readonly outcome: SessionOutcome | null;
}

/** The checkpoint of one stage after the load: a resumed run does not repeat a `finished` stage. */
export interface StageCheckpoint {
  readonly stage: string;
  readonly status: 'started' | 'finished';
  /** The session that wrote the checkpoint. */
  readonly session: number;
  /** The stage's result as JSON text (null while it runs). */
  readonly summary: string | null;
}

/** The report detail of one committed batch with the record outcomes the target counted for it. */
export interface BatchDetailEntry {
  readonly mapping: string;
  /** `LoadBatch.detail` as committed. */
  readonly detail: string;
  /** Records per entity and outcome, as `LoadResult.byEntity`. */
  readonly records: LoadResult['byEntity'];
}

/** Identity of a run in the ledger. */
export interface RunInfo {
  readonly runId: string;
  readonly migration: string;
  /** BFS number of the run's commune. */
  readonly commune: number;
  readonly sourceSystem: string;
  readonly dryRun: boolean;
  /** Mapping name → version pinned by this run. */
  readonly mappingVersions: Readonly<Record<string, string>>;
  readonly startedAt: string;
  /** The id scheme asked for; absent: the one the tenant's earlier runs in the store recorded, else the default. */
  readonly idScheme?: IdScheme;
}

/** Totals computed in the target over canonical records of one source system. */
export interface TargetTotalsRequest {
  readonly entity: string;
  /** Only records of this commune are counted. */
  readonly commune: number;
  readonly sourceSystem: string;
  readonly yearField?: string;
  readonly sumFields?: readonly string[];
}

/** One group of target totals (sums in Rappen as decimal strings). */
export interface TargetTotalRow {
  readonly year: number | null;
  readonly count: number;
  readonly sums: Readonly<Record<string, string>>;
}

/** Options of `CanonicalTarget.readCaseBundles`. */
export interface CaseBundleReadOptions {
  /**
   * Read each record's `lineage` (default true). False leaves the property out: a SQL store keeps the
   * engine's lineage once, in the ledger, and rebuilds it per record with an index probe, which the
   * built-in case rules, never reading it, need not pay for.
   */
  readonly lineage?: boolean;
}

/** A stored record read back for hash reconciliation, with the hash its lineage recorded. */
export interface StoredRecord {
  readonly id: string;
  /** The record rebuilt from the target row (null when the lineage points at a missing row). */
  readonly record: Record<string, unknown> | null;
  /** Hash recorded in the lineage at load time. */
  readonly lineageHash: string;
  /** Hash stored on the row itself (null when the row is missing). */
  readonly rowHash: string | null;
}

/** What {@link CanonicalTarget.hashSuspects} found for one entity. */
export interface HashSuspects {
  /** Rows covered by the pass (the number `readBack` would yield). */
  readonly checked: number;
  /** The rows whose digest disagrees, as `readBack` yields them; null when there were too many to list. */
  readonly suspects: readonly StoredRecord[] | null;
}

/**
 * One case as read back from the target for the case-level rules: the case with its support units,
 * their members, the members' (and the case's) persons, and the case's bookings and budgets. Plain
 * canonical records; they stay in memory for the rules and never go into a report.
 */
export interface StoredCaseBundle {
  readonly case: Record<string, unknown>;
  readonly persons: readonly Record<string, unknown>[];
  readonly supportUnits: readonly Record<string, unknown>[];
  readonly supportUnitMembers: readonly Record<string, unknown>[];
  readonly bookings: readonly Record<string, unknown>[];
  readonly budgets: readonly Record<string, unknown>[];
  /** The case's dossier (`caseContainer`), when the case names one and the store has it. */
  readonly container?: Record<string, unknown> | null;
  /** Relations (`personRelation`) whose person is one of the bundle's persons. */
  readonly personRelations?: readonly Record<string, unknown>[];
}

/** SQL reads against a target's store (the shape of PGlite's and pg's `query`). */
export interface TargetQueryable {
  /** Runs one SQL statement with `$n` parameters and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** Why a record was tombstoned: missing from a full snapshot, or following a deleted parent. */
export type DeletionReason = 'snapshot' | 'cascade';

/** What `applyDeletions` is asked to do after a complete run. */
export interface DeletionRequest {
  readonly runId: string;
  readonly sourceSystem: string;
  /** The run's commune (BFS number): with `sourceSystem`, the tenant whose records can be tombstoned. */
  readonly commune: number;
  /** Entities whose producing mappings all read a full snapshot, with those mappings (lineage names). */
  readonly entities: readonly { readonly entity: string; readonly mappings: readonly string[] }[];
  /** References to follow: a live `entity` record whose `property` points at a tombstoned `parent` goes too (unless this run saw it). */
  readonly cascades: readonly { readonly entity: string; readonly property: string; readonly parent: string }[];
  /** Records tombstoned earlier in this run whose children the cascades follow too. */
  readonly seedParents?: readonly { readonly entity: string; readonly id: string }[];
  /**
   * Every mapping of the run that reads a full snapshot (its batches carry `LoadBatch.snapshot`): a
   * record whose lineage row this run wrote under one of them was seen by the run, so a target may
   * leave such records out of its own list of seen ids (the SQL targets' first-load path does).
   */
  readonly snapshotMappings: readonly string[];
  /**
   * The mass-deletion guard, asked per entity before anything is written: false → the target writes no
   * tombstone at all and `applyDeletions` throws RunError CB_DELETION_GUARD.
   */
  readonly allow: (entity: string, deletions: number, liveBefore: number) => boolean;
}

/** Tombstones one entity received. */
export interface EntityDeletions {
  readonly entity: string;
  /** Live records from this source system before the deletions. */
  readonly liveBefore: number;
  readonly snapshot: number;
  readonly cascade: number;
  /** Every tombstoned id (canonical ids are pseudonymous) with its reason, in id order. */
  readonly ids: readonly { readonly id: string; readonly reason: DeletionReason; readonly contentHash: string }[];
}

/** A canonical store or external import target. */
export interface CanonicalTarget {
  /** Stable target kind for reports (`postgres`, `pglite`, `citysoftnet-jsonl`). */
  readonly kind: string;
  /** Connects to the store; call before anything else. */
  open(): Promise<void>;
  /** Releases the connection; safe to call more than once. */
  close(): Promise<void>;
  /** Creates (or migrates) the canonical tables and the ledger. Idempotent. */
  ensureSchema(): Promise<void>;
  /** Registers a run, or returns the ledger state of an unfinished run with the same id to resume it. */
  beginRun(run: RunInfo): Promise<RunState>;
  /** Writes a batch and its ledger entries atomically (see the module comment). */
  commitBatch(batch: LoadBatch): Promise<LoadResult>;
  /**
   * True when `commitBatch` may be called again before the previous call resolved: the target then
   * commits the batches of one run and mapping in call order, one transaction after the other, and
   * fails (without writing) every batch of a mapping handed over after one that failed. The engine then
   * keeps two batches of a mapping at the target, so the target can prepare one while the other commits.
   * A wrapper that holds a call back while letting the next one through must not pass this on.
   */
  readonly orderedCommits?: boolean;
  /** Which of `ids` exist for `entity` (committed, or staged earlier in this dry run). */
  existingIds(entity: string, ids: readonly string[]): Promise<ReadonlySet<string>>;
  /**
   * Ids of records of `entity` whose `field` equals one of `values` (duplicate detection, e.g. vn).
   * With `commune`, only that commune's records (duplicate detection is per commune unless asked
   * canton-wide).
   */
  findByField(entity: string, field: string, values: readonly string[], commune?: number): Promise<readonly { id: string; value: string }[]>;
  /** Control totals over canonical records of the request's commune and source system. */
  totals(request: TargetTotalsRequest): Promise<readonly TargetTotalRow[]>;
  /** Streams every record the ledger's lineage says `tenant` (commune + source system) loaded for `entity`. */
  readBack(entity: string, tenant: Tenant, batchSize: number): AsyncIterableIterator<readonly StoredRecord[]>;
  /**
   * Optional ability: the run's records are loaded (called once per real-run session, before the
   * stages after the load read them back): the target may refresh what its query planner knows about
   * the tables of `entities`, which a bulk load has just filled.
   */
  afterLoad?(entities: readonly string[]): Promise<void>;
  /**
   * Optional ability: the hash witness in bulk. One pass in the store compares every row `readBack`
   * would yield with the digest its lineage row recorded at load time and returns how many rows it
   * covered plus, read back in full, only the suspects (digest, row hash or row differs, or no digest
   * recorded); `suspects` is null when more than `maxSuspects` disagree (then read everything back).
   */
  hashSuspects?(entity: string, tenant: Tenant, maxSuspects: number): Promise<HashSuspects>;
  /**
   * Streams the cases `tenant` loaded, in case-id order, `pageSize` cases per page, each with its
   * related records (see {@link StoredCaseBundle}); in a dry run it sees what the run staged. Optional:
   * a target without it gets no case-level checks.
   */
  readCaseBundles?(tenant: Tenant, pageSize: number, options?: CaseBundleReadOptions): AsyncIterableIterator<readonly StoredCaseBundle[]>;
  /**
   * Optional ability: the quarantine entries the ledger holds for `runId`, over every session of the
   * run; null when the ledger does not know the run. A target without it exports what a run saw.
   */
  quarantineEntries?(runId: string): Promise<QuarantineEntry[] | null>;
  /**
   * Optional ability: one page of the record notes (warnings, filtered rows) the ledger holds for
   * `runId`, in commit order after `after` (null: from the start), at most `limit`; null when the ledger
   * does not know the run. Paged, so that no reader holds a run's notes in memory.
   */
  recordNotes?(runId: string, after: string | null, limit: number): Promise<readonly StoredRecordNote[] | null>;
  /** Optional ability: the store for document contents (same database or a folder beside the records). */
  documentStore?(): DocumentStore;
  /**
   * Optional ability: SQL reads of the store as this run sees it (in a dry run: what it staged), for
   * post-load steps such as the statistics readiness. Read only.
   */
  runQueryable?(): TargetQueryable;
  /**
   * Tombstones the records of full-snapshot entities that this run did not see, then follows the
   * cascades (see {@link DeletionRequest}); a dry run stages them like its batches. Optional: a target
   * without it never deletes.
   */
  applyDeletions?(request: DeletionRequest): Promise<readonly EntityDeletions[]>;
  /** Live records of `entity` from `tenant` (tombstoned ones left out). Optional. */
  liveCount?(entity: string, tenant: Tenant): Promise<number>;
  /** Source rows each mapping delivered earlier whose records are still live (the mass-deletion guard's baseline). Optional. */
  deliveredRows?(tenant: Tenant, mappings: readonly string[]): Promise<Readonly<Record<string, number>>>;
  /**
   * Optional ability: opens the next session of `runId` (after `beginRun`), marking every earlier
   * session that never ended as `killed-or-unknown`; returns all sessions, the new one last.
   */
  beginSession?(runId: string, startedAt: string): Promise<readonly RunSession[]>;
  /** Optional ability: ends the open session of a run that stays unfinished (a cancel). */
  endSession?(runId: string, outcome: SessionOutcome): Promise<void>;
  /** Optional ability: the stage checkpoints the ledger holds for `runId`. */
  stageCheckpoints?(runId: string): Promise<readonly StageCheckpoint[]>;
  /** Optional ability: writes (replaces) the checkpoint of one stage. */
  saveStage?(runId: string, checkpoint: StageCheckpoint): Promise<void>;
  /** Optional ability: the report detail of every committed batch of `runId`, in commit order. */
  batchDetails?(runId: string): Promise<readonly BatchDetailEntry[]>;
  /** Optional ability: the report `finishRun` stored for `runId`, as the exact JSON text; null when none. */
  storedReport?(runId: string): Promise<string | null>;
  /**
   * Optional ability: the high-water marks of the delta mappings of `tenant` (see
   * {@link HighWaterMark}). A target without it has delta mappings read everything, every run.
   */
  highWaterMarks?(tenant: Tenant): Promise<readonly HighWaterMark[]>;
  /**
   * Marks the run finished (or failed) with its report (stored as JSON text, byte for byte) and ends
   * its open session with the same outcome; a dry run rolls everything back here. The delta mappings'
   * new `marks` are stored in the same transaction, and only for a `finished` real run, so a failed or
   * dry run never advances them.
   */
  finishRun(runId: string, status: 'finished' | 'failed', report: unknown, marks?: readonly HighWaterMark[]): Promise<void>;
}

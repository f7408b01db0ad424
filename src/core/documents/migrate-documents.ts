/**
 * Document transfer, a pipeline step after (or beside) `runMigration`: streams every referenced
 * document from its source into a document store, measuring SHA-256, size and media type on the way,
 * with bounded concurrency and memory independent of document size. A missing or empty document is
 * quarantined with a stable code and recorded in the store's ledger, never skipped silently.
 * Re-runs are idempotent (same digest → `unchanged`, bytes not rewritten); a resumed run skips what it
 * already stored; a dry run reads and measures everything and keeps nothing. Ends with reconciliation.
 *
 * Why a separate step rather than a stage inside `runMigration`: documents are keyed by canonical
 * document records, which must be committed first; the step reads them back from any target and can
 * be re-run alone (e.g. after the export folder was completed) without touching the records.
 */
import PQueue from 'p-queue';
import { ERROR_CODES, isCasebridgeError } from '../errors.js';
import type { DocumentContentSource, DocumentRef } from './document-content-source.js';
import type { DocumentIssueEntry, DocumentPutOutcome, DocumentStore, SealedDocument, StoredDocumentInfo } from './document-store.js';
import { DOCUMENT_ISSUE_CODES } from './document-issue-codes.js';
import { DigestTap } from './content-digest.js';
import { resolveMediaType } from './media-type.js';
import type { DocumentListEntry, DocumentsReport } from './documents-report.js';
import { reconcileDocuments, type DocumentWitness } from './reconcile-documents.js';

/** Options of {@link migrateDocuments}. */
export interface MigrateDocumentsOptions {
  /** Run id recorded with every stored document (use the migration's run id to tie both together). */
  readonly runId: string;
  readonly source: DocumentContentSource;
  readonly store: DocumentStore;
  /** The documents to transfer, e.g. `documentRefsFromTarget(target, sourceSystem)`. */
  readonly documents: AsyncIterable<DocumentRef> | Iterable<DocumentRef>;
  readonly dryRun?: boolean;
  /** Skip documents this run already stored (after an interruption). Default true. */
  readonly resume?: boolean;
  /** Documents in flight at once (default 4). Memory is about `concurrency ×` one chunk. */
  readonly concurrency?: number;
  /** Reconcile the store after the transfer (default true; never in a dry run). */
  readonly reconcile?: boolean;
  /** Most documents listed per report list (default 100; counts stay exact). */
  readonly listLimit?: number;
  readonly signal?: AbortSignal;
  /** Called after each document (a failing listener is ignored). */
  readonly onDocument?: (event: { readonly documentId: string; readonly outcome: DocumentOutcome }) => void;
}

/** What happened to one document. */
export type DocumentOutcome = Exclude<DocumentPutOutcome, 'abandoned'> | 'resumed' | 'quarantined' | 'failed';

/** References examined for resume at once. */
const DESCRIBE_BATCH = 200;

/** Transfers the documents and returns the `documents` report section (see `withDocumentsReport`). */
export async function migrateDocuments(options: MigrateDocumentsOptions): Promise<DocumentsReport> {
  const { source, store, runId } = options;
  const dryRun = options.dryRun ?? false;
  const resume = options.resume ?? true;
  const listLimit = options.listLimit ?? 100;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const tally = new Tally(listLimit);
  const witnesses: DocumentWitness[] = [];

  const transferOne = async (ref: DocumentRef, earlier: StoredDocumentInfo | undefined): Promise<DocumentOutcome> => {
    // Stored by an earlier session of this run: not copied again, but counted and reconciled with the
    // digest that session measured on the way in, so a resumed run reports what an uninterrupted one does.
    if (earlier !== undefined) {
      witnesses.push({
        documentId: ref.documentId,
        recordRef: ref.recordRef,
        sourceSha256: earlier.sha256,
        sourceByteSize: earlier.byteSize,
        ...expected(ref),
      });
      return tally.resumed(earlier);
    }
    let rejection: string | undefined;
    let sealed: SealedDocument | undefined;
    try {
      const content = await source.open(ref, options.signal);
      if (content === null) return tally.quarantine(ref, DOCUMENT_ISSUE_CODES.contentMissing, issues, runId, dryRun);
      const tap = new DigestTap();
      const outcome = await store.put({
        documentId: ref.documentId,
        runId,
        dryRun,
        content: tap.wrap(content),
        seal: () => {
          const d = tap.digest();
          rejection = contentRejection(ref, d.sha256, d.byteSize);
          if (rejection !== undefined) return null;
          const media = resolveMediaType(d.head, ref.declaredMediaType);
          sealed = {
            sha256: d.sha256,
            byteSize: d.byteSize,
            mediaType: media.mediaType,
            warnings: media.mismatch ? [DOCUMENT_ISSUE_CODES.mediaTypeMismatch] : [],
          };
          return sealed;
        },
      });
      if (outcome === 'abandoned' || sealed === undefined) {
        return tally.quarantine(ref, rejection ?? DOCUMENT_ISSUE_CODES.contentEmpty, issues, runId, dryRun);
      }
      witnesses.push({ documentId: ref.documentId, recordRef: ref.recordRef, sourceSha256: sealed.sha256, sourceByteSize: sealed.byteSize, ...expected(ref) });
      return tally.stored(outcome, sealed);
    } catch (error) {
      if (isCasebridgeError(error, ERROR_CODES.DOCUMENT_REF_INVALID)) return tally.quarantine(ref, DOCUMENT_ISSUE_CODES.refInvalid, issues, runId, dryRun);
      const code = isCasebridgeError(error) ? error.code : ERROR_CODES.INTERNAL;
      if (!dryRun) issues.push({ runId, documentId: ref.documentId, recordRef: ref.recordRef, code });
      return tally.fail(ref, code);
    }
  };
  const notify = (documentId: string, outcome: DocumentOutcome): void => {
    try {
      options.onDocument?.({ documentId, outcome });
    } catch {
      // A failing listener must not break the transfer.
    }
  };

  const issues: DocumentIssueEntry[] = [];
  const queue = new PQueue({ concurrency });
  const bugs: unknown[] = [];
  let cancelled = false;
  const flushIssues = async (): Promise<void> => {
    if (issues.length === 0 || dryRun) return;
    await store.recordIssues(issues.splice(0, issues.length));
  };

  let pending: DocumentRef[] = [];
  const dispatch = async (refs: DocumentRef[]): Promise<void> => {
    const stored: ReadonlyMap<string, StoredDocumentInfo> = resume && !dryRun ? await store.describe(refs.map((r) => r.documentId)) : new Map();
    for (const ref of refs) {
      await queue.onSizeLessThan(concurrency);
      if (options.signal?.aborted) {
        cancelled = true;
        return;
      }
      const info = stored.get(ref.documentId);
      const earlier = info?.runId === runId ? info : undefined;
      // transferOne turns every failure into an outcome; a rejection here would be a bug, kept visible.
      queue
        .add(async () => {
          // A document queued when the run was cancelled is not started (and not counted).
          if (options.signal?.aborted) return;
          tally.total += 1;
          notify(ref.documentId, await transferOne(ref, earlier));
        })
        .catch((error: unknown) => bugs.push(error));
    }
    await flushIssues();
  };
  for await (const ref of options.documents) {
    pending.push(ref);
    if (pending.length >= DESCRIBE_BATCH) {
      await dispatch(pending);
      pending = [];
    }
    if (cancelled) break;
  }
  if (!cancelled && pending.length > 0) await dispatch(pending);
  await queue.onIdle();
  if (bugs.length > 0) throw bugs[0];
  await flushIssues();
  if (options.signal?.aborted) cancelled = true;

  const reconcile = !dryRun && !cancelled && options.reconcile !== false;
  const reconciliation = reconcile ? await reconcileDocuments({ store, documents: witnesses, concurrency, listLimit }) : null;
  return tally.report({ dryRun, cancelled, source: source.kind, store: store.kind, reconciliation });
}

function expected(ref: DocumentRef): Pick<DocumentWitness, 'expectedSha256' | 'expectedByteSize'> {
  return {
    ...(ref.expectedSha256 !== undefined ? { expectedSha256: ref.expectedSha256 } : {}),
    ...(ref.expectedByteSize !== undefined ? { expectedByteSize: ref.expectedByteSize } : {}),
  };
}

/** Why a fully read content is not stored (checked before anything is kept). */
function contentRejection(ref: DocumentRef, sha256: string, byteSize: number): string | undefined {
  if (byteSize === 0) return DOCUMENT_ISSUE_CODES.contentEmpty;
  if (ref.expectedSha256 !== undefined && ref.expectedSha256.toLowerCase() !== sha256) return DOCUMENT_ISSUE_CODES.digestMismatch;
  if (ref.expectedByteSize !== undefined && ref.expectedByteSize !== byteSize) return DOCUMENT_ISSUE_CODES.sizeMismatch;
  return undefined;
}

/** Counters and bounded lists of one transfer. */
class Tally {
  readonly #limit: number;
  total = 0;
  readonly outcomes = { inserted: 0, updated: 0, unchanged: 0, resumed: 0, quarantined: 0, failed: 0 };
  readonly quarantinedByCode = new Map<string, number>();
  readonly failedByCode = new Map<string, number>();
  readonly warningsByCode = new Map<string, number>();
  readonly byMediaType = new Map<string, number>();
  warnings = 0;
  totalBytes = 0;
  readonly quarantineList: DocumentListEntry[] = [];
  readonly failureList: DocumentListEntry[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Counts one finished document (`total` counts started ones: the two must balance). */
  count(outcome: DocumentOutcome): DocumentOutcome {
    this.outcomes[outcome] += 1;
    return outcome;
  }

  stored(outcome: 'inserted' | 'updated' | 'unchanged', sealed: SealedDocument): DocumentOutcome {
    this.count(outcome);
    this.totalBytes += sealed.byteSize;
    bump(this.byMediaType, sealed.mediaType);
    if (sealed.warnings.length > 0) this.warnings += 1;
    for (const code of sealed.warnings) bump(this.warningsByCode, code);
    return outcome;
  }

  /** A document an earlier session of the run stored: counted as transferred, with its recorded size and type. */
  resumed(info: StoredDocumentInfo): DocumentOutcome {
    this.count('resumed');
    this.totalBytes += info.byteSize;
    bump(this.byMediaType, info.mediaType);
    return 'resumed';
  }

  quarantine(ref: DocumentRef, code: string, issues: DocumentIssueEntry[], runId: string, dryRun: boolean): DocumentOutcome {
    bump(this.quarantinedByCode, code);
    if (this.quarantineList.length < this.#limit) this.quarantineList.push({ documentId: ref.documentId, recordRef: ref.recordRef, code });
    if (!dryRun) issues.push({ runId, documentId: ref.documentId, recordRef: ref.recordRef, code });
    return this.count('quarantined');
  }

  fail(ref: DocumentRef, code: string): DocumentOutcome {
    bump(this.failedByCode, code);
    if (this.failureList.length < this.#limit) this.failureList.push({ documentId: ref.documentId, recordRef: ref.recordRef, code });
    return this.count('failed');
  }

  report(args: { dryRun: boolean; cancelled: boolean; source: string; store: string; reconciliation: DocumentsReport['reconciliation'] }): DocumentsReport {
    const o = this.outcomes;
    const accounted = o.inserted + o.updated + o.unchanged + o.resumed + o.quarantined + o.failed;
    const failed = o.failed > 0 || args.reconciliation?.status === 'failed';
    const status: DocumentsReport['status'] = args.cancelled
      ? 'cancelled'
      : failed
        ? 'failed'
        : o.quarantined > 0 || this.warnings > 0
          ? 'passed_with_warnings'
          : 'passed';
    return {
      status,
      dryRun: args.dryRun,
      source: args.source,
      store: args.store,
      total: this.total,
      // Every document this run wrote, in any session (`resumed`: of those, written by an earlier one).
      transferred: o.inserted + o.updated + o.resumed,
      inserted: o.inserted,
      updated: o.updated,
      unchanged: o.unchanged,
      resumed: o.resumed,
      missing: this.quarantinedByCode.get(DOCUMENT_ISSUE_CODES.contentMissing) ?? 0,
      quarantined: o.quarantined,
      quarantinedByCode: sorted(this.quarantinedByCode),
      failed: o.failed,
      failedByCode: sorted(this.failedByCode),
      warnings: this.warnings,
      warningsByCode: sorted(this.warningsByCode),
      totalBytes: this.totalBytes,
      byMediaType: sorted(this.byMediaType),
      balanced: accounted === this.total,
      quarantine: [...this.quarantineList].sort(byRef),
      failures: [...this.failureList].sort(byRef),
      reconciliation: args.reconciliation,
    };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sorted(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
}

function byRef(a: DocumentListEntry, b: DocumentListEntry): number {
  return a.recordRef.localeCompare(b.recordRef) || a.documentId.localeCompare(b.documentId);
}

/**
 * Document reconciliation: every document is read back from the store chunk by chunk and rehashed,
 * and the result must agree with (1) the digest the store recorded, (2) the digest measured while
 * the bytes left the source and (3) the digest the mapping supplied, where it did. Optionally the
 * source is read once more as an independent witness. Mismatches are listed by pseudonymous reference.
 */
import PQueue from 'p-queue';
import { digestContent } from './content-digest.js';
import type { DocumentContentSource, DocumentRef } from './document-content-source.js';
import type { DocumentStore } from './document-store.js';
import type { DocumentMismatchReason, DocumentReconciliationReport } from './documents-report.js';

/** What is known about one document before it is read back. */
export interface DocumentWitness {
  readonly documentId: string;
  readonly recordRef: string;
  /** Measured at the source during transfer. */
  readonly sourceSha256?: string;
  readonly sourceByteSize?: number;
  /** Supplied by the mapping (legacy checksum, canonical record's `sha256`/`byteSize`). */
  readonly expectedSha256?: string;
  readonly expectedByteSize?: number;
}

/** Options of {@link reconcileDocuments}. */
export interface ReconcileDocumentsOptions {
  readonly store: DocumentStore;
  readonly documents: AsyncIterable<DocumentWitness> | Iterable<DocumentWitness>;
  /**
   * Re-read each document from this source and compare too (an independent source witness; doubles
   * the reading). The witness's `documentId`/`recordRef` are passed on as the reference, so the source
   * needs a full `DocumentRef`: pass refs (a `DocumentRef` is a valid witness) when using this.
   */
  readonly source?: DocumentContentSource;
  readonly concurrency?: number;
  readonly listLimit?: number;
}

const DESCRIBE_BATCH = 200;

/** Reconciles stored documents; see the module comment. */
export async function reconcileDocuments(options: ReconcileDocumentsOptions): Promise<DocumentReconciliationReport> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const limit = options.listLimit ?? 100;
  const queue = new PQueue({ concurrency });
  const mismatched: { documentId: string; recordRef: string; reasons: DocumentMismatchReason[] }[] = [];
  const missing: { documentId: string; recordRef: string }[] = [];
  let mismatchedCount = 0;
  let missingCount = 0;
  let checked = 0;
  let bytesChecked = 0;

  const checkOne = async (w: DocumentWitness, stored: { sha256: string; byteSize: number } | undefined): Promise<void> => {
    const content = stored === undefined ? null : await options.store.read(w.documentId);
    if (stored === undefined || content === null) {
      missingCount += 1;
      if (missing.length < limit) missing.push({ documentId: w.documentId, recordRef: w.recordRef });
      return;
    }
    const actual = await digestContent(content);
    checked += 1;
    bytesChecked += actual.byteSize;
    const reasons: DocumentMismatchReason[] = [];
    if (actual.sha256 !== stored.sha256) reasons.push('stored-sha256');
    if (actual.byteSize !== stored.byteSize) reasons.push('stored-size');
    if (w.sourceSha256 !== undefined && actual.sha256 !== w.sourceSha256) reasons.push('source-sha256');
    if (w.sourceByteSize !== undefined && actual.byteSize !== w.sourceByteSize) reasons.push('source-size');
    if (w.expectedSha256 !== undefined && actual.sha256 !== w.expectedSha256.toLowerCase()) reasons.push('expected-sha256');
    if (w.expectedByteSize !== undefined && actual.byteSize !== w.expectedByteSize) reasons.push('expected-size');
    if (options.source !== undefined) {
      const again = await options.source.open(w as DocumentRef);
      const fromSource = again === null ? null : await digestContent(again);
      if (fromSource === null || fromSource.sha256 !== actual.sha256) reasons.push('source-sha256');
      if (fromSource === null || fromSource.byteSize !== actual.byteSize) reasons.push('source-size');
    }
    if (reasons.length > 0) {
      mismatchedCount += 1;
      if (mismatched.length < limit) mismatched.push({ documentId: w.documentId, recordRef: w.recordRef, reasons: [...new Set(reasons)] });
    }
  };

  const errors: unknown[] = [];
  const dispatch = async (batch: DocumentWitness[]): Promise<void> => {
    const stored = await options.store.describe(batch.map((w) => w.documentId));
    for (const w of batch) {
      await queue.onSizeLessThan(concurrency);
      queue.add(() => checkOne(w, stored.get(w.documentId))).catch((error: unknown) => errors.push(error));
    }
  };
  let pending: DocumentWitness[] = [];
  for await (const w of options.documents) {
    pending.push(w);
    if (pending.length >= DESCRIBE_BATCH) {
      await dispatch(pending);
      pending = [];
    }
  }
  if (pending.length > 0) await dispatch(pending);
  await queue.onIdle();
  // A store that cannot be read is not a passed reconciliation: the error surfaces to the caller.
  if (errors.length > 0) throw errors[0];

  mismatched.sort((a, b) => a.recordRef.localeCompare(b.recordRef));
  missing.sort((a, b) => a.recordRef.localeCompare(b.recordRef));
  return {
    status: mismatchedCount === 0 && missingCount === 0 ? 'passed' : 'failed',
    checked,
    matched: checked - mismatchedCount,
    mismatchedCount,
    missingCount,
    mismatched,
    missing,
    bytesChecked,
  };
}

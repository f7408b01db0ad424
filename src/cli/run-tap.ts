/**
 * Watches what a CLI run commits, without changing it: the quarantine entries of every committed batch
 * (for the quarantine export, also of a dry run, whose ledger is rolled back) and, in a dry run, the
 * document records (so the document step can rehearse on exactly the records the run staged). Wraps
 * the target's `commitBatch` on the instance; entries are recorded only once the batch committed.
 */
import type { DocumentRef } from '../core/documents/document-content-source.js';
import { documentRefFromRecord, type DocumentRecordFields } from '../core/documents/document-refs.js';
import type { PseudonymKey } from '../core/pseudonyms/pseudonym-key.js';
import type { CanonicalTarget, LoadBatch, LoadResult, QuarantineEntry } from '../core/pipeline/canonical-target.js';

/** What a tapped run committed. */
export interface RunTap {
  readonly quarantine: readonly QuarantineEntry[];
  /** Document records committed (collected only when asked for). */
  readonly documentRefs: readonly DocumentRef[];
  /** Restores the target's own `commitBatch`. */
  remove(): void;
}

/** Taps `target.commitBatch`; `documents` also collects the committed document records' references. */
export function tapRun(target: CanonicalTarget, options: { readonly documents: boolean; readonly pseudonymKey: PseudonymKey }): RunTap {
  const quarantine: QuarantineEntry[] = [];
  const documentRefs: DocumentRef[] = [];
  const writable = target as { commitBatch: (batch: LoadBatch) => Promise<LoadResult> };
  const hadOwn = Object.prototype.hasOwnProperty.call(target, 'commitBatch');
  const original = writable.commitBatch;
  writable.commitBatch = async (batch: LoadBatch): Promise<LoadResult> => {
    const result = await original.call(target, batch);
    quarantine.push(...batch.quarantine);
    if (options.documents) {
      for (const r of batch.records) if (r.entity === 'document') documentRefs.push(documentRefFromRecord({ ...(r.record as unknown as DocumentRecordFields), id: r.id, lineage: r.lineage }, options.pseudonymKey));
    }
    return result;
  };
  return {
    quarantine,
    documentRefs,
    remove: () => {
      if (hadOwn) writable.commitBatch = original;
      else delete (target as { commitBatch?: unknown }).commitBatch;
    },
  };
}

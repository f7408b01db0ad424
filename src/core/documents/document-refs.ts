/**
 * Document references from canonical `document` records: what the transfer needs (id, pseudonymous
 * reference, content reference, lineage key, declared type, expected digest) and nothing personal
 * (the title never leaves the record).
 */
import type { CanonicalTarget } from '../pipeline/canonical-target.js';
import type { Tenant } from '../pipeline/tenant.js';
import { sourceRecordRef } from '../pipeline/identity.js';
import type { PseudonymKey } from '../pseudonyms/pseudonym-key.js';
import type { DocumentRef } from './document-content-source.js';

/** The fields of a canonical document record the transfer reads. */
export interface DocumentRecordFields {
  readonly id: string;
  readonly contentRef?: string;
  readonly mediaType?: string;
  readonly sha256?: string;
  readonly byteSize?: number;
  readonly lineage?: { readonly sourceSystem: string; readonly sourceTable: string; readonly sourceKey: string; readonly mapping?: string };
}

/**
 * The transfer reference of one canonical document record. `recordRef` is the pseudonymous reference
 * of its source row (`document:<16 hex>`, keyed by `key`), or of its canonical id when it has no lineage.
 */
export function documentRefFromRecord(record: DocumentRecordFields, key: PseudonymKey): DocumentRef {
  const lineage = record.lineage;
  const recordRef =
    lineage !== undefined
      ? sourceRecordRef('document', lineage.sourceSystem, lineage.sourceTable, lineage.sourceKey, key)
      : sourceRecordRef('document', 'canonical', 'document', record.id, key);
  return {
    documentId: record.id,
    recordRef,
    ...(record.contentRef !== undefined ? { contentRef: record.contentRef } : {}),
    ...(lineage !== undefined ? { sourceTable: lineage.sourceTable, sourceKey: lineage.sourceKey } : {}),
    ...(record.mediaType !== undefined ? { declaredMediaType: record.mediaType } : {}),
    ...(record.sha256 !== undefined ? { expectedSha256: record.sha256 } : {}),
    ...(record.byteSize !== undefined ? { expectedByteSize: record.byteSize } : {}),
  };
}

/**
 * Streams the references of every canonical `document` record the target holds for `tenant`
 * (through the target's read-back, so it works for every target), page by page.
 */
export async function* documentRefsFromTarget(target: CanonicalTarget, tenant: Tenant, key: PseudonymKey, batchSize = 500): AsyncGenerator<DocumentRef> {
  for await (const page of target.readBack('document', tenant, batchSize)) {
    for (const stored of page) {
      if (stored.record === null) continue;
      yield documentRefFromRecord(stored.record as unknown as DocumentRecordFields, key);
    }
  }
}

/**
 * The `documents` section of the run report: what document transfer did and whether reconciliation
 * proved every document arrived byte for byte. Codes, counts, canonical ids and pseudonymous
 * references only.
 */

/** One document listed in the report (by id and pseudonymous reference) with the code concerned. */
export interface DocumentListEntry {
  readonly documentId: string;
  readonly recordRef: string;
  readonly code: string;
}

/** Why a stored document failed reconciliation. */
export type DocumentMismatchReason = 'stored-sha256' | 'stored-size' | 'source-sha256' | 'source-size' | 'expected-sha256' | 'expected-size';

/** Reconciliation of stored documents against the digests measured at the source (and the mapping's). */
export interface DocumentReconciliationReport {
  readonly status: 'passed' | 'failed';
  /** Documents read back from the store and rehashed. */
  readonly checked: number;
  readonly matched: number;
  readonly mismatchedCount: number;
  /** Documents the store should hold but does not. */
  readonly missingCount: number;
  /** At most the list limit; the counts are exact. */
  readonly mismatched: readonly { readonly documentId: string; readonly recordRef: string; readonly reasons: readonly DocumentMismatchReason[] }[];
  readonly missing: readonly { readonly documentId: string; readonly recordRef: string }[];
  /** Bytes read back from the store. */
  readonly bytesChecked: number;
}

/** Outcome of one document transfer step. */
export interface DocumentsReport {
  readonly status: 'passed' | 'passed_with_warnings' | 'failed' | 'cancelled';
  readonly dryRun: boolean;
  readonly source: string;
  readonly store: string;
  /** Documents started (every one referenced, unless the step was cancelled). */
  readonly total: number;
  /** Written by this run, in any of its sessions (`inserted + updated + resumed`). */
  readonly transferred: number;
  readonly inserted: number;
  readonly updated: number;
  /** Already stored with the same digest; not rewritten. */
  readonly unchanged: number;
  /** Of `transferred`: stored by an earlier session of this run, not copied again (counted with its recorded digest). */
  readonly resumed: number;
  /** Source had no content (a subset of `quarantined`). */
  readonly missing: number;
  readonly quarantined: number;
  readonly quarantinedByCode: Readonly<Record<string, number>>;
  /** Transfer failed for a technical reason (error code), e.g. the store was unreachable. */
  readonly failed: number;
  readonly failedByCode: Readonly<Record<string, number>>;
  /** Documents stored with at least one warning. */
  readonly warnings: number;
  readonly warningsByCode: Readonly<Record<string, number>>;
  /** Bytes of the documents stored or confirmed by this run (earlier sessions' with their recorded size). */
  readonly totalBytes: number;
  /** Documents stored by this run, by recorded media type. */
  readonly byMediaType: Readonly<Record<string, number>>;
  /** `total = transferred + unchanged + quarantined + failed` (+ not reached when cancelled). */
  readonly balanced: boolean;
  /** At most the list limit; the counts are exact. */
  readonly quarantine: readonly DocumentListEntry[];
  readonly failures: readonly DocumentListEntry[];
  /** Null in a dry run or when reconciliation was switched off. */
  readonly reconciliation: DocumentReconciliationReport | null;
}

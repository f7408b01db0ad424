/**
 * The target side of document transfer: a document store keeps each document's bytes under its
 * canonical id, with the SHA-256, size and media type measured on the way in. Implementations:
 * `SqlDocumentStore` (PostgreSQL, PGlite) and `FolderDocumentStore` (a `documents/` folder beside a
 * file export), both in `targets/documents`.
 */
import type { DocumentContent } from './document-content-source.js';

/** What a store knows about one stored document. */
export interface StoredDocumentInfo {
  readonly documentId: string;
  readonly sha256: string;
  readonly byteSize: number;
  readonly mediaType: string;
  /** Run that last wrote or confirmed the document (resume skips documents of the same run). */
  readonly runId: string;
}

/** Digest and type of a fully read document, handed to the store once the content is consumed. */
export interface SealedDocument {
  readonly sha256: string;
  readonly byteSize: number;
  readonly mediaType: string;
  /** Warning issue codes recorded with the document (e.g. a media-type mismatch). */
  readonly warnings: readonly string[];
}

/** One write into a store. */
export interface DocumentPut {
  readonly documentId: string;
  readonly runId: string;
  /** The content; the store consumes it exactly once, chunk by chunk. */
  readonly content: DocumentContent;
  /**
   * Called once the content is consumed: the digest to record, or `null` to abandon the write (the
   * transfer found the content unacceptable, e.g. empty). Nothing of an abandoned write remains.
   */
  readonly seal: () => SealedDocument | null;
  /** Dry run: consume and check everything, keep nothing. */
  readonly dryRun: boolean;
}

/**
 * Outcome of a put: `inserted` (new), `updated` (content changed), `unchanged` (same digest as stored;
 * the bytes are not rewritten), `abandoned` (seal returned null).
 */
export type DocumentPutOutcome = 'inserted' | 'updated' | 'unchanged' | 'abandoned';

/** A document quarantined or failed by a run, as the store's ledger keeps it: codes only. */
export interface DocumentIssueEntry {
  readonly runId: string;
  readonly documentId: string;
  readonly recordRef: string;
  readonly code: string;
}

/** Where transferred documents are kept. */
export interface DocumentStore {
  /** Stable kind for reports (`postgres`, `pglite`, `folder`). */
  readonly kind: string;
  /** Opens the store (creates its tables or folder when missing). */
  open(): Promise<void>;
  /** Closes the store; safe to call more than once. */
  close(): Promise<void>;
  /** Creates the store's tables or folders. Idempotent. */
  ensureSchema(): Promise<void>;
  /** Stored digests of those of `documentIds` the store holds. */
  describe(documentIds: readonly string[]): Promise<ReadonlyMap<string, StoredDocumentInfo>>;
  /** Writes one document atomically: all of it with its digest, or nothing. */
  put(put: DocumentPut): Promise<DocumentPutOutcome>;
  /** Streams a stored document back chunk by chunk; `null` when the store does not hold it. */
  read(documentId: string): Promise<DocumentContent | null>;
  /** Records quarantined documents of a run in the store's ledger (replacing the run's earlier entries for them). */
  recordIssues(entries: readonly DocumentIssueEntry[]): Promise<void>;
}

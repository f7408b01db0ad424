/**
 * The source side of document transfer: where a document's bytes come from. Core knows only this
 * interface; the implementations live beside their connectors (an export folder in
 * `connectors/files`, BLOB columns in `connectors/postgres|mysql|mssql`) and never load a whole
 * document into memory.
 */

/** One document to transfer, as the canonical `document` record describes it. No personal data. */
export interface DocumentRef {
  /** Canonical id of the document record; the key of its content in every document store. */
  readonly documentId: string;
  /** Pseudonymous reference used in reports, errors and the ledger. */
  readonly recordRef: string;
  /** `contentRef` of the record: a path relative to an export folder, or another source-specific reference. */
  readonly contentRef?: string;
  /** Source table of the record's lineage. */
  readonly sourceTable?: string;
  /** Technical source key of the record's lineage (composite keys joined with `|`). */
  readonly sourceKey?: string;
  /** Media type the metadata declares; a hint, checked against the content's magic bytes. */
  readonly declaredMediaType?: string;
  /** SHA-256 (lower-case hex) the mapping supplies, e.g. a checksum the legacy system kept. */
  readonly expectedSha256?: string;
  /** Size in bytes the mapping supplies. */
  readonly expectedByteSize?: number;
}

/** A document's content as a stream of byte chunks (each chunk bounded; never the whole file at once). */
export type DocumentContent = AsyncIterable<Uint8Array>;

/** Opens document contents for reading. */
export interface DocumentContentSource {
  /** Stable kind for reports (`folder`, `postgres-blob`, `mysql-blob`, `mssql-blob`). */
  readonly kind: string;
  /**
   * Opens one document's content. Resolves `null` when the source has no content for the reference
   * (missing file, no row, NULL BLOB): the transfer quarantines it. Throws a `DocumentError`
   * (`CB_DOCUMENT_REF_INVALID`) for an unusable reference (a path escaping the export folder).
   */
  open(ref: DocumentRef, signal?: AbortSignal): Promise<DocumentContent | null>;
  /** Releases what the source holds (it never closes a caller's own driver). */
  close?(): Promise<void>;
}

/** Which table, column and key hold documents stored in the source database (`Connector.createDocumentSource`). */
export interface DocumentSourceSpec {
  /** Table holding the content (bare or schema-qualified as the connector accepts it). */
  readonly table: string;
  /** The BLOB column (`bytea`, `LONGBLOB`, `varbinary(max)`). */
  readonly contentColumn: string;
  /** Key columns identifying one row. */
  readonly keyColumns: readonly string[];
  /** Bytes per chunk statement (default 1 MiB). */
  readonly chunkSize?: number;
  /**
   * Key values of a document's row. Default: the lineage `sourceKey` split at `|` (how the engine joins
   * composite keys), which fits when the document records are mapped from this very table.
   */
  readonly keyOf?: (ref: DocumentRef) => readonly (string | number)[] | undefined;
}

/**
 * Document contents from a BLOB column, read in chunks (`SUBSTRING` per dialect) so that a document is
 * never held whole in memory: first the content's length, then one statement per chunk, keyed by the
 * table's key columns. The dialects differ only in their statements (`BlobStatements`); each connector
 * builds them (`postgresBlobStatements`, `mysqlBlobStatements`, `mssqlBlobStatements`).
 *
 * Consistency: the length is read first and every chunk must arrive at its full expected length; a row
 * changed or deleted between chunks fails the document (`CB_DOCUMENT_READ_FAILED`) instead of storing a
 * spliced content. Sources are read while the legacy system is frozen, so this is the safety net.
 */
import type { SourceRow } from '../../core/connector/source-value.js';
import type { DocumentContent, DocumentContentSource, DocumentRef, DocumentSourceSpec } from '../../core/documents/document-content-source.js';
import { CancelledError, ConfigurationError, DocumentError, ERROR_CODES } from '../../core/errors.js';

/** Which table, column and key hold the documents (the connector ability's spec, declared in core). */
export type BlobDocumentSourceConfig = DocumentSourceSpec;

/** The two statements of a dialect; parameters in the order the builders return them. */
export interface BlobStatements {
  /** One row with column `n`: the content's length in bytes (NULL for a NULL BLOB); no row when the key is unknown. */
  readonly length: string;
  /** One row with column `chunk`: bytes from 1-based `offset`, at most `length` of them. */
  readonly chunk: string;
  /** Parameters of the length statement for one document key. */
  lengthParams(key: readonly (string | number)[]): unknown[];
  /** Parameters of the chunk statement: key, 1-based byte offset, chunk length. */
  chunkParams(key: readonly (string | number)[], offset: number, length: number): unknown[];
}

/** Runs one statement on the source. */
export type BlobQuery = (sql: string, params: readonly unknown[]) => Promise<{ rows: readonly SourceRow[] }>;

const DEFAULT_CHUNK = 1 << 20;

/** Validates a blob config (shared by the dialects). */
export function checkBlobConfig(config: BlobDocumentSourceConfig): void {
  if (config.table.trim() === '' || config.contentColumn.trim() === '' || config.keyColumns.length === 0) {
    throw new ConfigurationError('A BLOB document source needs a table, a content column and at least one key column.', { details: { table: config.table } });
  }
  if (config.chunkSize !== undefined && (!Number.isInteger(config.chunkSize) || config.chunkSize < 1)) {
    throw new ConfigurationError('The chunk size of a BLOB document source must be a positive integer.', { details: { chunkSize: config.chunkSize } });
  }
}

/** A `DocumentContentSource` over a BLOB column, for any dialect given its statements. */
export class SqlBlobDocumentSource implements DocumentContentSource {
  readonly kind: string;
  readonly #query: BlobQuery;
  readonly #statements: BlobStatements;
  readonly #config: BlobDocumentSourceConfig;
  readonly #chunkSize: number;

  constructor(kind: string, query: BlobQuery, statements: BlobStatements, config: BlobDocumentSourceConfig) {
    checkBlobConfig(config);
    this.kind = kind;
    this.#query = query;
    this.#statements = statements;
    this.#config = config;
    this.#chunkSize = config.chunkSize ?? DEFAULT_CHUNK;
  }

  async open(ref: DocumentRef, signal?: AbortSignal): Promise<DocumentContent | null> {
    const key = this.#keyOf(ref);
    const { rows } = await this.#run(ref, this.#statements.length, this.#statements.lengthParams(key));
    const raw = rows[0]?.['n'];
    if (rows.length === 0 || raw === null || raw === undefined) return null;
    const length = Number(raw);
    if (!Number.isSafeInteger(length) || length < 0) throw readFailed(ref, 'length');
    return this.#chunks(ref, key, length, signal);
  }

  async *#chunks(ref: DocumentRef, key: readonly (string | number)[], length: number, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
    for (let offset = 0; offset < length; offset += this.#chunkSize) {
      if (signal?.aborted) throw new CancelledError(undefined, { details: { recordRef: ref.recordRef } });
      const want = Math.min(this.#chunkSize, length - offset);
      const { rows } = await this.#run(ref, this.#statements.chunk, this.#statements.chunkParams(key, offset + 1, want));
      const chunk = rows[0]?.['chunk'];
      if (!(chunk instanceof Uint8Array) || chunk.length !== want) throw readFailed(ref, 'chunk');
      yield chunk;
    }
  }

  #keyOf(ref: DocumentRef): readonly (string | number)[] {
    const key = this.#config.keyOf !== undefined ? this.#config.keyOf(ref) : ref.sourceKey?.split('|');
    if (key === undefined || key.length !== this.#config.keyColumns.length) {
      throw new DocumentError(`Document ${ref.recordRef} has no key matching the BLOB table's key columns.`, {
        code: ERROR_CODES.DOCUMENT_REF_INVALID,
        details: { recordRef: ref.recordRef, documentId: ref.documentId, keyColumns: this.#config.keyColumns.length },
      });
    }
    return key;
  }

  async #run(ref: DocumentRef, sql: string, params: unknown[]): Promise<{ rows: readonly SourceRow[] }> {
    try {
      return await this.#query(sql, params);
    } catch (error) {
      // Driver errors are already CasebridgeErrors (QueryError, ConnectionError): keep their code.
      if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('CB_')) throw error;
      throw readFailed(ref, 'query', error);
    }
  }
}

function readFailed(ref: DocumentRef, stage: string, cause?: unknown): DocumentError {
  return new DocumentError(
    `Reading the BLOB of document ${ref.recordRef} failed (${stage}): the row changed or vanished during the read, or the query failed.`,
    {
      code: ERROR_CODES.DOCUMENT_READ_FAILED,
      ...(cause === undefined ? {} : { cause }),
      details: { recordRef: ref.recordRef, documentId: ref.documentId, stage },
    },
  );
}

/** `WHERE k1 = p1 AND k2 = p2` from quoted key columns and placeholders. */
export function keyPredicate(quotedKeys: readonly string[], placeholder: (i: number) => string, first = 1): string {
  return quotedKeys.map((k, i) => `${k} = ${placeholder(first + i)}`).join(' AND ');
}

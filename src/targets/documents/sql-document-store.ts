/**
 * The document store of the PostgreSQL and PGlite targets: chunks in `cb_document_content`, digest and
 * media type in `cb_document`, quarantined documents in `cb_document_issue` (see `document-store-ddl.ts`
 * for why chunks and not large objects). One document is one transaction: its old chunks go, the new
 * ones stream in, the digest row is upserted, then COMMIT, so an interruption leaves the previous
 * version or the new one, never a mixture. A dry run does the same work and rolls it back.
 */
import { rechunk } from '../../core/documents/content-digest.js';
import type { DocumentContent } from '../../core/documents/document-content-source.js';
import type { DocumentIssueEntry, DocumentPut, DocumentPutOutcome, DocumentStore, StoredDocumentInfo } from '../../core/documents/document-store.js';
import { ConfigurationError } from '../../core/errors.js';
import { translateDatabaseError } from '../shared/database-errors.js';
import type { SqlSession, TargetConnection } from '../shared/sql-session.js';
import { DOCUMENT_STORE_DDL, DOCUMENT_TABLES } from './document-store-ddl.js';
import { dropDocumentContentHistory, saveDocumentHistory } from '../shared/run-history-sql.js';

/** Options of {@link SqlDocumentStore}. */
export interface SqlDocumentStoreOptions {
  /** Bytes per stored chunk (default 1 MiB). */
  readonly chunkSize?: number;
  /**
   * True when the store opens and closes the connection itself (the factories); false when it shares
   * the connection of an open target (`target.documentStore()`), whose owner opens and closes it.
   */
  readonly ownsConnection?: boolean;
}

/** Default bytes per chunk row. */
export const DEFAULT_DOCUMENT_CHUNK_SIZE = 1 << 20;

/** Ends a transaction by rolling back while still reporting an outcome (abandoned puts, dry runs). */
class RollbackWith {
  constructor(readonly outcome: DocumentPutOutcome) {}
}

/** A `DocumentStore` in the canonical store's database. */
export class SqlDocumentStore implements DocumentStore {
  readonly kind: string;
  readonly #connection: TargetConnection;
  readonly #chunkSize: number;
  readonly #owns: boolean;

  constructor(connection: TargetConnection, options: SqlDocumentStoreOptions = {}) {
    const chunkSize = options.chunkSize ?? DEFAULT_DOCUMENT_CHUNK_SIZE;
    if (!Number.isInteger(chunkSize) || chunkSize < 1)
      throw new ConfigurationError('The document chunk size must be a positive integer.', { details: { chunkSize } });
    this.kind = connection.kind;
    this.#connection = connection;
    this.#chunkSize = chunkSize;
    this.#owns = options.ownsConnection ?? true;
  }

  async open(): Promise<void> {
    if (!this.#owns) return;
    try {
      await this.#connection.open();
    } catch (error) {
      throw translateDatabaseError(error, 'open document store');
    }
  }

  async close(): Promise<void> {
    if (this.#owns) await this.#connection.close();
  }

  async ensureSchema(): Promise<void> {
    await this.#guard('ensure document schema', () =>
      this.#connection.transaction(async (session) => {
        for (const statement of DOCUMENT_STORE_DDL) await session.query(statement);
      }),
    );
  }

  async describe(documentIds: readonly string[]): Promise<ReadonlyMap<string, StoredDocumentInfo>> {
    if (documentIds.length === 0) return new Map();
    const rows = await this.#guard('describe documents', () =>
      this.#connection.withSession((s) =>
        s.query<{ document_id: string; sha256: string; byte_size: string; media_type: string; run_id: string }>(
          `SELECT document_id::text AS document_id, sha256, byte_size::text AS byte_size, media_type, run_id::text AS run_id
             FROM ${DOCUMENT_TABLES.document} WHERE document_id = ANY($1::uuid[])`,
          [documentIds],
        ),
      ),
    );
    return new Map(
      rows.rows.map((r) => [
        r.document_id,
        { documentId: r.document_id, sha256: r.sha256, byteSize: Number(r.byte_size), mediaType: r.media_type, runId: r.run_id },
      ]),
    );
  }

  async put(put: DocumentPut): Promise<DocumentPutOutcome> {
    try {
      return await this.#connection.transaction((session) => this.#write(session, put));
    } catch (error) {
      if (error instanceof RollbackWith) return error.outcome;
      throw translateDatabaseError(error, 'store document');
    }
  }

  async #write(s: SqlSession, put: DocumentPut): Promise<DocumentPutOutcome> {
    const id = put.documentId;
    const prev = (
      await s.query<{ sha256: string; byte_size: string; run_id: string }>(
        `SELECT sha256, byte_size::text AS byte_size, run_id::text AS run_id FROM ${DOCUMENT_TABLES.document} WHERE document_id = $1 FOR UPDATE`,
        [id],
      )
    ).rows[0];
    // A real run keeps the version it replaces, for `rollback` (once per run and document).
    const keep = prev !== undefined && prev.run_id !== put.runId && !put.dryRun;
    if (keep) await saveDocumentHistory(s, put.runId, id);
    await s.query(`DELETE FROM ${DOCUMENT_TABLES.content} WHERE document_id = $1`, [id]);
    let chunks = 0;
    for await (const chunk of rechunk(put.content, this.#chunkSize)) {
      await s.query(`INSERT INTO ${DOCUMENT_TABLES.content} (document_id, chunk_no, bytes) VALUES ($1, $2, $3)`, [id, chunks, chunk]);
      chunks += 1;
    }
    const sealed = put.seal();
    if (sealed === null) throw new RollbackWith('abandoned');
    // Same digest: `unchanged`, but the bytes were rewritten anyway, which repairs a damaged copy.
    const outcome: DocumentPutOutcome =
      prev === undefined ? 'inserted' : prev.sha256 === sealed.sha256 && Number(prev.byte_size) === sealed.byteSize ? 'unchanged' : 'updated';
    if (put.dryRun) throw new RollbackWith(outcome);
    // Same bytes: the row image alone restores it, so the saved chunks are not kept.
    if (keep && outcome === 'unchanged') await dropDocumentContentHistory(s, put.runId, id);
    await s.query(
      `INSERT INTO ${DOCUMENT_TABLES.document} (document_id, sha256, byte_size, media_type, chunk_size, chunk_count, warning_codes, run_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)
       ON CONFLICT (document_id) DO UPDATE SET sha256 = EXCLUDED.sha256, byte_size = EXCLUDED.byte_size, media_type = EXCLUDED.media_type,
         chunk_size = EXCLUDED.chunk_size, chunk_count = EXCLUDED.chunk_count, warning_codes = EXCLUDED.warning_codes, run_id = EXCLUDED.run_id, stored_at = now()`,
      [id, sealed.sha256, String(sealed.byteSize), sealed.mediaType, this.#chunkSize, chunks, [...sealed.warnings], put.runId],
    );
    return outcome;
  }

  async read(documentId: string): Promise<DocumentContent | null> {
    const head = await this.#guard('read document', () =>
      this.#connection.withSession((s) => s.query<{ n: number }>(`SELECT 1 AS n FROM ${DOCUMENT_TABLES.document} WHERE document_id = $1`, [documentId])),
    );
    if (head.rows.length === 0) return null;
    return this.#chunks(documentId);
  }

  /** Every chunk row in order, one query each (a gap or a stray chunk shows up as a wrong size and digest). */
  async *#chunks(documentId: string): AsyncGenerator<Uint8Array> {
    let after = -1;
    for (;;) {
      const page = await this.#guard('read document chunk', () =>
        this.#connection.withSession((s) =>
          s.query<{ chunk_no: number; bytes: Uint8Array }>(
            `SELECT chunk_no, bytes FROM ${DOCUMENT_TABLES.content} WHERE document_id = $1 AND chunk_no > $2 ORDER BY chunk_no LIMIT 1`,
            [documentId, after],
          ),
        ),
      );
      const row = page.rows[0];
      if (row === undefined) return;
      after = row.chunk_no;
      yield row.bytes;
    }
  }

  async recordIssues(entries: readonly DocumentIssueEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const runIds = entries.map((e) => e.runId);
    const ids = entries.map((e) => e.documentId);
    await this.#guard('record document issues', () =>
      this.#connection.transaction(async (s) => {
        await s.query(
          `DELETE FROM ${DOCUMENT_TABLES.issue} i USING unnest($1::uuid[], $2::uuid[]) AS e(run_id, document_id) WHERE i.run_id = e.run_id AND i.document_id = e.document_id`,
          [runIds, ids],
        );
        await s.query(
          `INSERT INTO ${DOCUMENT_TABLES.issue} (run_id, document_id, record_ref, code)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
          [runIds, ids, entries.map((e) => e.recordRef), entries.map((e) => e.code)],
        );
      }),
    );
  }

  async #guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw translateDatabaseError(error, operation);
    }
  }
}

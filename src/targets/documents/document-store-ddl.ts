/**
 * Tables of the SQL document store, beside the ledger in the store schema. Content lives in a chunk
 * table rather than in PostgreSQL large objects because:
 * - rows are transactional like the rest of the ledger: a document, its digest and its chunks commit
 *   together, a dry run rolls them back, and deleting a document deletes its bytes (large objects
 *   outlive their referencing rows and need `lo_unlink`/vacuumlo);
 * - the same SQL runs on a PostgreSQL server and on PGlite (no client-side large-object API there);
 * - 1 MiB rows keep every read and write bounded (a single `bytea` value would be capped at 1 GB and
 *   read whole); backups, replication and `pg_dump` treat them as ordinary data.
 * Chunks are stored uncompressed (`STORAGE EXTERNAL`): PDFs, Office files and images are compressed
 * already, so trying again wastes CPU.
 */
import { STORE_SCHEMA } from '../typeorm/store-model.js';
import { RUN_HISTORY_TABLE_DDL } from '../ledger/run-history-ledger-ddl.js';

/** Qualified names of the document store tables. */
export const DOCUMENT_TABLES = {
  document: `${STORE_SCHEMA}.cb_document`,
  content: `${STORE_SCHEMA}.cb_document_content`,
  issue: `${STORE_SCHEMA}.cb_document_issue`,
} as const;

/** The document store DDL, idempotent, in dependency order. */
export const DOCUMENT_STORE_DDL: readonly string[] = Object.freeze([
  `CREATE SCHEMA IF NOT EXISTS ${STORE_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${DOCUMENT_TABLES.document} (
    document_id uuid PRIMARY KEY,
    sha256 text NOT NULL CONSTRAINT ck_cb_document__sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    byte_size bigint NOT NULL CONSTRAINT ck_cb_document__byte_size CHECK (byte_size >= 0),
    media_type text NOT NULL,
    chunk_size integer NOT NULL,
    chunk_count integer NOT NULL,
    warning_codes text[] NOT NULL DEFAULT '{}',
    run_id uuid NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS ${DOCUMENT_TABLES.content} (
    document_id uuid NOT NULL,
    chunk_no integer NOT NULL,
    bytes bytea NOT NULL,
    CONSTRAINT pk_cb_document_content PRIMARY KEY (document_id, chunk_no)
  )`,
  `ALTER TABLE ${DOCUMENT_TABLES.content} ALTER COLUMN bytes SET STORAGE EXTERNAL`,
  `CREATE TABLE IF NOT EXISTS ${DOCUMENT_TABLES.issue} (
    run_id uuid NOT NULL,
    document_id uuid NOT NULL,
    record_ref text NOT NULL,
    code text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_cb_document_issue PRIMARY KEY (run_id, document_id, code)
  )`,
  // Where a real run keeps the document versions it replaces (for `rollback`).
  RUN_HISTORY_TABLE_DDL,
]);

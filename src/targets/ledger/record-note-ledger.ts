/**
 * Writes and reads of the record-level ledger of warnings and filtered rows (`cb_record_note`). The
 * write runs inside the batch's transaction (one COPY), so a batch lost to a kill takes its notes with
 * it and a resumed run writes each row's note exactly once.
 */
import type { LoadBatch, StoredRecordNote } from '../../core/pipeline/canonical-target.js';
import { copyLine, textArrayLiteral } from '../shared/copy-text.js';
import type { SqlSession } from '../shared/sql-session.js';
import { LEDGER_TABLES } from './ledger-ddl.js';
import { RECORD_NOTE_TABLE } from './record-note-ledger-ddl.js';

const COLUMNS = ['run_id', 'mapping', 'bucket', 'record_ref', 'source_table', 'source_key', 'codes', 'paths'];

/** Writes the batch's record notes (one COPY; nothing when it has none). */
export async function writeRecordNotes(session: SqlSession, batch: LoadBatch): Promise<void> {
  const notes = batch.notes ?? [];
  if (notes.length === 0) return;
  const lines = notes.map((n) =>
    copyLine([batch.runId, n.mapping, n.bucket, n.recordRef, n.sourceTable, n.sourceKey, textArrayLiteral(n.codes), textArrayLiteral(n.paths)]),
  );
  await session.copyFrom(RECORD_NOTE_TABLE, COLUMNS, lines);
}

/** One page of a run's record notes after `after` (keyset on the note id); null when the ledger knows no such run. */
export async function selectRecordNotes(session: SqlSession, runId: string, after: string | null, limit: number): Promise<StoredRecordNote[] | null> {
  const run = await session.query<{ one: number }>(`SELECT 1 AS one FROM ${LEDGER_TABLES.run} WHERE run_id = $1::uuid`, [runId]);
  if (run.rows.length === 0) return null;
  const result = await session.query<{
    seq: string;
    mapping: string;
    bucket: StoredRecordNote['bucket'];
    record_ref: string;
    source_table: string;
    source_key: string;
    codes: string[];
    paths: string[];
  }>(
    `SELECT note_id::text AS seq, mapping, bucket, record_ref, source_table, source_key, codes, paths FROM ${RECORD_NOTE_TABLE}
      WHERE run_id = $1::uuid AND note_id > $2::bigint ORDER BY note_id LIMIT $3`,
    [runId, after ?? '0', limit],
  );
  return result.rows.map((r) => ({
    seq: r.seq,
    mapping: r.mapping,
    bucket: r.bucket,
    recordRef: r.record_ref,
    sourceTable: r.source_table,
    sourceKey: r.source_key,
    codes: r.codes,
    paths: r.paths,
  }));
}

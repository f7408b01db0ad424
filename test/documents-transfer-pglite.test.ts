/**
 * Document transfer from an export folder into the PGlite document store: byte-for-byte copies with
 * SHA-256 proof, every planted defect quarantined with its code, idempotent re-run, resume after an
 * interruption (no half-written document), dry run writing nothing, a corrupted stored chunk caught
 * by reconciliation (and repaired by the next run), and no path or name in the report.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { FolderDocumentSource } from '../src/connectors/files/folder-document-source.js';
import { createPgliteDocumentStore } from '../src/targets/documents/document-stores.js';
import type { SqlDocumentStore } from '../src/targets/documents/sql-document-store.js';
import { DOCUMENT_TABLES } from '../src/targets/documents/document-store-ddl.js';
import { migrateDocuments } from '../src/core/documents/migrate-documents.js';
import { reconcileDocuments } from '../src/core/documents/reconcile-documents.js';
import type { DocumentContentSource, DocumentRef } from '../src/core/documents/document-content-source.js';
import { DocumentError } from '../src/core/errors.js';
import {
  PLANTED_QUARANTINE,
  collect,
  documentIdOf,
  plantedDocuments,
  plantedRefs,
  sha256,
  writeExportFolder,
  type PlantedDocument,
} from './fixtures/documents/document-fixtures.js';

let base: string;
let root: string;
let docs: PlantedDocument[];
let refs: DocumentRef[];
const stored = (): PlantedDocument[] => docs.filter((d) => ['1', '2', '3', '4', '5', '6'].includes(d.key));

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'cb-docs-'));
  // 2 MiB keeps PGlite (WASM) quick; the > 8 MiB document runs against PostgreSQL and the folder store.
  docs = plantedDocuments(2 * 1024 * 1024 + 12345);
  root = writeExportFolder(base, docs);
  refs = plantedRefs(docs);
});

/** One PGlite for the file (starting PGlite is the slow part); each store starts from empty tables. */
let shared: PGlite | undefined;
async function freshStore(): Promise<{ store: SqlDocumentStore; db: PGlite }> {
  shared ??= await PGlite.create();
  const db = shared;
  const store = createPgliteDocumentStore({ pglite: db, chunkSize: 256 * 1024 });
  await store.open();
  await store.ensureSchema();
  await db.exec(`TRUNCATE ${Object.values(DOCUMENT_TABLES).join(', ')}`);
  return { store, db };
}
afterAll(async () => {
  await shared?.close();
});

async function tableCounts(db: PGlite): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(DOCUMENT_TABLES)) {
    out[name] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  }
  return out;
}

describe('document transfer: export folder → PGlite document store', () => {
  let db: PGlite;
  let store: SqlDocumentStore;
  const runId = randomUUID();
  beforeAll(async () => {
    ({ store, db } = await freshStore());
  });
  afterAll(async () => {
    await store.close();
  });

  it('stores every good document byte for byte and quarantines every planted defect with its code', async () => {
    const source = new FolderDocumentSource({ root });
    const report = await migrateDocuments({ runId, source, store, documents: refs, concurrency: 3 });
    expect(report).toMatchObject({
      status: 'passed_with_warnings',
      total: 11,
      inserted: 6,
      transferred: 6,
      unchanged: 0,
      resumed: 0,
      failed: 0,
      missing: 1,
      quarantined: 5,
      warnings: 1,
      balanced: true,
    });
    expect(report.quarantinedByCode).toEqual(PLANTED_QUARANTINE);
    expect(report.warningsByCode).toEqual({ 'document.media_type_mismatch': 1 });
    expect(report.totalBytes).toBe(stored().reduce((t, d) => t + d.bytes!.length, 0));
    expect(report.byMediaType).toEqual({
      'application/msword': 1,
      'application/pdf': 3,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 1,
      'text/plain': 1,
    });
    expect(report.reconciliation).toMatchObject({
      status: 'passed',
      checked: 6,
      matched: 6,
      mismatchedCount: 0,
      missingCount: 0,
      bytesChecked: report.totalBytes,
    });
    // Byte for byte, and the recorded digest is the content's.
    for (const d of stored()) {
      const back = await collect((await store.read(documentIdOf(d.key)))!);
      expect(back.equals(Buffer.from(d.bytes!))).toBe(true);
    }
    const info = await store.describe(stored().map((d) => documentIdOf(d.key)));
    for (const d of stored()) expect(info.get(documentIdOf(d.key))).toMatchObject({ sha256: sha256(d.bytes!), byteSize: d.bytes!.length, runId });
    expect(info.get(documentIdOf('5'))?.mediaType).toBe('application/pdf');
    // The large document went in as 256 KiB chunk rows.
    const chunks = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${DOCUMENT_TABLES.content} WHERE document_id = $1`, [documentIdOf('4')]);
    expect(chunks.rows[0]!.n).toBe(Math.ceil(docs[3]!.bytes!.length / (256 * 1024)));
    // The ledger keeps one issue per quarantined document, by pseudonymous reference and code.
    const issues = await db.query<{ code: string; n: number }>(
      `SELECT code, count(*)::int AS n FROM ${DOCUMENT_TABLES.issue} WHERE run_id = $1 GROUP BY code ORDER BY code`,
      [runId],
    );
    expect(Object.fromEntries(issues.rows.map((r) => [r.code, r.n]))).toEqual(PLANTED_QUARANTINE);
    // No path, folder or client name anywhere in the report.
    const json = JSON.stringify(report);
    for (const word of ['Meier', 'Keller', 'Brunner', 'Verfuegung', '.pdf', root]) expect(json).not.toContain(word);
    expect(report.quarantine.map((q) => q.recordRef).every((r) => /^document:[0-9a-f]{16}$/.test(r))).toBe(true);
  });

  it('is idempotent: a second run finds every document unchanged and adds nothing', async () => {
    const before = await tableCounts(db);
    const report = await migrateDocuments({ runId: randomUUID(), source: new FolderDocumentSource({ root }), store, documents: refs });
    expect(report).toMatchObject({ total: 11, inserted: 0, updated: 0, unchanged: 6, quarantined: 5, balanced: true });
    expect(report.reconciliation?.status).toBe('passed');
    const after = await tableCounts(db);
    expect(after.document).toBe(before.document);
    expect(after.content).toBe(before.content);
  });

  it('catches a corrupted stored chunk by reconciliation, and the next run repairs it', async () => {
    const id = documentIdOf('4');
    await db.query(`UPDATE ${DOCUMENT_TABLES.content} SET bytes = overlay(bytes placing '\\x00ff'::bytea from 100) WHERE document_id = $1 AND chunk_no = 7`, [
      id,
    ]);
    const witnesses = refs.filter((r) => stored().some((d) => documentIdOf(d.key) === r.documentId));
    const result = await reconcileDocuments({ store, documents: witnesses, source: new FolderDocumentSource({ root }) });
    expect(result).toMatchObject({ status: 'failed', checked: 6, matched: 5, mismatchedCount: 1, missingCount: 0 });
    expect(result.mismatched).toEqual([{ documentId: id, recordRef: refs[3]!.recordRef, reasons: ['stored-sha256', 'source-sha256'] }]);
    // A dropped chunk is caught too (size and digest).
    await db.query(`DELETE FROM ${DOCUMENT_TABLES.content} WHERE document_id = $1 AND chunk_no = 0`, [documentIdOf('1')]);
    const dropped = await reconcileDocuments({ store, documents: witnesses });
    expect(dropped.mismatchedCount).toBe(2);
    expect(dropped.mismatched.find((m) => m.documentId === documentIdOf('1'))?.reasons).toEqual(['stored-sha256', 'stored-size', 'expected-sha256']);
    // Re-running the transfer rewrites the bytes (digest unchanged) and reconciliation passes again.
    const repair = await migrateDocuments({ runId: randomUUID(), source: new FolderDocumentSource({ root }), store, documents: refs });
    expect(repair).toMatchObject({ unchanged: 6, inserted: 0, updated: 0 });
    expect(repair.reconciliation).toMatchObject({ status: 'passed', matched: 6 });
  });
});

describe('document transfer: resume and dry run (PGlite)', () => {
  it('resumes after an interruption: no half-written document, finished ones skipped, the rest transferred', async () => {
    const { store, db } = await freshStore();
    const runId = randomUUID();
    const folder = new FolderDocumentSource({ root, chunkSize: 64 * 1024 });
    const controller = new AbortController();
    // The large document breaks off after two chunks (a network drop); the run is then cancelled.
    const flaky: DocumentContentSource = {
      kind: 'flaky-folder',
      async open(ref) {
        const content = await folder.open(ref);
        if (content === null || ref.documentId !== documentIdOf('4')) return content;
        return (async function* () {
          let n = 0;
          for await (const chunk of content) {
            if (++n > 2) {
              controller.abort();
              throw new DocumentError('connection lost', { details: { recordRef: ref.recordRef } });
            }
            yield chunk;
          }
        })();
      },
    };
    const first = await migrateDocuments({ runId, source: flaky, store, documents: refs, concurrency: 1, signal: controller.signal });
    expect(first.status).toBe('cancelled');
    expect(first).toMatchObject({ inserted: 3, failed: 1, failedByCode: { CB_DOCUMENT_READ_FAILED: 1 }, reconciliation: null, balanced: true });
    expect(first.total).toBe(4);
    // Nothing of the broken document is in the store.
    const partial = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${DOCUMENT_TABLES.content} WHERE document_id = $1`, [documentIdOf('4')]);
    expect(partial.rows[0]!.n).toBe(0);
    expect((await store.describe([documentIdOf('4')])).size).toBe(0);

    const opened: string[] = [];
    const counting: DocumentContentSource = {
      kind: 'folder',
      open: (ref) => {
        opened.push(ref.documentId);
        return folder.open(ref);
      },
    };
    const second = await migrateDocuments({ runId, source: counting, store, documents: refs, concurrency: 2 });
    // The resumed transfer reports the whole run: the earlier session's documents count as transferred
    // (with their recorded digests) and are reconciled again, without being copied again.
    expect(second).toMatchObject({
      status: 'passed_with_warnings',
      total: 11,
      transferred: 6,
      resumed: 3,
      inserted: 3,
      quarantined: 5,
      failed: 0,
      balanced: true,
    });
    expect(opened).not.toContain(documentIdOf('1'));
    expect(second.reconciliation).toMatchObject({ status: 'passed', checked: 6 });
    const all = await reconcileDocuments({ store, documents: refs.filter((r) => stored().some((d) => documentIdOf(d.key) === r.documentId)) });
    expect(all).toMatchObject({ status: 'passed', checked: 6 });
    await store.close();
  });

  it('dry run reads, measures and classifies everything but writes nothing', async () => {
    const { store, db } = await freshStore();
    const report = await migrateDocuments({ runId: randomUUID(), source: new FolderDocumentSource({ root }), store, documents: refs, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, total: 11, inserted: 6, quarantined: 5, reconciliation: null, balanced: true });
    expect(report.quarantinedByCode).toEqual(PLANTED_QUARANTINE);
    expect(await tableCounts(db)).toEqual({ document: 0, content: 0, issue: 0 });
    await store.close();
  });
});

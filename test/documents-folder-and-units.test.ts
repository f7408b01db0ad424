/**
 * Document transfer without a database: the folder source refusing paths that escape the export
 * folder, the folder store (atomic files + digest files, dry run writing nothing, a corrupted file
 * caught by reconciliation), media-type detection from magic bytes, the chunking helpers, the report
 * merge into a RunReport, and the SQL Server BLOB statements (SQL only: no server here).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FolderDocumentSource } from '../src/connectors/files/folder-document-source.js';
import { FolderDocumentStore } from '../src/targets/documents/folder-document-store.js';
import { migrateDocuments } from '../src/core/documents/migrate-documents.js';
import { reconcileDocuments } from '../src/core/documents/reconcile-documents.js';
import { detectMediaType, resolveMediaType } from '../src/core/documents/media-type.js';
import { digestContent, rechunk } from '../src/core/documents/content-digest.js';
import { withDocumentsReport } from '../src/core/documents/with-documents-report.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { mssqlBlobStatements } from '../src/connectors/mssql/mssql-blob-source.js';
import { mysqlBlobStatements } from '../src/connectors/mysql/mysql-blob-source.js';
import { postgresBlobStatements } from '../src/connectors/postgres/postgres-blob-source.js';
import { isCasebridgeError } from '../src/core/errors.js';
import {
  PLANTED_QUARANTINE,
  OLE_MAGIC,
  PNG_MAGIC,
  collect,
  documentIdOf,
  plantedDocuments,
  plantedRefs,
  sha256,
  withMagic,
  writeExportFolder,
  type PlantedDocument,
} from './fixtures/documents/document-fixtures.js';

let base: string;
let root: string;
let docs: PlantedDocument[];
beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'cb-docs-folder-'));
  docs = plantedDocuments();
  root = writeExportFolder(base, docs);
});

describe('folder source: paths must stay inside the export folder', () => {
  const attempts = [
    '../Brunner_Eva_outside.pdf',
    '/etc/passwd',
    'C:\\Windows\\win.ini',
    'Meier_Anna/../../Brunner_Eva_outside.pdf',
    '..\\Brunner_Eva_outside.pdf',
    'Brunner_Eva/link-nach-aussen.pdf',
  ];
  for (const contentRef of attempts) {
    it(`refuses ${JSON.stringify(contentRef)} with CB_DOCUMENT_REF_INVALID naming only the pseudonymous reference`, async () => {
      const source = new FolderDocumentSource({ root });
      const ref = { documentId: randomUUID(), recordRef: 'document:0123456789abcdef', contentRef };
      const error = await source.open(ref).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isCasebridgeError(error, 'CB_DOCUMENT_REF_INVALID')).toBe(true);
      const text = `${(error as Error).message} ${JSON.stringify((error as { details: unknown }).details)}`;
      expect(text).toContain('document:0123456789abcdef');
      for (const part of ['Brunner', 'passwd', 'Windows', 'Meier', root]) expect(text).not.toContain(part);
    });
  }

  it('reads Windows-style relative paths and reports a missing file as null (to quarantine), not an error', async () => {
    const source = new FolderDocumentSource({ root });
    const docx = docs[1]!;
    const content = await source.open({ documentId: randomUUID(), recordRef: 'document:x', contentRef: docx.contentRef });
    expect((await collect(content!)).equals(Buffer.from(docx.bytes!))).toBe(true);
    expect(await source.open({ documentId: randomUUID(), recordRef: 'document:x', contentRef: 'Brunner_Eva/fehlt.pdf' })).toBeNull();
    expect(await source.open({ documentId: randomUUID(), recordRef: 'document:x' })).toBeNull();
  });
});

describe('folder document store (for file exports)', () => {
  it('dry run writes nothing', async () => {
    const store = new FolderDocumentStore({ root: mkdtempSync(path.join(tmpdir(), 'cb-docs-out-')) });
    await store.ensureSchema();
    const report = await migrateDocuments({
      runId: randomUUID(),
      source: new FolderDocumentSource({ root }),
      store,
      documents: plantedRefs(docs),
      dryRun: true,
    });
    expect(report).toMatchObject({ total: 11, inserted: 6, quarantined: 5, reconciliation: null });
    expect(readdirSync(store.directory)).toEqual([]);
  });

  it('stores documents atomically with digest files, > 8 MiB byte for byte, and reconciliation catches a corrupted file', async () => {
    const store = new FolderDocumentStore({ root: mkdtempSync(path.join(tmpdir(), 'cb-docs-out-')) });
    await store.ensureSchema();
    const runId = randomUUID();
    const refs = plantedRefs(docs);
    const report = await migrateDocuments({ runId, source: new FolderDocumentSource({ root }), store, documents: refs, concurrency: 4 });
    expect(report).toMatchObject({ total: 11, inserted: 6, quarantined: 5, failed: 0, warnings: 1, balanced: true });
    expect(report.quarantinedByCode).toEqual(PLANTED_QUARANTINE);
    expect(report.reconciliation).toMatchObject({ status: 'passed', checked: 6 });
    const large = docs[3]!;
    expect(large.bytes!.length).toBeGreaterThan(8 * 1024 * 1024);
    const file = path.join(store.directory, documentIdOf(large.key));
    expect(readFileSync(file).equals(Buffer.from(large.bytes!))).toBe(true);
    expect(JSON.parse(readFileSync(`${file}.json`, 'utf8'))).toMatchObject({
      sha256: sha256(large.bytes!),
      byteSize: large.bytes!.length,
      mediaType: 'application/pdf',
      runId,
    });
    // No temporary files left; 6 documents + 6 digest files + the issue log.
    expect(readdirSync(store.directory).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(store.directory).length).toBe(13);
    expect(readFileSync(path.join(store.directory, 'issues.jsonl'), 'utf8').trim().split('\n').length).toBe(5);
    // Flip one byte in the stored copy.
    const bytes = readFileSync(file);
    bytes[5_000_000] = bytes[5_000_000]! ^ 0xff;
    writeFileSync(file, bytes);
    const stored = refs.filter((r) => ['1', '2', '3', '4', '5', '6'].some((k) => documentIdOf(k) === r.documentId));
    const check = await reconcileDocuments({ store, documents: stored });
    expect(check).toMatchObject({ status: 'failed', checked: 6, mismatchedCount: 1 });
    expect(check.mismatched[0]).toEqual({ documentId: documentIdOf('4'), recordRef: refs[3]!.recordRef, reasons: ['stored-sha256'] });
  });
});

describe('media type from magic bytes', () => {
  it('detects the common document types and plain text', () => {
    expect(detectMediaType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(detectMediaType(Uint8Array.from(PNG_MAGIC))).toBe('image/png');
    expect(detectMediaType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectMediaType(Uint8Array.from(OLE_MAGIC))).toBe('application/x-ole-storage');
    expect(detectMediaType(Buffer.from('{\\rtf1\\ansi'))).toBe('application/rtf');
    expect(detectMediaType(Buffer.from('Termin am Montag\r\n'))).toBe('text/plain');
    expect(detectMediaType(withMagic([0x00, 0x01], 100, 3))).toBeNull();
  });

  it('keeps a more precise declared type the container covers, flags a contradiction', () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14]);
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(resolveMediaType(zip, docx)).toEqual({ mediaType: docx, mismatch: false, detected: 'application/zip' });
    expect(resolveMediaType(Uint8Array.from(OLE_MAGIC), 'application/vnd.ms-excel')).toMatchObject({ mediaType: 'application/vnd.ms-excel', mismatch: false });
    expect(resolveMediaType(Buffer.from('%PDF-1.4'), 'image/png')).toEqual({ mediaType: 'application/pdf', mismatch: true, detected: 'application/pdf' });
    expect(resolveMediaType(withMagic([0x00], 50, 1), 'application/pdf')).toEqual({ mediaType: 'application/pdf', mismatch: false, detected: null });
    expect(resolveMediaType(withMagic([0x00], 50, 1), undefined).mediaType).toBe('application/octet-stream');
  });
});

describe('chunking and digests', () => {
  it('rechunk regroups any chunking into fixed-size chunks without changing a byte', async () => {
    const bytes = withMagic('%PDF', 1_000_003, 9);
    async function* uneven(): AsyncGenerator<Uint8Array> {
      for (let at = 0, step = 1; at < bytes.length; at += step, step = ((step * 7) % 65_521) + 1) yield bytes.subarray(at, at + step);
    }
    const sizes: number[] = [];
    const parts: Buffer[] = [];
    for await (const c of rechunk(uneven(), 65_536)) {
      sizes.push(c.length);
      parts.push(Buffer.from(c));
    }
    expect(sizes.slice(0, -1).every((s) => s === 65_536)).toBe(true);
    expect(sizes.at(-1)).toBe(1_000_003 % 65_536);
    expect(Buffer.concat(parts).equals(Buffer.from(bytes))).toBe(true);
    const digest = await digestContent(uneven());
    expect(digest).toMatchObject({ sha256: sha256(bytes), byteSize: bytes.length });
    expect(digest.head.length).toBe(4096);
  });
});

describe('documents section of the run report', () => {
  const base = { status: 'passed', reasons: [], exitCode: 0, unbalanced: false } as unknown as RunReport;
  const docsReport = { status: 'failed' } as Parameters<typeof withDocumentsReport>[1];
  it('a failed document step fails the run; quarantined documents make it pass with warnings', () => {
    expect(withDocumentsReport(base, docsReport)).toMatchObject({ status: 'failed', reasons: ['documents'], exitCode: 2, documents: { status: 'failed' } });
    expect(withDocumentsReport(base, { ...docsReport, status: 'passed_with_warnings' })).toMatchObject({
      status: 'passed_with_warnings',
      reasons: ['documents-warning'],
      exitCode: 0,
    });
    expect(withDocumentsReport(base, { ...docsReport, status: 'passed_with_warnings' }, true).exitCode).toBe(1);
  });
});

describe('BLOB statements per dialect', () => {
  const config = { table: 'dbo.Dokument', contentColumn: 'Inhalt', keyColumns: ['FallId', 'Lauf]Nr'] };
  it('SQL Server: DATALENGTH, then SUBSTRING over varbinary(max), key parameters first', () => {
    const s = mssqlBlobStatements('dbo', config);
    expect(s.length).toBe('SELECT CAST(DATALENGTH([Inhalt]) AS varchar(20)) AS n FROM [dbo].[Dokument] WHERE [FallId] = @p1 AND [Lauf]]Nr] = @p2');
    expect(s.chunk).toBe(
      'SELECT SUBSTRING(CAST([Inhalt] AS varbinary(max)), @p3, @p4) AS chunk FROM [dbo].[Dokument] WHERE [FallId] = @p1 AND [Lauf]]Nr] = @p2',
    );
    expect(s.chunkParams([7, 'a'], 1_048_577, 1_048_576)).toEqual(['7', 'a', 1_048_577, 1_048_576]);
    expect(mssqlBlobStatements('akten', { ...config, table: 'Dokument' }).length).toContain('FROM [akten].[Dokument]');
  });
  it('PostgreSQL and MariaDB spell the same two statements', () => {
    const pg = postgresBlobStatements('public', { ...config, table: 'dokument' });
    expect(pg.chunk).toBe('SELECT substring("Inhalt" from $3 for $4) AS chunk FROM "public"."dokument" WHERE "FallId" = $1 AND "Lauf]Nr" = $2');
    const my = mysqlBlobStatements({ ...config, table: 'dokument' });
    expect(my.chunk).toBe('SELECT SUBSTRING(`Inhalt`, ?, ?) AS chunk FROM `dokument` WHERE `FallId` = ? AND `Lauf]Nr` = ?');
    expect(my.chunkParams([7, 'a'], 1, 10)).toEqual([1, 10, '7', 'a']);
    expect(() => mysqlBlobStatements({ ...config, keyColumns: [] })).toThrow(/key column/);
  });
});

/**
 * Document transfer added to both reference profiles' end-to-end flows: after the profile's migration
 * has loaded the canonical document records, their contents stream from the legacy source (the flat
 * export's `documents/` folder; the relational `FaDokument.Inhalt` BLOB on PostgreSQL and MariaDB) into
 * the target's document store, and reconciliation proves each arrived byte for byte against the
 * digests the generators recorded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { FolderDocumentSource } from '../src/connectors/files/folder-document-source.js';
import { createPostgresConnector } from '../src/connectors/postgres/index.js';
import type { PostgresDriver } from '../src/connectors/postgres/postgres-driver.js';
import { createPostgresBlobSource } from '../src/connectors/postgres/postgres-blob-source.js';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import type { MysqlDriver } from '../src/connectors/mysql/mysql-driver.js';
import { createMysqlBlobSource } from '../src/connectors/mysql/mysql-blob-source.js';
import type { Connector } from '../src/core/connector/connector.js';
import type { DocumentContentSource, DocumentRef } from '../src/core/documents/document-content-source.js';
import { documentRefsFromTarget } from '../src/core/documents/document-refs.js';
import type { Tenant } from '../src/core/pipeline/tenant.js';
import { migrateDocuments } from '../src/core/documents/migrate-documents.js';
import { withDocumentsReport } from '../src/core/documents/with-documents-report.js';
import { FLAT_FILE_SOURCE_SYSTEM, flatFileMigration, generateFlatFileExport, type FlatFileManifest } from '../src/profiles/flat-file/index.js';
import { generateRelationalSource, RELATIONAL_SOURCE_SYSTEM, relationalProfile, type RelationalSourceManifest } from '../src/profiles/relational/index.js';
import { TEST_PSEUDONYM_KEY } from './helpers/pseudonym-key.js';
import { createMariaDatabase, createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE, testTenant } from './helpers/tenant.js';

async function refsOf(target: PgliteTarget, tenant: Tenant): Promise<DocumentRef[]> {
  const refs: DocumentRef[] = [];
  for await (const ref of documentRefsFromTarget(target, tenant, TEST_PSEUDONYM_KEY)) refs.push(ref);
  return refs;
}

describe('flat-file profile with documents: export folder → PGlite document store', () => {
  let dir: string;
  let manifest: FlatFileManifest;
  let target: PgliteTarget;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cb-flat-docs-'));
    manifest = await generateFlatFileExport({ dir, persons: 60, seed: 77 });
    target = createPgliteTarget({});
  });
  afterAll(async () => {
    await target.close();
  });

  it('transfers every listed document byte for byte and quarantines the planted missing file', async () => {
    const run = await runMigration(flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target }), { keepTargetOpen: true });
    const refs = await refsOf(target, testTenant(FLAT_FILE_SOURCE_SYSTEM));
    expect(refs.length).toBe(run.records['document']?.inserted);
    const store = target.documentStore();
    await store.ensureSchema();
    const documents = await migrateDocuments({ runId: run.runId, source: new FolderDocumentSource({ root: dir }), store, documents: refs });
    const missing = manifest.documents.missing.length;
    expect(missing).toBe(1);
    expect(documents).toMatchObject({ total: refs.length, inserted: refs.length - missing, missing, quarantined: missing, failed: 0, balanced: true });
    expect(documents.quarantinedByCode).toEqual({ 'document.content_missing': missing });
    expect(documents.reconciliation).toMatchObject({ status: 'passed', checked: refs.length - missing });
    // The generator's own digests agree with what the store holds.
    const stored = await store.describe(refs.map((r) => r.documentId));
    const byPath = new Map(refs.map((r) => [r.contentRef!.replaceAll('\\', '/'), r.documentId]));
    for (const [rel, sha] of Object.entries(manifest.documents.sha256)) expect(stored.get(byPath.get(rel)!)?.sha256).toBe(sha);
    expect(documents.totalBytes).toBe(manifest.documents.bytes);
    const full = withDocumentsReport(run, documents);
    expect(full.documents?.transferred).toBe(refs.length - missing);
    expect(JSON.stringify(full.documents)).not.toContain('documents/');
  });
});

/** Runs the relational profile from `connector` into PGlite, then transfers the BLOBs. */
async function relationalWithDocuments(
  connector: Connector,
  source: (driver: unknown) => DocumentContentSource,
  manifest: RelationalSourceManifest,
): Promise<void> {
  const target = createPgliteTarget({});
  const driver = connector.createDriver();
  try {
    const run = await runMigration(
      defineMigration({
        name: 'relational-docs',
        source: connector,
        commune: TEST_COMMUNE,
        sourceSystem: RELATIONAL_SOURCE_SYSTEM,
        mappings: relationalProfile.mappings(),
        target,
        options: { batchSize: 250 },
      }),
      { keepTargetOpen: true },
    );
    const refs = await refsOf(target, testTenant(RELATIONAL_SOURCE_SYSTEM));
    expect(refs.length).toBe(manifest.documents.length);
    await driver.init();
    const store = target.documentStore();
    await store.ensureSchema();
    const documents = await migrateDocuments({ runId: run.runId, source: source(driver), store, documents: refs, concurrency: 3 });
    expect(documents).toMatchObject({ total: manifest.documents.length, inserted: manifest.documents.length, quarantined: 0, failed: 0, balanced: true });
    // Third witness: the mapping's byteSize (DateiGroesse) is checked during the transfer and again here.
    expect(documents.reconciliation).toMatchObject({ status: 'passed', checked: manifest.documents.length, mismatchedCount: 0 });
    const stored = await store.describe(refs.map((r) => r.documentId));
    const byKey = new Map(refs.map((r) => [r.sourceKey, r.documentId]));
    for (const doc of manifest.documents) {
      expect(stored.get(byKey.get(String(doc.id))!)).toMatchObject({ sha256: doc.sha256, byteSize: doc.byteSize });
    }
    expect(documents.totalBytes).toBe(manifest.documents.reduce((t, d) => t + d.byteSize, 0));
  } finally {
    await driver.destroy().catch(() => undefined);
    await target.close();
  }
}

const PERSONS = 40;
const BLOB = { table: 'FaDokument', contentColumn: 'Inhalt', keyColumns: ['FaDokumentID'], chunkSize: 64 * 1024 };

await describeWithService('postgres', 'relational profile with documents: PostgreSQL bytea → PGlite document store', () => {
  let db: TestDatabase;
  let manifest: RelationalSourceManifest;
  beforeAll(async () => {
    db = await createPostgresDatabase('cbreldoc');
    manifest = await generateRelationalSource({ dialect: 'postgres', connection: db.url, persons: PERSONS });
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });
  it('streams every FaDokument BLOB and proves it byte for byte', async () => {
    expect(manifest.documents.length).toBeGreaterThan(3);
    await relationalWithDocuments(
      createPostgresConnector({ name: 'relational', connectionString: db.url }),
      (d) => createPostgresBlobSource(d as PostgresDriver, BLOB),
      manifest,
    );
  }, 180_000);
});

await describeWithService('mariadb', 'relational profile with documents: MariaDB LONGBLOB → PGlite document store', () => {
  let db: TestDatabase;
  let manifest: RelationalSourceManifest;
  beforeAll(async () => {
    db = await createMariaDatabase('cbreldoc');
    manifest = await generateRelationalSource({ dialect: 'mariadb', connection: db.url, persons: PERSONS });
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });
  it('streams every FaDokument BLOB and proves it byte for byte', async () => {
    await relationalWithDocuments(
      createMysqlConnector({ name: 'relational', connectionString: db.url }),
      (d) => createMysqlBlobSource(d as MysqlDriver, BLOB),
      manifest,
    );
  }, 180_000);
});

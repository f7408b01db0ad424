/**
 * The CLI's document step on the relational profile: `casebridge run` with a PostgreSQL source and the
 * built-in `relational` mappings streams every `FaDokument.Inhalt` BLOB into the PGlite target's
 * document store without any `documents` config (the profile's default), and the report proves each
 * one byte for byte against the digests the generator recorded.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { generateRelationalSource, type RelationalSourceManifest } from '../src/profiles/relational/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

await describeWithService('postgres', 'casebridge run: relational profile documents from the BLOB column', () => {
  let db: TestDatabase;
  let manifest: RelationalSourceManifest;
  const root = mkdtempSync(path.join(tmpdir(), 'cb-cli-reldocs-'));
  beforeAll(async () => {
    db = await createPostgresDatabase('cbclidoc');
    manifest = await generateRelationalSource({ dialect: 'postgres', connection: db.url, persons: 40 });
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('transfers every BLOB by default and reconciles the bytes', async () => {
    const config = {
      name: 'cli-reldocs',
      tenant: { commune: 351, sourceSystem: 'relational' },
      source: { connector: 'postgres', name: 'relational', connectionString: { env: 'SOURCE_URL' } },
      mappings: 'relational',
      target: { kind: 'pglite', dir: 'store' },
      reports: { dir: 'reports' },
    };
    writeFileSync(path.join(root, 'casebridge.config.json'), JSON.stringify(config));
    const io = captureIo({ cwd: root, env: { SOURCE_URL: db.url } });
    const code = await runCli(['--no-progress', 'run'], io);
    expect(io.err()).not.toContain('error ');
    const report = JSON.parse(readFileSync(path.join(root, 'reports', 'run-report.json'), 'utf8')) as RunReport;
    expect(code).toBe(report.exitCode);
    const documents = manifest.documents.length;
    expect(documents).toBeGreaterThan(3);
    expect(report.documents).toMatchObject({ source: 'postgres-blob', total: documents, transferred: documents, quarantined: 0, failed: 0, balanced: true });
    expect(report.documents?.totalBytes).toBe(manifest.documents.reduce((t, d) => t + d.byteSize, 0));
    expect(report.documents?.reconciliation).toMatchObject({ status: 'passed', checked: documents, matched: documents });
  }, 240_000);
});

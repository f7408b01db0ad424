/**
 * A CLI dry run whose source has documents leaves the store exactly as it was: every table (canonical
 * tables, every `cb_*` ledger table, the document store) keeps the rows it had, on an embedded PGlite
 * store and on a PostgreSQL database. The document stage's transactions once ended the dry run's open
 * transaction on PGlite's single session, so the run row (`running`, `dry_run`), its quarantine and
 * its record notes became durable.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { PgliteConnection } from '../src/targets/pglite/pglite-connection.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { runDemo, type DemoRun } from './helpers/demo-run.js';
import { tableChecksums, type Queryable } from './helpers/table-checksums.js';

let demo: DemoRun;

beforeAll(async () => {
  demo = await runDemo(['--no-progress']);
  expect(demo.exitCode).toBe(0);
}, 180_000);

async function cli(args: string[]): Promise<number> {
  return runCli(args, captureIo({ cwd: demo.dir, env: {} }));
}

function readReport(dir: string): RunReport {
  return JSON.parse(readFileSync(path.join(demo.dir, dir, 'run-report.json'), 'utf8')) as RunReport;
}

/** The demo's config with another target, written beside it. */
function configWithTarget(name: string, target: Record<string, unknown>): string {
  const config = JSON.parse(readFileSync(path.join(demo.dir, 'casebridge.config.json'), 'utf8')) as Record<string, unknown>;
  const file = path.join(demo.dir, name);
  writeFileSync(file, JSON.stringify({ ...config, target }, null, 2));
  return file;
}

/** Checksums of every table of the demo's PGlite store, read with an instance of its own (closed after). */
async function pgliteChecksums(): Promise<Record<string, string>> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: path.join(demo.dir, 'store') });
  try {
    return await tableChecksums(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
  } finally {
    await db.close();
  }
}

/** The dry run rehearsed the documents against the stored ones (so the stage did run). */
function expectDocumentsRehearsed(report: RunReport): void {
  expect(report.dryRun).toBe(true);
  expect(report.documents).toMatchObject({ dryRun: true, total: 134, transferred: 0, unchanged: 133, quarantined: 1, failed: 0, reconciliation: null });
}

describe('CLI dry run with documents on a PGlite store', () => {
  it('keeps every table of the store as it was (no run row, quarantine, record notes or documents)', async () => {
    const before = await pgliteChecksums();
    expect(Object.keys(before)).toContain('"casebridge"."cb_run"');
    expect(before['"casebridge"."cb_document"']).toMatch(/^133:/);

    expect(await cli(['--no-progress', 'dry-run', '-c', 'casebridge.config.json', '--reports', 'reports-dry'])).toBe(0);
    expectDocumentsRehearsed(readReport('reports-dry'));

    expect(await pgliteChecksums()).toEqual(before);
  }, 180_000);
});

describe('PGlite connection while a session is pinned', () => {
  it('refuses a transaction of its own (it would end the pinned one) and allows it again once released', async () => {
    const connection = new PgliteConnection();
    await connection.open();
    try {
      await connection.transaction((s) => s.query('CREATE TABLE t (n int)'));
      const pinned = await connection.pin();
      await pinned.query('BEGIN');
      await pinned.query('INSERT INTO t VALUES (1)');
      await expect(connection.transaction((s) => s.query('INSERT INTO t VALUES (2)'))).rejects.toMatchObject({ code: 'CB_INTERNAL' });
      await pinned.query('ROLLBACK');
      await pinned.release();
      await connection.transaction((s) => s.query('INSERT INTO t VALUES (3)'));
      expect((await connection.withSession((s) => s.query<{ n: number }>('SELECT n FROM t ORDER BY n'))).rows).toEqual([{ n: 3 }]);
    } finally {
      await connection.close();
    }
  });
});

await describeWithService('postgres', 'CLI dry run with documents on a PostgreSQL store', () => {
  let db: TestDatabase;
  let query: Queryable;
  let close: () => Promise<void>;

  beforeAll(async () => {
    db = await createPostgresDatabase('cbdryleak');
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    query = async (sql) => (await client.query<Record<string, unknown>>(sql)).rows;
    close = () => client.end();
  });

  afterAll(async () => {
    await close?.();
    await db?.drop();
  });

  it('keeps every table of the store as it was after a real run of the same source', async () => {
    const config = configWithTarget('pg.config.json', { kind: 'postgres', url: db.url });
    expect(await cli(['--no-progress', 'run', '-c', config, '--reports', 'reports-pg'])).toBe(0);
    const before = await tableChecksums(query);
    expect(before['"casebridge"."cb_document"']).toMatch(/^133:/);

    expect(await cli(['--no-progress', 'dry-run', '-c', config, '--reports', 'reports-pg-dry'])).toBe(0);
    expectDocumentsRehearsed(readReport('reports-pg-dry'));

    expect(await tableChecksums(query)).toEqual(before);
  }, 240_000);
});

/**
 * Issue 14, defects 2 and 4, on a real PostgreSQL target.
 * - One writer per run and per source system: while a run holds its locks, a second resume of the same
 *   run id and a fresh run of the same source system into the same target are refused with
 *   CB_RUN_LOCKED naming the holder (run id, start time) and write nothing to the ledger; once the
 *   holder ends, the resume runs and its counters are the source's, not doubled.
 * - A target connection dropped during the load (pg_terminate_backend on every session of the run,
 *   the batch's own and the lock session, which is checked out and idle) ends the run as `failed` with
 *   CB_CONNECTION_FAILED (exit code 69), never an unhandled 'error' event; the run resumes to completion.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import type { CanonicalTarget, LoadBatch, LoadResult } from '../src/core/pipeline/canonical-target.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { exitCodeFor } from '../src/core/pipeline/thresholds.js';
import { exitCodeForFailedRun } from '../src/cli/exit-codes.js';
import { addressMapping, expectedAccounting, personMapping, sampleConnector, writeSampleSource } from './fixtures/engine/sample-source.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const PERSONS = 60;
const BATCH = 10;

await describeWithService('postgres', 'run locks and connection loss (PostgreSQL target)', () => {
  let dir: string;
  const dbs: TestDatabase[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cb-locks-'));
    await writeSampleSource(dir, PERSONS);
  });
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  function migration(target: CanonicalTarget) {
    return defineMigration({
      name: 'locks',
      source: sampleConnector(dir),
      commune: TEST_COMMUNE,
      sourceSystem: 'legacy-sample',
      mappings: [personMapping, addressMapping],
      target,
      options: { batchSize: BATCH, thresholds: [], reconcile: false },
    });
  }

  async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  it('refuse a second resume of one run id and a second run of one source system, naming the holder', async () => {
    const db = await createPostgresDatabase('cblocks');
    dbs.push(db);
    const holder = createPostgresTarget({ connectionString: db.url });
    await holder.open();
    await holder.ensureSchema();
    const runId = randomUUID();
    const definition = migration(holder);
    await holder.beginRun({
      runId,
      migration: 'locks',
      commune: TEST_COMMUNE,
      sourceSystem: definition.sourceSystem,
      dryRun: false,
      mappingVersions: Object.fromEntries(definition.mappings.map((m) => [m.name, m.version])),
      startedAt: '2026-12-02T10:00:00.000Z',
    });

    const resume = runMigration(migration(createPostgresTarget({ connectionString: db.url })), { runId, resume: true });
    await expect(resume).rejects.toMatchObject({
      code: 'CB_RUN_LOCKED',
      details: { scope: 'run', holderRunId: runId, holderStartedAt: '2026-12-02T10:00:00Z' },
    });
    const otherId = randomUUID();
    const fresh = runMigration(migration(createPostgresTarget({ connectionString: db.url })), { runId: otherId });
    await expect(fresh).rejects.toMatchObject({
      code: 'CB_RUN_LOCKED',
      details: { scope: 'source', runId: otherId, holderRunId: runId, holderStartedAt: '2026-12-02T10:00:00Z' },
    });
    // Neither refused run left anything in the ledger: no second run row, no counters.
    await admin(db.url, async (c) => {
      expect((await c.query(`SELECT run_id::text AS id FROM ${LEDGER_TABLES.run}`)).rows).toEqual([{ id: runId }]);
      expect((await c.query(`SELECT 1 FROM ${LEDGER_TABLES.runMapping}`)).rows).toEqual([]);
    });

    // The holder ends (failed); exactly one run then writes, and counts the source once.
    await holder.finishRun(runId, 'failed', null);
    await holder.close();
    // It ended before its first batch, so there is nothing to resume (refused, not a new run); the locks are free.
    await expect(runMigration(migration(createPostgresTarget({ connectionString: db.url })), { runId, resume: true })).rejects.toThrow(/Nothing to resume/);
    const resumed = await runMigration(migration(createPostgresTarget({ connectionString: db.url })), { runId: randomUUID() });
    const expected = expectedAccounting(PERSONS);
    expect(resumed.entities.map((e) => [e.mapping, e.extracted, e.loaded, e.quarantined])).toEqual([
      ['persons', PERSONS, expected.persons.loaded, expected.persons.quarantined],
      ['addresses', PERSONS + 1, expected.addresses.loaded, expected.addresses.quarantined],
    ]);
    // The locks went with the run: a new run of the source starts.
    const next = await runMigration(migration(createPostgresTarget({ connectionString: db.url })), { runId: randomUUID() });
    expect(next.status).toBe('passed');
  }, 120_000);

  it('a connection dropped during the load fails the run with CB_CONNECTION_FAILED (exit 69), and the run resumes', async () => {
    const db = await createPostgresDatabase('cbdrop');
    dbs.push(db);
    const real = createPostgresTarget({ connectionString: db.url });
    let commits = 0;
    // The real target; from the third batch on, every session of the run is terminated while a batch's
    // transaction waits on a lock the test holds, so the drop happens in the middle of the load. The
    // batch goes to the target at once: the target keeps commits in call order (`orderedCommits`),
    // so a wrapper must not hold a call back while the next one goes through.
    const target = new Proxy(real, {
      get(t, prop) {
        if (prop === 'commitBatch') {
          return async (batch: LoadBatch): Promise<LoadResult> => {
            if (++commits !== 3) return t.commitBatch(batch);
            const pending = t.commitBatch(batch);
            pending.catch(() => undefined);
            return admin(db.url, async (c) => {
              await c.query('BEGIN');
              await c.query(`LOCK TABLE ${LEDGER_TABLES.run} IN ACCESS EXCLUSIVE MODE`);
              for (let i = 0; i < 200; i++) {
                const waiting = await c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`, [
                  db.name,
                ]);
                if (waiting.rows.length > 0) break;
                await new Promise((r) => setTimeout(r, 25));
              }
              await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db.name]);
              await c.query('ROLLBACK');
              return pending;
            });
          };
        }
        const value = Reflect.get(t, prop, t) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    });
    const runId = randomUUID();
    const report = await runMigration(migration(target), { runId });
    expect(report.status).toBe('failed');
    expect(report.errors[0]).toMatchObject({ code: 'CB_CONNECTION_FAILED', details: { operation: 'commit batch' } });
    expect(
      exitCodeForFailedRun(
        exitCodeFor(report),
        report.errors.map((e) => e.code),
      ),
    ).toBe(69);
    // The report holds no raw driver text.
    expect(JSON.stringify(report.errors)).not.toMatch(/terminat/i);

    const resumed = await runMigration(migration(createPostgresTarget({ connectionString: db.url })), { runId, resume: true });
    const expected = expectedAccounting(PERSONS);
    expect(resumed).toMatchObject({ status: 'passed', resumed: true });
    expect(resumed.entities.map((e) => [e.mapping, e.extracted, e.loaded, e.quarantined, e.balanced])).toEqual([
      ['persons', PERSONS, expected.persons.loaded, expected.persons.quarantined, true],
      ['addresses', PERSONS + 1, expected.addresses.loaded, expected.addresses.quarantined, true],
    ]);
  }, 120_000);
});

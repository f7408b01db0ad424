/**
 * Map / validate / hash in worker threads (`MigrationOptions.workers`): the same generated relational
 * source (PostgreSQL, with the profile's planted defects: quarantined and filtered rows, warnings,
 * code-list coverage, a duplicate group) migrated without workers and with two gives the same report
 * (but for times), the same stored records, ledger, quarantine and notes, on PGlite and on PostgreSQL,
 * under both duplicate policies. A worker module with other mappings or another validator is refused
 * before a row is read, one that fails at import fails the run with its cause, a worker that dies fails
 * the run without committing its batch and the run resumes to exactly one load, and a cancelled run
 * ends its workers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresConnector } from '../src/connectors/postgres/index.js';
import type { Connector } from '../src/core/connector/connector.js';
import type { CanonicalTarget } from '../src/core/pipeline/canonical-target.js';
import type { MigrationOptions } from '../src/core/pipeline/migration-definition.js';
import type { ProgressEvent } from '../src/core/pipeline/progress-event.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { PseudonymKey } from '../src/core/pseudonyms/pseudonym-key.js';
import { ERROR_CODES, isCasebridgeError } from '../src/core/errors.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { defineMigration, modelRules } from '../src/mappings/define-migration.js';
import { generateRelationalSource, RELATIONAL_SOURCE_SYSTEM, relationalProfile } from '../src/profiles/relational/index.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE } from './helpers/tenant.js';
import { addressMapping, ahvn13, personMapping, sampleConnector } from './fixtures/engine/sample-source.js';

const PERSONS = 80;
const MODULE = new URL('./fixtures/workers/relational-worker-module.ts', import.meta.url);
const THROWING_MODULE = new URL('./fixtures/workers/throwing-worker-module.ts', import.meta.url);
const RUN_ID = '5f0c2a8e-1c1e-4a57-9d8e-3b1f0c7e2a11';
const KEY = PseudonymKey.fromText('engine-workers-test-pseudonym-key');

/** Anything that answers SQL with rows. */
type Query = (sql: string) => Promise<readonly Record<string, unknown>[]>;

const TIMES = /(At|Ms|Seconds|^durations?|^ms|^elapsed|^rowsPerSecond)$/i;

/** A report (or a JSON text in a stored row) without what differs between two runs of the same data: times and durations. */
function comparable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => {
    if (TIMES.test(key)) return undefined;
    if (typeof v === 'string' && /^[[{]/.test(v)) {
      try {
        return comparable(JSON.parse(v));
      } catch {
        return v;
      }
    }
    return v;
  });
}

/** Every row of every user table (times left out), sorted: what the run stored. */
async function storedRows(query: Query): Promise<Record<string, string[]>> {
  const tables = await query(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const name = `"${String(t['table_schema'])}"."${String(t['table_name'])}"`;
    const rows = await query(`SELECT to_jsonb(x)::text AS j FROM ${name} x`);
    // The run's report and what is derived from it (the run link's digests) hold times.
    const timed = name.includes('cb_run_link') ? /^(hash|run_digest|_at|_ms)$|_at$/ : /(_at|_ms|heartbeat|^report|^report_text)$/;
    out[name] = rows
      .map((r) => JSON.stringify(comparable(JSON.parse(String(r['j']), (key, value: unknown) => (timed.test(key) ? undefined : value)) as unknown)))
      .sort();
  }
  return out;
}

describe('map workers on duplicate source keys', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cb-workers-dupkeys-'));
    // Key 4 twice in one batch; key 7 again batches later as a test row (filtered: the main thread maps
    // it for its ids); key 9 twice, the first with a bad birth date (quarantined at map); key 12 filtered.
    const rows: string[] = [];
    for (let k = 1; k <= 30; k++) {
      rows.push(`${k},Family${k},Given${k},${ahvn13(100 + k)},${k === 9 ? 'x' : '1970-01-02'},${k === 12 ? 'Y' : 'N'}`);
      if (k === 4) rows.push(`4,Second,Given4,${ahvn13(200)},1970-01-03,N`);
      if (k === 9) rows.push(`9,Second,Given9,${ahvn13(201)},1970-01-03,N`);
      if (k === 27) rows.push(`7,Second,Given7,${ahvn13(202)},1970-01-03,Y`);
    }
    writeFileSync(path.join(dir, 'persons.csv'), `id,official_name,first_name,vn,birth,test_flag\n${rows.join('\n')}\n`);
    const addresses = Array.from({ length: 30 }, (_, i) => `${101 + i},${i + 1},Street ${i + 1},Town`);
    writeFileSync(path.join(dir, 'addresses.csv'), `id,person_id,street,town\n${addresses.join('\n')}\n`);
  });

  async function run(options: MigrationOptions): Promise<{ report: RunReport; stored: Record<string, string[]> }> {
    const target = createPgliteTarget({});
    const definition = defineMigration({
      name: 'dup-keys-workers',
      source: sampleConnector(dir),
      commune: TEST_COMMUNE,
      sourceSystem: 'legacy-sample',
      mappings: [personMapping, addressMapping],
      target,
      options: { batchSize: 5, thresholds: [], pseudonymKey: KEY, ...options },
    });
    try {
      const report = await runMigration(definition, { runId: RUN_ID, keepTargetOpen: true });
      return { report, stored: await storedRows(async (sql) => (await target.pglite.query<Record<string, unknown>>(sql)).rows) };
    } finally {
      await target.close();
    }
  }

  it('quarantines the same rows and marks the same ids ambiguous with two workers as without', async () => {
    const inThread = await run({});
    const workers = await run({ workers: { count: 2, module: MODULE, export: 'sample' } });
    const persons = inThread.report.entities.find((e) => e.mapping === 'persons')!;
    expect(persons.quarantinedByCode['source.duplicate_key']).toBe(6);
    expect(inThread.report.entities.find((e) => e.mapping === 'addresses')!.quarantinedByCode['reference.ambiguous']).toBe(3);
    expect(comparable(workers.report)).toEqual(comparable(inThread.report));
    expect(Object.keys(workers.stored)).toEqual(Object.keys(inThread.stored));
    for (const table of Object.keys(inThread.stored)) expect(workers.stored[table], table).toEqual(inThread.stored[table]);
  }, 120_000);
});

await describeWithService('postgres', 'map workers', () => {
  let source: TestDatabase;
  const targets: TestDatabase[] = [];
  beforeAll(async () => {
    source = await createPostgresDatabase('cbwrk');
    await generateRelationalSource({ dialect: 'postgres', connection: source.url, persons: PERSONS });
  }, 120_000);
  afterAll(async () => {
    for (const db of targets) await db.drop();
    await source?.drop();
  });

  const connector = (): Connector => createPostgresConnector({ name: 'relational', connectionString: source.url });
  function migration(target: CanonicalTarget, options: MigrationOptions = {}) {
    return defineMigration({
      name: 'relational-workers',
      source: connector(),
      commune: TEST_COMMUNE,
      sourceSystem: RELATIONAL_SOURCE_SYSTEM,
      mappings: relationalProfile.mappings(),
      target,
      options: { batchSize: 30, thresholds: [...(relationalProfile.thresholds ?? [])], pseudonymKey: KEY, ...options },
    });
  }

  async function onPglite(options: MigrationOptions): Promise<{ report: RunReport; stored: Record<string, string[]> }> {
    const target = createPgliteTarget({});
    try {
      const report = await runMigration(migration(target, options), { runId: RUN_ID, keepTargetOpen: true });
      return { report, stored: await storedRows(async (sql) => (await target.pglite.query<Record<string, unknown>>(sql)).rows) };
    } finally {
      await target.close();
    }
  }

  async function onPostgres(options: MigrationOptions): Promise<{ report: RunReport; stored: Record<string, string[]> }> {
    const db = await createPostgresDatabase('cbwrkt');
    targets.push(db);
    const report = await runMigration(migration(createPostgresTarget({ connectionString: db.url }), options), { runId: RUN_ID });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return { report, stored: await storedRows(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[]) };
    } finally {
      await client.end();
    }
  }

  function expectSameRun(
    inThread: { report: RunReport; stored: Record<string, string[]> },
    workers: { report: RunReport; stored: Record<string, string[]> },
  ): void {
    expect(inThread.report.status).not.toBe('failed');
    // The source's planted defects are there to compare: quarantine, filters, warnings, coverage.
    const totals = inThread.report.entities.reduce((a, e) => ({ q: a.q + e.quarantined, f: a.f + e.filtered }), { q: 0, f: 0 });
    expect(totals.q).toBeGreaterThan(0);
    expect(totals.f).toBeGreaterThan(0);
    expect(JSON.stringify(inThread.report)).toContain('"codeList"');
    expect(comparable(workers.report)).toEqual(comparable(inThread.report));
    expect(Object.keys(workers.stored)).toEqual(Object.keys(inThread.stored));
    for (const table of Object.keys(inThread.stored)) expect(workers.stored[table], table).toEqual(inThread.stored[table]);
  }

  it('on PGlite (flag policy): two workers give the same report, records, ledger, quarantine and notes as none', async () => {
    const inThread = await onPglite({});
    const workers = await onPglite({ workers: { count: 2, module: MODULE } });
    expectSameRun(inThread, workers);
    expect(workers.report.entities.reduce((n, e) => n + e.loaded, 0)).toBeGreaterThan(PERSONS);
  }, 240_000);

  it('on PostgreSQL (merge policy): two workers give the same report and stored rows as none', async () => {
    const inThread = await onPostgres({ duplicatePolicy: 'merge' });
    const workers = await onPostgres({ duplicatePolicy: 'merge', workers: { count: 2, module: MODULE } });
    expectSameRun(inThread, workers);
  }, 240_000);

  /** Runs a definition that must fail at start; returns the error and what the run emitted. */
  async function refused(options: MigrationOptions): Promise<{ error: unknown; events: ProgressEvent[]; stored: Record<string, string[]> }> {
    const db = await createPostgresDatabase('cbwrkr');
    targets.push(db);
    const events: ProgressEvent[] = [];
    const error = await runMigration(migration(createPostgresTarget({ connectionString: db.url }), options), { onProgress: (e) => events.push(e) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return { error, events, stored: await storedRows(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[]) };
    } finally {
      await client.end();
    }
  }

  it('a worker module with another mapping version is refused before a row is read (CB_WORKER_MISMATCH); nothing is written', async () => {
    const { error, events, stored } = await refused({ workers: { count: 2, module: MODULE, export: 'otherVersion' } });
    expect(isCasebridgeError(error, ERROR_CODES.WORKER_MISMATCH)).toBe(true);
    expect((error as { details?: Record<string, unknown> }).details?.['mappings']).toBe('case');
    expect(events).toEqual([]);
    expect(stored).toEqual({});
  }, 60_000);

  it('a definition with its own validator needs the module to give it, and a module may not replace the model validator (CB_WORKER_MISMATCH)', async () => {
    const own = await refused({ validator: modelRules.validator, workers: { count: 1, module: MODULE } });
    expect(isCasebridgeError(own.error, ERROR_CODES.WORKER_MISMATCH)).toBe(true);
    expect(own.stored).toEqual({});
    const replaced = await refused({ workers: { count: 1, module: MODULE, export: 'withValidator' } });
    expect(isCasebridgeError(replaced.error, ERROR_CODES.WORKER_MISMATCH)).toBe(true);
    expect(replaced.stored).toEqual({});
  }, 60_000);

  it('a worker module that throws at import fails the run with CB_WORKER_FAILED and its cause; nothing is written', async () => {
    const { error, events, stored } = await refused({ workers: { count: 2, module: THROWING_MODULE } });
    expect(isCasebridgeError(error, ERROR_CODES.WORKER_FAILED)).toBe(true);
    expect(String((error as Error).cause)).toContain('worker module fails at import');
    expect(events).toEqual([]);
    expect(stored).toEqual({});
  }, 60_000);

  it('a worker that dies fails the run without committing its batch; the resumed run loads every row exactly once', async () => {
    const db = await createPostgresDatabase('cbwrkd');
    targets.push(db);
    const runId = '0d7f1f7e-52a4-4c1f-8f3e-6a2b9c4d5e60';
    process.env['CB_TEST_WORKER_EXIT_AFTER'] = '200';
    let first: RunReport;
    try {
      first = await runMigration(migration(createPostgresTarget({ connectionString: db.url }), { workers: { count: 2, module: MODULE, export: 'dying' } }), {
        runId,
      });
    } finally {
      delete process.env['CB_TEST_WORKER_EXIT_AFTER'];
    }
    expect(first.status).toBe('failed');
    expect(JSON.stringify(first.errors ?? first)).toContain(ERROR_CODES.WORKER_FAILED);
    const bookings = first.entities.find((e) => e.mapping === 'booking')!;
    // Some batches of `booking` were committed before the worker died, not all of them.
    expect(bookings.extracted).toBeGreaterThan(0);
    expect(bookings.extracted).toBeLessThan(600);
    const resumed = await runMigration(
      migration(createPostgresTarget({ connectionString: db.url }), { workers: { count: 2, module: MODULE, export: 'dying' } }),
      {
        runId,
        resume: true,
      },
    );
    const clean = await onPglite({});
    expect(resumed.status).toBe(clean.report.status);
    const counts = (r: RunReport) => r.entities.map((e) => [e.mapping, e.extracted, e.loaded, e.filtered, e.quarantined]);
    expect(counts(resumed)).toEqual(counts(clean.report));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const stored = await storedRows(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[]);
      for (const [table, rows] of Object.entries(clean.stored)) {
        if (/cb_(run|session|stage|batch)/.test(table)) continue; // the ledger of two sessions differs from one
        expect(stored[table]?.length, table).toBe(rows.length);
      }
    } finally {
      await client.end();
    }
  }, 240_000);

  it('a cancelled run with workers ends as cancelled and stops its workers', async () => {
    const target = createPgliteTarget({});
    const controller = new AbortController();
    const report = await runMigration(migration(target, { workers: { count: 2, module: MODULE } }), {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'batch-committed') controller.abort();
      },
    });
    expect(report.status).toBe('cancelled');
    // No worker thread is left running (the test file would otherwise not end).
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'MessagePort')).toEqual([]);
  }, 120_000);
});

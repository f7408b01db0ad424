/**
 * Resume after SIGKILL (also with two map worker threads): a child process runs the migration into a
 * real PostgreSQL target and is killed at a random batch; a second process resumes the same run id from its last committed checkpoint. The
 * final target must equal that of an uninterrupted run (same ids, same content hashes, no duplicate, no
 * missing record) and the resumed run's accounting must cover the whole run. Repeated several times.
 * The store starts empty, so both the killed and the resumed process write on the first-load path.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { LINEAGE_TABLES } from '../src/targets/ledger/lineage-compact-ddl.js';
import { expectedAccounting, writeSampleSource } from './fixtures/engine/sample-source.js';

const PERSONS = 150;
const BATCH = 10;
const CHILD = fileURLToPath(new URL('./fixtures/engine/resume-child.ts', import.meta.url));
const ROUNDS = 3;

interface ChildResult {
  readonly killedAt: number | null;
  readonly done: {
    status: string;
    resumed: boolean;
    entities: [string, number, number, number, number, boolean][];
    paths: { 'first-load': number; upsert: number };
  } | null;
}

/** Runs the child; kills it with SIGKILL once it printed `killAfter` batches (never when null). */
function runChild(args: string[], killAfter: number | null): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killedAt: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const batches = (out.match(/^batch \d+$/gm) ?? []).length;
      if (killAfter !== null && killedAt === null && batches >= killAfter) {
        killedAt = batches;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const doneLine = /^done (.*)$/m.exec(out)?.[1];
      if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${err.slice(-2000)}`));
      else resolve({ killedAt, done: doneLine === undefined ? null : JSON.parse(doneLine) });
    });
  });
}

async function targetState(url: string): Promise<{ tables: Record<string, string>; lineage: number; duplicates: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables: Record<string, string> = {};
    for (const table of ['person', 'address']) {
      const r = await client.query<{ n: string; h: string }>(
        `SELECT count(*)::text AS n, md5(string_agg(id::text || ':' || content_hash, ',' ORDER BY id)) AS h FROM ${STORE_SCHEMA}.${table}`,
      );
      tables[table] = `${r.rows[0]!.n}:${r.rows[0]!.h}`;
    }
    const lin = await client.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, (count(*) - count(DISTINCT (entity, canonical_id, source_table, source_key)))::int AS d FROM ${LINEAGE_TABLES.view}`,
    );
    return { tables, lineage: lin.rows[0]!.n, duplicates: lin.rows[0]!.d };
  } finally {
    await client.end();
  }
}

await describeWithService('postgres', 'engine resume after SIGKILL (PostgreSQL target)', () => {
  let dir: string;
  const dbs: TestDatabase[] = [];
  let clean: Awaited<ReturnType<typeof targetState>>;
  const totalBatches = Math.ceil(PERSONS / BATCH) + Math.ceil((PERSONS + 1) / BATCH);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cb-resume-'));
    await writeSampleSource(dir, PERSONS);
    const db = await createPostgresDatabase('cbresume');
    dbs.push(db);
    const result = await runChild([dir, db.url, randomUUID(), '0', String(BATCH)], null);
    expect(result.done?.status).toBe('passed');
    // A fresh store: every batch takes the first-load path (COPY straight into the final tables).
    expect(result.done?.paths).toEqual({ 'first-load': totalBatches, upsert: 0 });
    clean = await targetState(db.url);
  }, 120_000);

  /** The resumed run's accounting covers the whole run (not just the part after the kill), and its store equals the clean run's. */
  async function expectEqualsCleanRun(done: NonNullable<ChildResult['done']>, url: string): Promise<void> {
    const expected = expectedAccounting(PERSONS);
    expect(done.entities).toEqual([
      ['persons', PERSONS, expected.persons.loaded, expected.persons.filtered, expected.persons.quarantined, true],
      ['addresses', PERSONS + 1, expected.addresses.loaded, 0, expected.addresses.quarantined, true],
    ]);
    const state = await targetState(url);
    expect(state.duplicates).toBe(0);
    expect(state.tables).toEqual(clean.tables);
    expect(state.lineage).toBe(clean.lineage);
  }

  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: killed at a random batch, resumed, equals the clean run`, async () => {
      const db = await createPostgresDatabase('cbresume');
      dbs.push(db);
      const runId = randomUUID();
      const killAfter = 1 + Math.floor(Math.random() * (totalBatches - 2));
      const killed = await runChild([dir, db.url, runId, '0', String(BATCH)], killAfter);
      expect(killed.done).toBeNull();
      const resumed = await runChild([dir, db.url, runId, '1', String(BATCH)], null);
      expect(resumed.done).not.toBeNull();
      expect(resumed.done!.status).toBe('passed');
      // The run's own rows do not take it off the first-load path: the resume is on the fast path too.
      expect(resumed.done!.paths.upsert).toBe(0);
      expect(resumed.done!.paths['first-load']).toBeGreaterThan(0);
      await expectEqualsCleanRun(resumed.done!, db.url);
      console.info(`round ${round}: killed after batch ${killed.killedAt ?? '?'} of ${totalBatches}; resumed=${resumed.done!.resumed}`);
    }, 120_000);
  }

  it('with two map workers: killed at a random batch, resumed with workers, equals the clean run', async () => {
    const db = await createPostgresDatabase('cbresume');
    dbs.push(db);
    const runId = randomUUID();
    const killAfter = 1 + Math.floor(Math.random() * (totalBatches - 2));
    const killed = await runChild([dir, db.url, runId, '0', String(BATCH), '2'], killAfter);
    expect(killed.done).toBeNull();
    const resumed = await runChild([dir, db.url, runId, '1', String(BATCH), '2'], null);
    expect(resumed.done?.status).toBe('passed');
    await expectEqualsCleanRun(resumed.done!, db.url);
  }, 120_000);
});

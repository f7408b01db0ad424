/**
 * The canonical target on a real PostgreSQL server: COPY FROM STDIN into staging tables, INSERT … ON
 * CONFLICT, ledger in the same transaction, dry run rolled back, resume from a new pool after a crash.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, isCasebridgeError } from '../src/core/errors.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { createPostgresDatabase, describeWithService } from './helpers/databases.js';
import type { TestDatabase } from './helpers/databases.js';
import { applyTestSchema, batch, person, runInfo, TEST_MODEL } from './targets-fixture.js';
import { defineTargetSuite } from './targets-suite.js';
import type { TargetHarness } from './targets-suite.js';

await describeWithService('postgres', 'PostgreSQL canonical target', () => {
  let db: TestDatabase;
  let raw: pg.Pool;

  beforeAll(async () => {
    db = await createPostgresDatabase('cbtarget');
    raw = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await raw.end();
    await db.drop();
  });

  const harness: TargetHarness = {
    async create() {
      const target = createPostgresTarget({ connectionString: db.url, model: TEST_MODEL, applyCanonicalSchema: applyTestSchema });
      await target.open();
      await target.ensureSchema();
      return target;
    },
    async query(sql, params) {
      const result = await raw.query<Record<string, unknown>>(sql, params ?? []);
      return result.rows;
    },
  };

  defineTargetSuite(() => harness);

  describe('with a caller-owned pool', () => {
    it('uses the pool without ending it, and concurrent ensureSchema calls do not collide', async () => {
      const pool = new pg.Pool({ connectionString: db.url, max: 4 });
      const targets = [0, 1, 2].map(() => createPostgresTarget({ pool, model: TEST_MODEL, applyCanonicalSchema: applyTestSchema }));
      await Promise.all(targets.map((t) => t.open()));
      await Promise.all(targets.map((t) => t.ensureSchema()));
      await Promise.all(targets.map((t) => t.close()));
      const result = await pool.query('SELECT 1 AS one');
      expect(result.rows).toEqual([{ one: 1 }]);
      await pool.end();
    });
  });

  it('with firstLoad: false writes every batch through the staged upsert path', async () => {
    const target = createPostgresTarget({ connectionString: db.url, model: TEST_MODEL, applyCanonicalSchema: applyTestSchema, firstLoad: false });
    await target.open();
    try {
      await target.ensureSchema();
      await raw.query(
        'TRUNCATE casebridge.person, casebridge.booking, casebridge.cb_lineage, casebridge.cb_lineage_source, casebridge.cb_lineage_mapping, casebridge.cb_quarantine, casebridge.cb_run_mapping, casebridge.cb_run_session, casebridge.cb_run_stage, casebridge.cb_run_batch_detail, casebridge.cb_record_note, casebridge.cb_run_link, casebridge.cb_run_history, casebridge.cb_rollback, casebridge.cb_run',
      );
      const runId = randomUUID();
      await target.beginRun(runInfo(runId));
      const result = await target.commitBatch(batch(runId, 'person-mapping', [person(1), person(2)], 2));
      expect(result.byEntity).toEqual({ person: { inserted: 2, updated: 0, unchanged: 0 } });
      expect(target.loadPaths()).toEqual({ 'first-load': 0, upsert: 1 });
    } finally {
      await target.close();
    }
  });

  it('translates an unreachable server into a ConnectionError without the URL in the message', async () => {
    const target = createPostgresTarget({ connectionString: 'postgres://nobody:secret@127.0.0.1:1/none', model: TEST_MODEL });
    const error = await target.open().catch((e: unknown) => e);
    expect(isCasebridgeError(error, ERROR_CODES.CONNECTION_FAILED)).toBe(true);
    expect(String((error as Error).message)).not.toContain('secret');
    await target.close();
  });
});

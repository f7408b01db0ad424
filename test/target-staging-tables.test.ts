/**
 * The SQL targets stage bulk writes in session-lived temporary tables (created once, emptied by each
 * commit) instead of creating and dropping two tables in every batch; a dry run, whose transaction
 * never commits per batch, empties them by statement. Proven on PGlite, whose single session lets the
 * test look into the target's own temporary schema.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { applyTestSchema, batch, booking, person, runInfo, TEST_MODEL } from './targets-fixture.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'cb-staging-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('session-lived staging tables', () => {
  it('creates one staging table per entity and one for lineage, reuses them across batches and runs, and leaves them empty', async () => {
    // The upsert path (re-runs, deliveries) is the one that stages; a first load COPYs straight in.
    const target = createPgliteTarget({ dataDir, model: TEST_MODEL, applyCanonicalSchema: applyTestSchema, firstLoad: false });
    await target.open();
    await target.ensureSchema();
    const staging = async (): Promise<{ name: string; oid: number }[]> =>
      (
        await target.pglite.query<{ name: string; oid: number }>(
          `SELECT relname AS name, oid::int AS oid FROM pg_class WHERE relpersistence = 't' AND relkind = 'r' AND relname LIKE 'cb_stage_%' ORDER BY relname`,
        )
      ).rows;
    const stagedRows = async (): Promise<number> => {
      let total = 0;
      for (const t of await staging())
        total += Number((await target.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_temp."${t.name}"`)).rows[0]?.n);
      return total;
    };
    try {
      const runId = randomUUID();
      await target.beginRun(runInfo(runId));
      await target.commitBatch(batch(runId, 'person-mapping', [person(1), person(2)], 2));
      const first = await staging();
      expect(first.map((t) => t.name.replace(/_[0-9a-f]{10}$/, ''))).toEqual(['cb_stage_lineage', 'cb_stage_person']);
      await target.commitBatch(batch(runId, 'person-mapping', [person(3)], 3));
      await target.commitBatch(batch(runId, 'booking-mapping', [booking(1, 1, 500, '2024-03-01')], 1));
      await target.finishRun(runId, 'finished', {});
      const after = await staging();
      expect(after.map((t) => t.name.replace(/_[0-9a-f]{10}$/, ''))).toEqual(['cb_stage_booking', 'cb_stage_lineage', 'cb_stage_person']);
      // The same tables (same oids), not new ones per batch.
      for (const t of first) expect(after.find((a) => a.name === t.name)?.oid).toBe(t.oid);
      expect(await stagedRows()).toBe(0);

      // A dry run's batches share one transaction: the tables are emptied after each batch all the same.
      const dryId = randomUUID();
      await target.beginRun(runInfo(dryId, true));
      const dry = await target.commitBatch(batch(dryId, 'person-mapping', [person(1), person(2, { lastName: 'Changed' }), person(4)], 4));
      expect(dry.byEntity['person']).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
      expect(await stagedRows()).toBe(0);
      await target.finishRun(dryId, 'finished', {});
      expect((await target.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM casebridge.person`)).rows[0]?.n).toBe(3);
    } finally {
      await target.close();
    }
  });
});

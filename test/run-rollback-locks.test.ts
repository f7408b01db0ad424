/**
 * A rollback takes the run locks of the run's commune and source system (PostgreSQL): while another run
 * of that tenant writes, the rollback is refused with CB_RUN_LOCKED naming the holder, and nothing changes;
 * once that run has ended, the refusal is about the later run instead.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunInfo } from '../src/core/pipeline/canonical-target.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import type { SqlCanonicalTarget } from '../src/targets/shared/sql-canonical-target.js';
import { rollbackRun } from '../src/targets/store/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const run = (): RunInfo => ({
  runId: randomUUID(),
  migration: 'locks',
  commune: TEST_COMMUNE,
  sourceSystem: 'lock-src',
  dryRun: false,
  mappingVersions: {},
  startedAt: new Date().toISOString(),
});

await describeWithService('postgres', 'rollback under the run locks → PostgreSQL', () => {
  let db: TestDatabase;
  const targets: SqlCanonicalTarget[] = [];
  beforeAll(async () => {
    db = await createPostgresDatabase('cbrollbacklock');
  });
  afterAll(async () => {
    for (const target of targets) await target.close();
    await db.drop();
  });

  it('is refused while a run of the same commune and source system holds the lock', async () => {
    const writer = createPostgresTarget({ connectionString: db.url });
    const undoer = createPostgresTarget({ connectionString: db.url });
    targets.push(writer, undoer);
    for (const t of [writer, undoer]) {
      await t.open();
      await t.ensureSchema();
    }
    const earlier = run();
    await writer.beginRun(earlier);
    await writer.finishRun(earlier.runId, 'finished', {});
    const later = run();
    await writer.beginRun(later);
    await expect(rollbackRun(undoer, earlier.runId)).rejects.toMatchObject({ code: 'CB_RUN_LOCKED', details: { scope: 'source', holderRunId: later.runId } });
    await writer.finishRun(later.runId, 'finished', {});
    await expect(rollbackRun(undoer, earlier.runId)).rejects.toMatchObject({ code: 'CB_ROLLBACK_REFUSED', details: { laterRunId: later.runId } });
    await rollbackRun(undoer, later.runId);
    expect((await rollbackRun(undoer, earlier.runId)).runId).toBe(earlier.runId);
  }, 120_000);
});

/**
 * Rolling back a delta run puts its commune's high-water marks back where the run before left them
 * (PGlite): a mark the run moved returns to its earlier value, a mark the run set first is gone, so the
 * next delta run reads again what the rolled-back run had read.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { HighWaterMark } from '../src/core/pipeline/canonical-target.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { rollbackRun } from '../src/targets/store/index.js';
import { TEST_COMMUNE, testTenant } from './helpers/tenant.js';

const target = createPgliteTarget({});
afterAll(async () => {
  await target.close();
});

async function finishedRun(marks: readonly HighWaterMark[]): Promise<string> {
  const runId = randomUUID();
  await target.beginRun({
    runId,
    migration: 'delta',
    commune: TEST_COMMUNE,
    sourceSystem: 'delta-src',
    dryRun: false,
    mappingVersions: {},
    startedAt: new Date().toISOString(),
  });
  await target.finishRun(runId, 'finished', {}, marks);
  return runId;
}

describe('rollback of high-water marks → PGlite', () => {
  it('restores the marks the run moved and removes the ones it set first', async () => {
    await target.open();
    await target.ensureSchema();
    const tenant = testTenant('delta-src');
    await finishedRun([{ mapping: 'persons', mode: 'stamp', column: 'changed_at', value: '2026-01-01 00:00:00' }]);
    const before = await target.highWaterMarks(tenant);
    const second = await finishedRun([
      { mapping: 'persons', mode: 'stamp', column: 'changed_at', value: '2026-02-01 00:00:00' },
      { mapping: 'payments', mode: 'growing-key', column: 'id', value: '900' },
    ]);
    expect((await target.highWaterMarks(tenant)).map((m) => m.value)).toEqual(['900', '2026-02-01 00:00:00']);
    const result = await rollbackRun(target, second);
    expect(result.highWaterMarks).toEqual({ removed: 2, restored: 1 });
    expect(await target.highWaterMarks(tenant)).toEqual(before);
  }, 120_000);
});

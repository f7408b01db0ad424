/**
 * The run's declared lifecycle (issue 16): `RunOptions.onBatchCommitted` sees every committed batch
 * with its quarantine (what the CLI's quarantine export is written from, without wrapping the target),
 * `onStage` reports the load stages and the post-load steps in order, and the target's declared
 * abilities are reachable without casts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { LoadBatch } from '../src/core/pipeline/canonical-target.js';
import type { StageEvent } from '../src/core/pipeline/progress-event.js';
import { TEST_COMMUNE } from './helpers/tenant.js';
import { addressMapping, expectedAccounting, personMapping, sampleConnector, writeSampleSource } from './fixtures/engine/sample-source.js';

const PERSONS = 30;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-hooks-'));
  await writeSampleSource(dir, PERSONS);
}, 120_000);

describe('run lifecycle hooks', () => {
  it('hand every committed batch and every stage to the caller, post-load steps included', async () => {
    const target = createPgliteTarget({});
    const batches: LoadBatch[] = [];
    const stages: StageEvent[] = [];
    const report = await runMigration(
      defineMigration({
        name: 'hooks',
        source: sampleConnector(dir),
        commune: TEST_COMMUNE,
        sourceSystem: 'legacy-sample',
        mappings: [personMapping, addressMapping],
        target,
        options: { batchSize: 7, thresholds: [] },
      }),
      {
        onBatchCommitted: (batch) => void batches.push(batch),
        onStage: (event) => void stages.push(event),
        keepTargetOpen: true,
      },
    );
    try {
      expect(report.status).toBe('passed');
      const expected = expectedAccounting(PERSONS);
      // Every batch the ledger counted passed through the hook, with the rows it quarantined.
      expect(batches.map((b) => b.mapping)).toEqual(expect.arrayContaining(['persons', 'addresses']));
      expect(batches.filter((b) => b.mapping === 'persons').reduce((t, b) => t + b.stats.extracted, 0)).toBe(PERSONS);
      expect(batches.reduce((t, b) => t + b.quarantine.length, 0)).toBe(expected.persons.quarantined + expected.addresses.quarantined);
      // The declared ability holds the same quarantine as the hook saw.
      const ledger = await target.quarantineEntries?.(report.runId);
      expect(ledger?.map((e) => e.recordRef).sort()).toEqual(batches.flatMap((b) => b.quarantine.map((e) => e.recordRef)).sort());
      // Stages: load stages per mapping, then reconcile, then the post-load case checks.
      const order = stages.filter((s) => s.mapping === undefined).map((s) => `${s.stage}:${s.state}`);
      expect(order).toEqual(['reconcile:started', 'reconcile:finished', 'case-checks:started', 'case-checks:finished']);
      expect(stages.filter((s) => s.stage === 'load').map((s) => `${s.mapping}:${s.state}`)).toEqual([
        'persons:started',
        'persons:finished',
        'addresses:started',
        'addresses:finished',
      ]);
      expect(stages.some((s) => s.stage === 'load' && s.mapping === 'persons')).toBe(true);
      expect(typeof target.documentStore).toBe('function');
      expect(typeof target.runQueryable).toBe('function');
    } finally {
      await target.close();
    }
  }, 180_000);
});

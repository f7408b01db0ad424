/**
 * A delivery stopped after its tombstones were written (cancelled as its case checks start) and resumed
 * reports the delivery of the whole run: the live counts it started from and the deletions the first
 * session made are kept in the ledger, so the resumed run's delivery section equals an uninterrupted
 * delivery's, balances, and the run passes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, expect, it } from 'vitest';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { CanonicalTarget } from '../src/core/pipeline/canonical-target.js';
import { FLAT_FILE_SOURCE_SYSTEM, flatFileMigration, generateFlatFileExport } from '../src/profiles/flat-file/index.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const targets: PgliteTarget[] = [];
afterAll(async () => {
  for (const target of targets) await target.close();
});

it('a delivery cancelled after its deletions resumes with the deletions of both sessions and balances', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-delivery-resume-'));
  await generateFlatFileExport({ dir, persons: 20, seed: 12 });
  const migration = (target: CanonicalTarget) =>
    flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: { batchSize: 48 } });
  const clean = createPgliteTarget({});
  const stopped = createPgliteTarget({});
  targets.push(clean, stopped);
  for (const target of [clean, stopped]) expect((await runMigration(migration(target), { keepTargetOpen: true })).status).not.toBe('failed');

  // Delivery 2: three payments are gone from the export (a full snapshot: they become tombstones).
  const file = path.join(dir, 'ZAHLUNGEN.csv');
  const lines = iconv
    .decode(readFileSync(file), 'win1252')
    .split('\r\n')
    .filter((l) => l !== '');
  writeFileSync(file, iconv.encode(`${[lines[0]!, ...lines.slice(4)].join('\r\n')}\r\n`, 'win1252'));

  const uninterrupted = await runMigration(migration(clean), { keepTargetOpen: true });
  expect(uninterrupted.delivery?.deletedCount).toBeGreaterThanOrEqual(3);

  const runId = randomUUID();
  const controller = new AbortController();
  const first = await runMigration(migration(stopped), {
    runId,
    keepTargetOpen: true,
    signal: controller.signal,
    onStage: (event) => {
      if (event.stage === 'case-checks' && event.state === 'started') controller.abort();
    },
  });
  expect(first.status).toBe('cancelled');
  expect(first.delivery?.deletedCount).toBe(uninterrupted.delivery?.deletedCount);
  expect(first.sessions?.map((s) => s.outcome)).toEqual(['cancelled']);

  const resumed = await runMigration(migration(stopped), { runId, resume: true, keepTargetOpen: true });
  expect(resumed.status).toBe(uninterrupted.status);
  expect(resumed.reasons).toEqual(uninterrupted.reasons);
  expect(resumed.delivery?.balanced).toBe(true);
  const figures = (d: typeof resumed.delivery) => ({ deletedCount: d?.deletedCount, entities: d?.entities });
  expect(figures(resumed.delivery)).toEqual(figures(uninterrupted.delivery));
  expect(resumed.sessions?.map((s) => s.outcome)).toEqual(['cancelled', 'finished']);
  expect(resumed.stages?.find((s) => s.stage === 'case-checks')).toMatchObject({ state: 'finished', session: 2 });
}, 600_000);

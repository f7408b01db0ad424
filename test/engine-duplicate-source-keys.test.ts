/**
 * Issue 14, defect 1: two source rows with one legacy key must never overwrite each other. Every row of
 * a duplicated key is quarantined as `source.duplicate_key` (named by the pseudonymous record ref of
 * mapping and key), also when the repeat is batches after the first row (a scan before the load finds
 * it, so the first row is never loaded); dependants of a duplicated key are quarantined
 * (`reference.ambiguous`) instead of pointing at the wrong person; the accounting balances and agrees
 * with the rows in the store; a run interrupted between the two rows of a key finds it on resume.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { sourceRecordRef } from '../src/core/pipeline/identity.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { addressMapping, ahvn13, personMapping, sampleConnector } from './fixtures/engine/sample-source.js';
import { PseudonymKey } from '../src/core/pseudonyms/pseudonym-key.js';
import { TEST_COMMUNE, testId } from './helpers/tenant.js';

const KEY = PseudonymKey.fromText('duplicate-source-keys-test-secret-0123456789');

const BATCH = 5;
let dir: string;
let template: Blob;
const open: { target: PgliteTarget; db: PGlite }[] = [];

/**
 * Person rows in file order (key, name): keys 1–30 without 6. Key 4 twice inside the first batch; key 7
 * in the second batch and again near the end (sixth batch): a cross-batch duplicate.
 */
const PERSON_ROWS: [number, string][] = [];
for (let k = 1; k <= 30; k++) {
  if (k === 6) continue;
  PERSON_ROWS.push([k, k === 4 || k === 7 ? `First${k}` : `N${k}`]);
  if (k === 4) PERSON_ROWS.push([4, 'Second4']);
  if (k === 27) PERSON_ROWS.push([7, 'Second7']);
}
const PERSON_KEYS = [...new Set(PERSON_ROWS.map(([k]) => k))];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-dupkeys-'));
  const persons = ['id,official_name,first_name,vn,birth,test_flag'];
  for (const [i, [key, name]] of PERSON_ROWS.entries()) persons.push(`${key},Family${name},Given${key},${ahvn13(100 + i)},1970-01-0${1 + (i % 9)},N`);
  writeFileSync(path.join(dir, 'persons.csv'), `${persons.join('\n')}\n`);
  // One address per person key (address key = 100 + person key).
  writeFileSync(path.join(dir, 'addresses.csv'), `id,person_id,street,town\n${PERSON_KEYS.map((k) => `${100 + k},${k},Street ${k},Town`).join('\n')}\n`);
  const seed = createPgliteTarget({});
  await seed.open();
  await seed.ensureSchema();
  template = await seed.pglite.dumpDataDir('none');
  await seed.close();
}, 120_000);

afterEach(async () => {
  for (const { target, db } of open.splice(0)) {
    await target.close().catch(() => undefined);
    await db.close().catch(() => undefined);
  }
});

function newTarget(): PgliteTarget {
  const db = new PGlite({ loadDataDir: template });
  const target = createPgliteTarget({ pglite: db });
  open.push({ target, db });
  return target;
}

function migration(target: PgliteTarget) {
  return defineMigration({
    name: 'dup-keys',
    source: sampleConnector(dir),
    commune: TEST_COMMUNE,
    sourceSystem: 'legacy-sample',
    mappings: [personMapping, addressMapping],
    target,
    // The planted duplicates exceed any sensible quarantine share; this test is about where rows go.
    options: { batchSize: BATCH, thresholds: [], reconcile: false, pseudonymKey: KEY },
  });
}

async function quarantined(target: PgliteTarget, runId: string): Promise<{ ref: string; codes: string[] }[]> {
  const r = await target.pglite.query<{ record_ref: string; issue_codes: string[] }>(
    `SELECT record_ref, issue_codes FROM ${LEDGER_TABLES.quarantine} WHERE run_id = $1 ORDER BY quarantine_id`,
    [runId],
  );
  return r.rows.map((x) => ({ ref: x.record_ref, codes: x.issue_codes }));
}

async function expectOutcome(target: PgliteTarget, runId: string, report: Awaited<ReturnType<typeof runMigration>>): Promise<void> {
  const persons = report.entities.find((e) => e.mapping === 'persons')!;
  const addresses = report.entities.find((e) => e.mapping === 'addresses')!;
  // 31 rows: both rows of key 4 and both rows of key 7 are quarantined; nothing overwritten.
  expect([persons.extracted, persons.loaded, persons.quarantined, persons.balanced]).toEqual([31, 27, 4, true]);
  expect(persons.quarantinedByCode).toEqual({ 'source.duplicate_key': 4 });
  // The addresses of keys 4 and 7 reference an ambiguous person.
  expect([addresses.extracted, addresses.loaded, addresses.quarantined, addresses.balanced]).toEqual([29, 27, 2, true]);
  expect(addresses.quarantinedByCode).toEqual({ 'reference.ambiguous': 2 });
  expect(report.quarantine.byCode).toEqual({ 'source.duplicate_key': 4, 'reference.ambiguous': 2 });

  // The store holds exactly the loaded rows; neither person 4 nor person 7 is in it.
  const count = await target.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}.person`);
  expect(count.rows[0]!.n).toBe(27);
  for (const key of [4, 7]) {
    const found = await target.pglite.query(`SELECT 1 FROM ${STORE_SCHEMA}.person WHERE id = $1`, [testId('legacy-sample', 'person', key)]);
    expect(found.rows).toEqual([]);
  }

  // The ledger names the duplicated keys by pseudonym only (mapping:hash), never the key or a value.
  const ref4 = sourceRecordRef('persons', 'legacy-sample', 'persons', '4', KEY);
  const ref7 = sourceRecordRef('persons', 'legacy-sample', 'persons', '7', KEY);
  const q = await quarantined(target, runId);
  expect(q.filter((x) => x.codes.includes('source.duplicate_key')).map((x) => x.ref)).toEqual([ref4, ref4, ref7, ref7]);
  expect(JSON.stringify(report)).not.toContain('FamilySecond');
  expect(JSON.stringify(report)).not.toContain('FamilyFirst');
}

describe('duplicate source keys', () => {
  it('quarantine every row of a duplicated key, in one batch or batches apart, the first row too; dependants are not attached', async () => {
    const target = newTarget();
    const runId = randomUUID();
    const report = await runMigration(migration(target), { runId, keepTargetOpen: true });
    await expectOutcome(target, runId, report);
  });

  it('are found across an interruption: a resumed run quarantines the same rows as an uninterrupted one', async () => {
    const target = newTarget();
    const runId = randomUUID();
    const controller = new AbortController();
    let committed = 0;
    // Stop after the second batch: the first row of key 7 is committed (to quarantine), its repeat is not read yet.
    const first = await runMigration(migration(target), {
      runId,
      signal: controller.signal,
      keepTargetOpen: true,
      onProgress: (e) => {
        if (e.type === 'batch-committed' && ++committed === 2) controller.abort();
      },
    });
    expect(first.status).toBe('cancelled');
    expect(first.entities.find((e) => e.mapping === 'persons')!.extracted).toBeLessThan(28);
    const resumed = await runMigration(migration(target), { runId, resume: true, keepTargetOpen: true });
    expect(resumed.resumed).toBe(true);
    await expectOutcome(target, runId, resumed);
  });
});

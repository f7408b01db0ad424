/**
 * The run chain on PGlite and on a real PostgreSQL server: three real runs (and a dry run, which leaves
 * no link) form one intact, signed chain; an edited report in the ledger, an edited quarantine row, an
 * edited report file, a deleted run and a wrong signature each break it, and `verifyRunChain` names the
 * first broken link; a run undone by `rollback` keeps its link intact; a cancelled and resumed run is
 * sealed once.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { TargetQueryable } from '../src/core/pipeline/canonical-target.js';
import { sha256Hex } from '../src/targets/ledger/run-digest.js';
import { verifyRunChain } from '../src/targets/ledger/run-chain-verify.js';
import { RUN_CHAIN_TABLE } from '../src/targets/ledger/run-chain-ddl.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { rollbackRun } from '../src/targets/shared/rollback-run.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import type { SqlCanonicalTarget } from '../src/targets/shared/sql-canonical-target.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE } from './helpers/tenant.js';
import { addressMapping, personMapping, sampleConnector, writeSampleSource } from './fixtures/engine/sample-source.js';

const sourceDir = mkdtempSync(path.join(tmpdir(), 'cb-chain-src-'));
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519').publicKey;

beforeAll(async () => {
  await writeSampleSource(sourceDir, 40);
}, 60_000);

function migration(target: SqlCanonicalTarget) {
  return defineMigration({
    name: 'chain-test',
    source: sampleConnector(sourceDir),
    commune: TEST_COMMUNE,
    sourceSystem: 'legacy-sample',
    mappings: [personMapping, addressMapping],
    target,
    options: { batchSize: 10, thresholds: [] },
  });
}

/** A real run whose stored report is written as its report file and recorded (signed) in its link. */
async function sealedRun(target: SqlCanonicalTarget, reportsDir: string, key: KeyObject = privateKey): Promise<string> {
  const report = await runMigration(migration(target), { keepTargetOpen: true });
  const text = (await target.storedReport(report.runId))!;
  const name = `runs/${report.runId}.json`;
  writeFileSync(path.join(reportsDir, name), text);
  expect(await target.recordRunFiles(report.runId, [{ name, sha256: sha256Hex(text) }], key)).toBe(true);
  return report.runId;
}

/** Edits the store with `sql`, expects the chain's first break, then undoes the edit with `undo`. */
async function expectBreak(q: TargetQueryable, reportsDir: string, edit: () => Promise<void>, undo: () => Promise<void>, expected: object): Promise<void> {
  await edit();
  const broken = await verifyRunChain(q, { reportsDir, publicKey });
  expect(broken.intact).toBe(false);
  expect(broken.firstBreak).toMatchObject(expected);
  await undo();
  expect((await verifyRunChain(q, { reportsDir, publicKey })).intact).toBe(true);
}

/** The whole scenario against one target. */
function chainScenario(makeTarget: () => Promise<SqlCanonicalTarget>): void {
  let target: SqlCanonicalTarget;
  let q: TargetQueryable;
  let reportsDir: string;
  const runs: string[] = [];

  beforeAll(async () => {
    target = await makeTarget();
    q = target.ledgerQueryable();
    reportsDir = mkdtempSync(path.join(tmpdir(), 'cb-chain-reports-'));
    mkdirSync(path.join(reportsDir, 'runs'));
    runs.push(await sealedRun(target, reportsDir));
    const dry = await runMigration(migration(target), { dryRun: true, keepTargetOpen: true });
    expect(dry.dryRun).toBe(true);
    runs.push(await sealedRun(target, reportsDir));
    runs.push(await sealedRun(target, reportsDir));
  }, 180_000);

  afterAll(async () => {
    await target.close();
  });

  it('three real runs form one intact signed chain; the dry run leaves no link', async () => {
    const result = await verifyRunChain(q, { reportsDir, publicKey });
    expect(result).toMatchObject({ intact: true, firstBreak: null, filesChecked: 3, unsealedRuns: 0 });
    expect(result.chains).toEqual([
      { commune: TEST_COMMUNE, sourceSystem: 'legacy-sample', links: 3, head: expect.stringMatching(/^[0-9a-f]{64}$/), firstBreak: null },
    ]);
    const links = await q.query<{ run_id: string; seq: number }>(`SELECT run_id::text AS run_id, seq FROM ${RUN_CHAIN_TABLE} ORDER BY seq`);
    expect(links.rows.map((r) => r.run_id)).toEqual(runs);
    // The files were recorded once: recording again (as a re-render would) changes nothing.
    expect(await target.recordRunFiles(runs[2]!, [], privateKey)).toBe(false);
  });

  it('an edited report JSON in the ledger breaks the link of its run', async () => {
    const [{ report_text: text }] = (await q.query<{ report_text: string }>(`SELECT report_text FROM ${LEDGER_TABLES.run} WHERE run_id = $1`, [runs[1]]))
      .rows as [{ report_text: string }];
    await expectBreak(
      q,
      reportsDir,
      async () =>
        void (await q.query(`UPDATE ${LEDGER_TABLES.run} SET report_text = $2 WHERE run_id = $1`, [
          runs[1],
          text.replace('"quarantined":', '"quarantined": '),
        ])),
      async () => void (await q.query(`UPDATE ${LEDGER_TABLES.run} SET report_text = $2 WHERE run_id = $1`, [runs[1], text])),
      { seq: 2, runId: runs[1], kind: 'ledger-entry', commune: TEST_COMMUNE },
    );
  });

  it('an edited quarantine row breaks the link of its run', async () => {
    const [row] = (
      await q.query<{ id: string; codes: string[] }>(
        `SELECT quarantine_id::text AS id, issue_codes AS codes FROM ${LEDGER_TABLES.quarantine} WHERE run_id = $1 ORDER BY quarantine_id LIMIT 1`,
        [runs[0]],
      )
    ).rows;
    expect(row).toBeDefined();
    await expectBreak(
      q,
      reportsDir,
      async () =>
        void (await q.query(`UPDATE ${LEDGER_TABLES.quarantine} SET issue_codes = ARRAY['schema.edited'] WHERE quarantine_id = $1::bigint`, [row!.id])),
      async () =>
        void (await q.query(`UPDATE ${LEDGER_TABLES.quarantine} SET issue_codes = $2::text[] WHERE quarantine_id = $1::bigint`, [row!.id, row!.codes])),
      { seq: 1, runId: runs[0], kind: 'ledger-entry' },
    );
  });

  it('an edited report file breaks the link that recorded it and names the file', async () => {
    const file = path.join(reportsDir, 'runs', `${runs[2]!}.json`);
    const original = readFileSync(file);
    await expectBreak(
      q,
      reportsDir,
      async () => writeFileSync(file, original.toString('utf8').replace('"status"', '"status" ')),
      async () => writeFileSync(file, original),
      { seq: 3, runId: runs[2], kind: 'report-file', file: `runs/${runs[2]!}.json` },
    );
  });

  it('a wrong or missing signature breaks the first link', async () => {
    const wrong = await verifyRunChain(q, { reportsDir, publicKey: other });
    expect(wrong.firstBreak).toMatchObject({ seq: 1, runId: runs[0], kind: 'signature' });
    const [link] = (await q.query<{ signature: string }>(`SELECT signature FROM ${RUN_CHAIN_TABLE} WHERE run_id = $1`, [runs[1]])).rows;
    await expectBreak(
      q,
      reportsDir,
      async () => void (await q.query(`UPDATE ${RUN_CHAIN_TABLE} SET signature = NULL WHERE run_id = $1`, [runs[1]])),
      async () => void (await q.query(`UPDATE ${RUN_CHAIN_TABLE} SET signature = $2 WHERE run_id = $1`, [runs[1], link!.signature])),
      { seq: 2, kind: 'signature' },
    );
  });

  it('a run undone by rollback keeps the chain intact; a status edited to rolled_back without a rollback breaks it', async () => {
    await expectBreak(
      q,
      reportsDir,
      async () => void (await q.query(`UPDATE ${LEDGER_TABLES.run} SET status = 'rolled_back' WHERE run_id = $1`, [runs[1]])),
      async () => void (await q.query(`UPDATE ${LEDGER_TABLES.run} SET status = 'finished' WHERE run_id = $1`, [runs[1]])),
      { seq: 2, runId: runs[1], kind: 'ledger-entry' },
    );
    const undone = await rollbackRun(target, runs[2]!);
    expect(undone.runId).toBe(runs[2]);
    const status = await q.query<{ status: string }>(`SELECT status FROM ${LEDGER_TABLES.run} WHERE run_id = $1`, [runs[2]]);
    expect(status.rows[0]!.status).toBe('rolled_back');
    expect(await verifyRunChain(q, { reportsDir, publicKey })).toMatchObject({ intact: true, firstBreak: null, chains: [{ links: 3 }] });
  }, 120_000);

  it('a cancelled and resumed run is sealed once, and a deleted run breaks its link', async () => {
    const runId = randomUUID();
    const controller = new AbortController();
    let committed = 0;
    const cancelled = await runMigration(migration(target), {
      runId,
      signal: controller.signal,
      keepTargetOpen: true,
      onProgress: (e) => {
        if (e.type === 'batch-committed' && ++committed === 2) controller.abort();
      },
    });
    expect(cancelled.status).toBe('cancelled');
    expect((await q.query(`SELECT 1 FROM ${RUN_CHAIN_TABLE} WHERE run_id = $1`, [runId])).rows).toHaveLength(0);
    const resumed = await runMigration(migration(target), { runId, resume: true, keepTargetOpen: true });
    expect(resumed.resumed).toBe(true);
    const links = await q.query<{ seq: number }>(`SELECT seq FROM ${RUN_CHAIN_TABLE} WHERE run_id = $1`, [runId]);
    expect(links.rows.map((r) => Number(r.seq))).toEqual([4]);
    expect(await verifyRunChain(q, { reportsDir })).toMatchObject({ intact: true, chains: [{ links: 4 }] });
    // A deleted run (with its lineage, which would otherwise keep it) is named as missing.
    await q.query(`DELETE FROM ${LEDGER_TABLES.lineage} WHERE run_id = $1`, [runs[1]]);
    await q.query(`DELETE FROM ${LEDGER_TABLES.run} WHERE run_id = $1`, [runs[1]]);
    const broken = await verifyRunChain(q, { reportsDir, publicKey });
    expect(broken.firstBreak).toMatchObject({ seq: 2, runId: runs[1], kind: 'missing-run' });
    // A removed link in the middle breaks the next one.
    await q.query(`DELETE FROM ${RUN_CHAIN_TABLE} WHERE run_id = $1`, [runs[1]]);
    expect((await verifyRunChain(q, { reportsDir })).firstBreak).toMatchObject({ seq: 3, runId: runs[2], kind: 'link' });
  }, 120_000);
}

describe('run chain on PGlite', () => {
  chainScenario(async () => createPgliteTarget());
});

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

await describeWithService('postgres', 'run chain on PostgreSQL', () => {
  chainScenario(async () => {
    const db = await createPostgresDatabase('cbchain');
    databases.push(db);
    return createPostgresTarget({ connectionString: db.url });
  });
});

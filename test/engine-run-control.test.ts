/**
 * Run control on the PGlite target: a run cancelled through its AbortSignal ends `cancelled`, stays
 * resumable in the ledger and, resumed, equals an uninterrupted run (with the excluded-row totals of
 * the whole run in its control totals); a run whose conservation equation is forced to fail is
 * reported `failed` / unbalanced, never hidden; merge aliases carry a merged person across batches
 * and into a later mapping; and code-list coverage of the mappings lands in the run report.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import type { MigrationOptions } from '../src/core/pipeline/migration-definition.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { SourceMapping } from '../src/core/pipeline/source-mapping.js';
import { CodeCoverage } from '../src/mappings/codes/code-coverage.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { PLANTED, addressMapping, expectedAccounting, personMapping, sampleConnector, writeSampleSource } from './fixtures/engine/sample-source.js';
import { TEST_COMMUNE, testId } from './helpers/tenant.js';

const PERSONS = 60;
const BATCH = 7;
let dir: string;
const open: { target: PgliteTarget; db: PGlite }[] = [];
/**
 * A data directory with the canonical schema, made once. Creating a fresh PGlite runs initdb in WASM
 * (8–15 s on a loaded machine); every target here starts from a copy of this one instead (under 1 s),
 * so the tests prove the same on a store in the same initial state without the timeout risk.
 */
let template: Blob;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-run-control-'));
  await writeSampleSource(dir, PERSONS);
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

function migration(target: PgliteTarget, options: MigrationOptions = {}, mappings: readonly SourceMapping[] = [personMapping, addressMapping]) {
  return defineMigration({
    name: 'run-control',
    source: sampleConnector(dir),
    commune: TEST_COMMUNE,
    sourceSystem: 'legacy-sample',
    mappings,
    target,
    options: { batchSize: BATCH, thresholds: [], ...options },
  });
}

async function rows<R>(target: PgliteTarget, sql: string, params: unknown[] = []): Promise<R[]> {
  return (await target.pglite.query<R>(sql, params)).rows;
}

/** Ids and content hashes of every canonical person and address. */
async function dataState(target: PgliteTarget): Promise<string[]> {
  const out: string[] = [];
  for (const table of ['person', 'address']) {
    for (const r of await rows<{ id: string; h: string }>(target, `SELECT id::text AS id, content_hash AS h FROM ${STORE_SCHEMA}.${table} ORDER BY id`))
      out.push(`${table}:${r.id}:${r.h}`);
  }
  return out;
}

/** Rows of `persons` the ledger has committed for the run. */
async function ledgerExtracted(target: PgliteTarget, runId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    target,
    `SELECT (stats->>'extracted')::int AS n FROM ${LEDGER_TABLES.runMapping} WHERE run_id = $1 AND mapping = 'persons'`,
    [runId],
  );
  return r!.n;
}

/** Runs until `batches` batches are committed, then aborts. */
async function cancelledRun(target: PgliteTarget, runId: string, batches: number, options: MigrationOptions = {}) {
  const controller = new AbortController();
  let committed = 0;
  const report = await runMigration(migration(target, options), {
    runId,
    signal: controller.signal,
    keepTargetOpen: true,
    onProgress: (e) => {
      if (e.type === 'batch-committed' && ++committed === batches) controller.abort();
    },
  });
  return { report, committed };
}

describe('cancellation through the AbortSignal', () => {
  it('ends cancelled, keeps the run resumable, and the resumed run equals an uninterrupted one', async () => {
    const clean = newTarget();
    const cleanReport = await runMigration(migration(clean), { keepTargetOpen: true });
    expect(cleanReport.status).toBe('passed');

    const target = newTarget();
    const runId = randomUUID();
    const { report } = await cancelledRun(target, runId, 3);
    expect(report.status).toBe('cancelled');
    expect(report.reasons).toEqual(['cancelled']);
    expect(report.exitCode).not.toBe(0);
    const persons = report.entities.find((e) => e.mapping === 'persons')!;
    // Batches already read ahead still commit; nothing beyond the last checkpoint is counted, and it
    // balances. The report and the ledger agree on where the run stopped.
    expect(persons.balanced).toBe(true);
    expect(persons.extracted % BATCH).toBe(0);
    expect(persons.extracted).toBeGreaterThanOrEqual(3 * BATCH);
    expect(persons.extracted).toBeLessThan(PERSONS);
    expect(await ledgerExtracted(target, runId)).toBe(persons.extracted);
    expect(report.entities.find((e) => e.mapping === 'addresses')!.extracted).toBe(0);
    const [run] = await rows<{ status: string }>(target, `SELECT status FROM ${LEDGER_TABLES.run} WHERE run_id = $1`, [runId]);
    expect(run!.status).toBe('running');

    // Continuing without `resume` is refused; with it, the run completes.
    await expect(runMigration(migration(target), { runId, keepTargetOpen: true })).rejects.toMatchObject({ code: 'CB_CHECKPOINT_INVALID' });
    const resumed = await runMigration(migration(target), { runId, resume: true, keepTargetOpen: true });
    const expected = expectedAccounting(PERSONS);
    expect(resumed).toMatchObject({ status: 'passed', resumed: true, unbalanced: false });
    expect(resumed.entities.map((e) => [e.mapping, e.extracted, e.loaded, e.filtered, e.quarantined, e.balanced])).toEqual([
      ['persons', PERSONS, expected.persons.loaded, expected.persons.filtered, expected.persons.quarantined, true],
      ['addresses', PERSONS + 1, expected.addresses.loaded, 0, expected.addresses.quarantined, true],
    ]);
    expect(await dataState(target)).toEqual(await dataState(clean));
    const [finished] = await rows<{ status: string }>(target, `SELECT status FROM ${LEDGER_TABLES.run} WHERE run_id = $1`, [runId]);
    expect(finished!.status).toBe('finished');
  });

  it('after a resume, the control totals count the excluded rows of the whole run, not just the last session', async () => {
    const target = newTarget();
    const runId = randomUUID();
    // Person rows 3, 5 and 9 (quarantined, filtered) fall in the first two batches, before the cancel.
    await cancelledRun(target, runId, 2);
    const resumed = await runMigration(migration(target), { runId, resume: true, keepTargetOpen: true });
    const expected = expectedAccounting(PERSONS);
    const persons = resumed.reconciliation.controlTotals.find((c) => c.mapping === 'persons')!;
    expect(persons).toMatchObject({
      source: { count: PERSONS },
      target: { count: expected.persons.loaded },
      excluded: { count: expected.persons.filtered + expected.persons.quarantined },
      matched: true,
      conclusive: true,
    });
    const addresses = resumed.reconciliation.controlTotals.find((c) => c.mapping === 'addresses')!;
    expect(addresses).toMatchObject({ source: { count: PERSONS + 1 }, excluded: { count: expected.addresses.quarantined }, matched: true, conclusive: true });
    expect(resumed.reconciliation.status).toBe('passed');
  });
});

describe('a forced unbalanced run', () => {
  it('is reported failed and unbalanced with CB_RUN_UNBALANCED, not hidden, and the engine loads nothing more', async () => {
    const target = newTarget();
    const runId = randomUUID();
    await cancelledRun(target, runId, 2);
    const stoppedAt = await ledgerExtracted(target, runId);
    // Tamper with the ledger: one extracted row that is in no bucket.
    await target.pglite.query(
      `UPDATE ${LEDGER_TABLES.runMapping} SET stats = jsonb_set(stats, '{extracted}', to_jsonb((stats->>'extracted')::int + 1)) WHERE run_id = $1 AND mapping = 'persons'`,
      [runId],
    );
    const before = await dataState(target);
    const report = await runMigration(migration(target), { runId, resume: true, keepTargetOpen: true });
    expect(report.status).toBe('failed');
    expect(report.unbalanced).toBe(true);
    expect(report.reasons).toContain('unbalanced');
    expect(report.exitCode).not.toBe(0);
    expect(report.errors.map((e) => e.code)).toContain('CB_RUN_UNBALANCED');
    const persons = report.entities.find((e) => e.mapping === 'persons')!;
    expect(persons.balanced).toBe(false);
    expect(persons.extracted).toBe(stoppedAt + 1);
    expect(report.reconciliation.conservation.find((c) => c.mapping === 'persons')).toMatchObject({ balanced: false, difference: 1 });
    expect(await dataState(target)).toEqual(before);
    const [run] = await rows<{ status: string }>(target, `SELECT status FROM ${LEDGER_TABLES.run} WHERE run_id = $1`, [runId]);
    expect(run!.status).toBe('failed');
  });
});

describe('merge aliases', () => {
  it('follow a merged person across batches and into a later mapping', async () => {
    // Batch size 7: duplicate A (row 7) is in the first batch, duplicate B (row 8) in the second.
    expect(Math.ceil(PLANTED.duplicateA / BATCH)).not.toBe(Math.ceil(PLANTED.duplicateB / BATCH));
    const target = newTarget();
    const report = await runMigration(migration(target, { duplicatePolicy: 'merge' }), { keepTargetOpen: true });
    expect(report.status).toBe('passed');
    const survivor = testId('legacy-sample', 'person', PLANTED.duplicateA);
    const merged = testId('legacy-sample', 'person', PLANTED.duplicateB);
    expect(report.duplicates.groups).toEqual([
      expect.objectContaining({
        policy: 'merge',
        survivorId: survivor,
        members: expect.arrayContaining([expect.objectContaining({ id: survivor, merged: false }), expect.objectContaining({ id: merged, merged: true })]),
      }),
    ]);
    expect(await rows(target, `SELECT id FROM ${STORE_SCHEMA}.person WHERE id = $1`, [merged])).toEqual([]);
    // Both addresses, loaded by the later mapping, point at the survivor; neither is quarantined.
    const addr = await rows<{ id: string; person_id: string }>(
      target,
      `SELECT id::text AS id, person_id::text AS person_id FROM ${STORE_SCHEMA}.address WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[testId('legacy-sample', 'address', PLANTED.duplicateA), testId('legacy-sample', 'address', PLANTED.duplicateB)]],
    );
    expect(addr.map((a) => a.person_id)).toEqual([survivor, survivor]);
    expect(report.entities.find((e) => e.mapping === 'addresses')!.quarantinedByCode).toEqual({ 'reference.missing': 5 });
    // The merged row is accounted as loaded (folded into the survivor), and the run balances.
    expect(report.entities.every((e) => e.balanced)).toBe(true);
    expect(report.entities.find((e) => e.mapping === 'persons')!.loaded).toBe(expectedAccounting(PERSONS).persons.loaded);
  });
});

describe('code-list coverage in the run report', () => {
  /** A mapping that counts a code lookup per row, like a compiled declarative mapping does. */
  function counting(
    base: SourceMapping,
    column: string,
    mappedCodes: readonly string[],
  ): SourceMapping & { coverage(): ReturnType<CodeCoverage['snapshot']>; resetCoverage(): void } {
    const coverage = new CodeCoverage();
    return {
      ...base,
      map(row, ctx) {
        const code = String(row[column]);
        coverage.record('cb.testFlag', 'cb.testFlag@1#abc', code, mappedCodes.includes(code) ? 'mapped' : 'unmapped');
        return base.map(row, ctx);
      },
      coverage: () => coverage.snapshot(),
      resetCoverage: () => coverage.reset(),
    };
  }

  it('merges the counts of every mapping per list, by frequency, and counts each run afresh', async () => {
    const persons = counting(personMapping, 'test_flag', ['N']);
    const target = newTarget();
    const def = migration(target, {}, [persons, addressMapping]);
    const first = await runMigration(def, { keepTargetOpen: true });
    // Filtered rows are not mapped, so they are not looked up: 60 rows minus the one test case.
    const expected = [
      {
        codeList: 'cb.testFlag',
        pin: 'cb.testFlag@1#abc',
        totals: { mapped: PERSONS - 1, unmapped: 0, unapproved: 0, defaulted: 0, total: PERSONS - 1 },
        codes: [{ sourceCode: 'N', known: true, mapped: PERSONS - 1, unmapped: 0, unapproved: 0, defaulted: 0, total: PERSONS - 1 }],
      },
    ];
    expect(first.codeListCoverage).toEqual(expected);
    const second = await runMigration(def, { keepTargetOpen: true });
    expect(second.codeListCoverage).toEqual(expected);
  });

  it('is absent when no mapping counts code lookups', async () => {
    const report = await runMigration(migration(newTarget(), { reconcile: false }), { dryRun: true });
    expect(report.codeListCoverage).toBeUndefined();
  });
});

/**
 * Issue 14, defect 5: a NUL byte in a text field no longer aborts the whole run with CB_DATA_EXCEPTION;
 * the row is quarantined as `source.invalid_text` with the path of the field, every other row loads,
 * and the report's quarantine total agrees with its per-code list, also when a batch fails to commit
 * (its rows count nowhere, not in the per-code list either).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import type { CanonicalTarget, LoadBatch, LoadResult } from '../src/core/pipeline/canonical-target.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { invalidTextPaths } from '../src/core/pipeline/invalid-text.js';
import { encodingMismatchPaths } from '../src/core/pipeline/encoding-mismatch.js';
import { checkRecordText } from '../src/core/pipeline/record-text-check.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { ahvn13, personMapping, sampleConnector } from './fixtures/engine/sample-source.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const BATCH = 5;
let dir: string;
let template: Blob;
const open: { target: PgliteTarget; db: PGlite }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-nul-'));
  const lines = ['id,official_name,first_name,vn,birth,test_flag'];
  for (let i = 1; i <= 20; i++) {
    const first = i === 3 || i === 12 ? `Giv\u0000en${i}` : `Given${i}`;
    lines.push(`${i},Family${i},${first},${ahvn13(i)},1970-01-0${1 + (i % 9)},N`);
  }
  writeFileSync(path.join(dir, 'persons.csv'), `${lines.join('\n')}\n`);
  writeFileSync(path.join(dir, 'addresses.csv'), 'id,person_id,street,town\n');
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

function migration(target: CanonicalTarget) {
  return defineMigration({
    name: 'nul',
    source: sampleConnector(dir),
    commune: TEST_COMMUNE,
    sourceSystem: 'legacy-sample',
    mappings: [personMapping],
    target,
    options: { batchSize: BATCH, thresholds: [] },
  });
}

describe('text the target cannot store', () => {
  it('finds NUL characters and unpaired surrogates with their JSON-pointer path', () => {
    expect(invalidTextPaths({ a: 'ok', b: 'x\u0000y', c: [{ d: '\uD800' }, 'fine \uD83D\uDE00'], 'e/f': '\uDC00' })).toEqual(['/b', '/c/0/d', '/e~1f']);
  });

  it('finds in one walk exactly what the invalid-text and encoding checks find apart', () => {
    const record = {
      plain: 'Anna Muster 12/3',
      nul: 'x\u0000y',
      both: ['BÃ¶sch\uD800', { deep: { town: 'D\uFFFDrligen', fine: 'Zürcher «été»' } }],
      'a~b/c': '\uDC00',
      n: 42,
      none: null,
    };
    const found = checkRecordText(record);
    expect(found.invalidText).toEqual(invalidTextPaths(record));
    expect(found.encodingMismatch).toEqual(encodingMismatchPaths(record));
    expect(found).toEqual({ invalidText: ['/nul', '/both/0', '/a~0b~1c'], encodingMismatch: ['/both/0', '/both/1/deep/town'] });
    expect(checkRecordText({ name: 'Muster', tags: ['a', 'b'] })).toEqual({ invalidText: [], encodingMismatch: [] });
  });

  it('quarantines the row with the field path instead of aborting the run', async () => {
    const target = newTarget();
    const runId = randomUUID();
    const report = await runMigration(migration(target), { runId, keepTargetOpen: true });
    expect(report.errors).toEqual([]);
    expect(report.status).toBe('passed');
    const persons = report.entities[0]!;
    expect([persons.extracted, persons.loaded, persons.quarantined, persons.balanced]).toEqual([20, 18, 2, true]);
    expect(persons.quarantinedByCode).toEqual({ 'source.invalid_text': 2 });
    expect(report.quarantine).toEqual({ total: 2, byCode: { 'source.invalid_text': 2 } });
    const q = await target.pglite.query<{ issue_codes: string[]; paths: string[] }>(
      `SELECT issue_codes, paths FROM ${LEDGER_TABLES.quarantine} WHERE run_id = $1`,
      [runId],
    );
    expect(q.rows).toEqual([
      { issue_codes: ['source.invalid_text'], paths: ['/firstName'] },
      { issue_codes: ['source.invalid_text'], paths: ['/firstName'] },
    ]);
  });

  it('a batch that fails to commit counts in no total and no per-code list', async () => {
    const real = newTarget();
    let commits = 0;
    const target = new Proxy(real, {
      get(t, prop) {
        if (prop === 'commitBatch') {
          return (batch: LoadBatch): Promise<LoadResult> => (++commits === 3 ? Promise.reject(new Error('simulated write failure')) : t.commitBatch(batch));
        }
        const value = Reflect.get(t, prop, t) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    });
    // Batch 3 (rows 11–15) holds the second NUL row: it fails, so only the first NUL row counts.
    const report = await runMigration(migration(target), { runId: randomUUID() });
    expect(report.status).toBe('failed');
    const persons = report.entities[0]!;
    expect([persons.extracted, persons.quarantined]).toEqual([10, 1]);
    expect(report.quarantine).toEqual({ total: 1, byCode: { 'source.invalid_text': 1 } });
  });
});

/**
 * The canonical target on embedded PGlite: bulk load through COPY FROM '/dev/blob', ledger in the same
 * transaction, dry run rolled back, resume after a crash (a new instance on the same data directory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import type { PgliteTarget } from '../src/targets/pglite/index.js';
import { applyTestSchema, TEST_MODEL } from './targets-fixture.js';
import { defineTargetSuite } from './targets-suite.js';
import type { TargetHarness } from './targets-suite.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'cb-pglite-target-'));
let current: PgliteTarget | undefined;

const harness: TargetHarness = {
  async create() {
    const target = createPgliteTarget({ dataDir, model: TEST_MODEL, applyCanonicalSchema: applyTestSchema });
    await target.open();
    await target.ensureSchema();
    current = target;
    return target;
  },
  async query(sql, params) {
    if (current === undefined) throw new Error('no target');
    const result = await current.pglite.query<Record<string, unknown>>(sql, params ?? []);
    return result.rows;
  },
};

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('PGlite canonical target', () => {
  defineTargetSuite(() => harness);
});

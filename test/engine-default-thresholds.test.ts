/**
 * Issue 14, defect 6 (thresholds): a commune's config without thresholds gets DEFAULT_THRESHOLDS; with
 * them a run with 88 % of a mapping quarantined fails (exit 2) instead of ending PASSED with exit 0,
 * and so does a mapping whose source file has a header but no row; a mapping that declares
 * `expectsRows: false`, or a configured `thresholds` list, overrides the defaults.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import type { MigrationOptions } from '../src/core/pipeline/migration-definition.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { SourceMapping } from '../src/core/pipeline/source-mapping.js';
import { DEFAULT_THRESHOLDS } from '../src/core/pipeline/thresholds.js';
import { TEST_COMMUNE } from './helpers/tenant.js';
import { withDefaultThresholds } from '../src/cli/config/build-migration.js';
import { addressMapping, ahvn13, personMapping, sampleConnector } from './fixtures/engine/sample-source.js';

let root: string;
let template: Blob;
const open: { target: PgliteTarget; db: PGlite }[] = [];

/** A persons file with `bad` of `rows` rows carrying an unparseable birth date, and an addresses file. */
function source(name: string, rows: number, bad: number, addresses: boolean): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  const lines = ['id,official_name,first_name,vn,birth,test_flag'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},Family${i},Given${i},${ahvn13(i)},${i <= bad ? '31.02.1980' : '1970-01-01'},N`);
  writeFileSync(path.join(dir, 'persons.csv'), `${lines.join('\n')}\n`);
  const addressLines = addresses ? Array.from({ length: rows }, (_, i) => `${i + 1},${i + 1},Street,Town`) : [];
  writeFileSync(path.join(dir, 'addresses.csv'), `${['id,person_id,street,town', ...addressLines].join('\n')}\n`);
  return dir;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'cb-thresholds-'));
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

async function run(dir: string, options: Omit<MigrationOptions, 'batchSize'> = {}, addresses: SourceMapping = addressMapping) {
  const db = new PGlite({ loadDataDir: template });
  const target = createPgliteTarget({ pglite: db });
  open.push({ target, db });
  return runMigration(
    defineMigration({
      name: 'defaults',
      source: sampleConnector(dir),
      commune: TEST_COMMUNE,
      sourceSystem: 'legacy-sample',
      mappings: [personMapping, addresses],
      target,
      options: withDefaultThresholds({ batchSize: 50, ...options }, false),
    }),
  );
}

describe('default thresholds', () => {
  it('apply to a config without thresholds, not to a configured list or a built-in reference profile', () => {
    expect(withDefaultThresholds({}, false).thresholds).toBe(DEFAULT_THRESHOLDS);
    expect(withDefaultThresholds({ thresholds: [] }, false).thresholds).toEqual([]);
    expect(withDefaultThresholds({}, true).thresholds).toBeUndefined();
    expect(DEFAULT_THRESHOLDS).toEqual([
      { metric: 'quarantined', maxPercent: 5, severity: 'error' },
      { metric: 'extracted', minCount: 1, severity: 'error' },
      { metric: 'issue:source.encoding_mismatch', maxCount: 0, severity: 'error' },
    ]);
  });

  it('fail a run with 88 % of a mapping quarantined (exit 2), unless thresholds are configured', async () => {
    const dir = source('mostly-bad', 25, 22, true);
    const report = await run(dir);
    expect(report.entities.find((e) => e.mapping === 'persons')!.quarantined).toBe(22);
    expect(report.status).toBe('failed');
    expect(report.exitCode).toBe(2);
    expect(report.reasons).toContain('threshold');
    expect(report.thresholds.find((t) => t.mapping === 'persons' && t.metric === 'quarantined')).toMatchObject({ breached: true, percent: 88, maxPercent: 5 });

    const configured = await run(dir, { thresholds: [{ metric: 'quarantined', maxPercent: 90, severity: 'warning' }] });
    expect(configured.status).toBe('passed');
  });

  it('fail a run whose source file is header-only for a mapping that expects rows', async () => {
    const dir = source('no-addresses', 10, 0, false);
    const report = await run(dir);
    expect(report.entities.find((e) => e.mapping === 'addresses')!.extracted).toBe(0);
    expect(report.status).toBe('failed');
    expect(report.exitCode).toBe(2);
    expect(report.thresholds.find((t) => t.mapping === 'addresses' && t.metric === 'extracted')).toMatchObject({ breached: true, count: 0, minCount: 1 });

    const optional = await run(dir, {}, { ...addressMapping, expectsRows: false });
    expect(optional.status).toBe('passed');
    expect(optional.exitCode).toBe(0);
  });
});

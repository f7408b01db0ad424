/**
 * CI smoke test of the benchmark harness at tiny scale: `npm run bench -- --tiny` must complete and write
 * a result with every figure (loaders, stages, RSS, reconciliation, dry run, ratios) and its Markdown
 * table. Speed targets are not asserted here: they are the benchmark's job, never a timed unit test.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import type { BenchResult } from '../bench/lib/bench-results.js';
import { describeWithService, serviceAvailable } from './helpers/databases.js';

const run = promisify(execFile);
const out = mkdtempSync(path.join(tmpdir(), 'cb-bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

await describeWithService('mariadb', 'bench harness (tiny scale, MariaDB → PostgreSQL)', () => {
  it('writes a complete result for the ledger workload', { timeout: 300_000 }, async () => {
    if (!(await serviceAvailable('postgres'))) throw new Error('the benchmark needs PostgreSQL too');
    await run(process.execPath, ['--import', 'tsx', path.resolve('bench/run.ts'), '--tiny', '--no-pgloader', '--out', out], { maxBuffer: 1 << 24 });
    const result = JSON.parse(readFileSync(path.join(out, 'ledger-tiny.json'), 'utf8')) as BenchResult;
    const sourceRows = Object.values(result.sourceRows).reduce((a, b) => a + b, 0);
    // Every loader saw exactly the generated rows.
    expect(result.rawCopy.rows).toBe(sourceRows);
    expect(result.rawInsert?.rows).toBe(sourceRows);
    expect(result.casebridge.real.rows).toBe(sourceRows);
    expect(result.casebridge.dry?.rows).toBe(sourceRows);
    // The run balances and reconciles: every row in one bucket, every loaded record's hash re-checked.
    const real = result.casebridge.real;
    expect(real.loaded + real.filtered + real.quarantined).toBe(real.rows);
    expect(real.reconciliation).toBe('passed');
    expect(real.hashesChecked).toBe(real.loaded);
    // All figures are measured (positive) and the ratios are derived from them.
    for (const f of [result.rawCopy, result.rawInsert!]) {
      expect(f.rowsPerSecond).toBeGreaterThan(0);
      expect(f.peakRssMb).toBeGreaterThan(0);
    }
    expect(real.peakRssMb).toBeGreaterThan(0);
    expect(result.casebridge.dry!.peakRssMb).toBeGreaterThan(0);
    for (const stage of ['extract', 'map', 'validate', 'load', 'reconcile']) expect(result.casebridge.stages[stage]?.rowsPerSecond).toBeGreaterThan(0);
    expect(result.ratios.pipelineVsRawCopy).toBeCloseTo(result.casebridge.pipelineRowsPerSecond / result.rawCopy.rowsPerSecond, 2);
    expect(result.ratios.reconcileVsLoad).toBeGreaterThan(0);
    expect(result.ratios.dryVsReal).toBeGreaterThan(0);
    expect(Object.keys(result.targets)).toHaveLength(5);
    expect('skipped' in result.pgloader).toBe(true);
    const md = readFileSync(path.join(out, 'ledger-tiny.md'), 'utf8');
    expect(md).toContain('casebridge full pipeline');
    expect(md).toContain(`**${result.ratios.pipelineVsRawCopy}**`);
    expect(existsSync(path.join(out, 'scale-curve-ledger.md'))).toBe(true);
  });
});

/**
 * Verdict-first honesty of the run report and the console (issue 16): a failed run leads with its cause
 * (code, message, next step), no green badge for a mapping or a witness that did not run, a dry run says
 * which witnesses it compared, issue codes are explained beside the code, and "rejected at stage" is
 * counted once per mapping.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { flatFileConnectorConfig, writeSampleCommune } from '../src/profiles/flat-file/index.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { ISSUE_CODE_MEANINGS } from '../src/core/issue-codes.js';
import { writeFileSync } from 'node:fs';

const root = mkdtempSync(path.join(tmpdir(), 'cb-verdict-'));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: {} });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

function config(name: string, sourceDir: string, reportsDir: string): string {
  const file = path.join(root, `${name}.config.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name: `verdict-${name}`,
      tenant: { commune: 351, sourceSystem: 'flat-file-export' },
      source: { connector: 'files', name: 'flat-file-export', baseDir: sourceDir, tables: flatFileConnectorConfig(sourceDir).tables },
      mappings: 'flat-file',
      target: { kind: 'pglite', dir: `store-${name}` },
      reports: { dir: reportsDir },
    }),
  );
  return file;
}

beforeAll(async () => {
  await writeSampleCommune(path.join(root, 'complete'));
  await writeSampleCommune(path.join(root, 'broken'));
  // A file that the run needs half-way is missing: the run fails after some mappings ran.
  rmSync(path.join(root, 'broken', 'BUDGETS.csv'));
}, 120_000);

describe('a failed run', () => {
  let html: string;
  let report: RunReport;
  let out: string;

  beforeAll(async () => {
    const r = await cli(['run', '-c', config('broken', 'broken', 'reports-broken')]);
    expect(r.code).not.toBe(0);
    out = r.out;
    html = readFileSync(path.join(root, 'reports-broken', 'run-report.html'), 'utf8');
    report = JSON.parse(readFileSync(path.join(root, 'reports-broken', 'run-report.json'), 'utf8')) as RunReport;
  }, 180_000);

  it('prints the error code, its message and the next step right under the verdict on the console', () => {
    expect(report.status).toBe('failed');
    const error = report.errors[0]!;
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/FAILED$/);
    expect(lines[1]).toBe(`  error ${error.code}: ${error.message}`);
    expect(lines[2]).toMatch(/^ {2}next step: \S/);
  });

  it('leads the HTML with the cause, before any figure', () => {
    const cause = html.indexOf('id="errors"');
    expect(cause).toBeGreaterThan(html.indexOf('id="verdict"'));
    expect(cause).toBeLessThan(html.indexOf('class="tiles"'));
    expect(html.slice(cause, html.indexOf('</section>', cause))).toContain(report.errors[0]!.code);
    expect(html.slice(cause, html.indexOf('</section>', cause))).toContain('What to do');
  });

  it('shows no green badge for a mapping or a witness that did not run', () => {
    const notRun = report.entities.filter((e) => e.completion === 'not_run');
    expect(notRun.length).toBeGreaterThan(0);
    expect(report.entities.some((e) => e.completion === 'complete')).toBe(true);
    expect(report.reconciliation.status).toBe('not_run');
    expect(report.reconciliation.compared).toEqual(['conservation']);
    expect(report.reconciliation.notRunBecause).toBe('failed');
    expect(out).toContain('not compared: control totals, content hashes (the run stopped before its end)');
    expect(html).not.toContain('<span class="badge ok">balanced</span></td></tr></tfoot>');
    expect(html).toContain('<span class="badge muted">not run</span>');
    expect(html).toMatch(/data-figure="Reconciliation">not run</);
    expect(html).not.toMatch(/data-figure="Balanced">yes</);
    expect(out).not.toMatch(/Reconciliation: passed/);
  });
});

describe('a dry run', () => {
  // Issue 13: the dry run reconciles exactly like a run (its target reads what it staged), so its
  // "passed" rests on every witness, and it says which it compared.
  it('compares every witness like a run and says which it compared', async () => {
    const r = await cli(['dry-run', '-c', config('dry', 'complete', 'reports-dry')]);
    const report = JSON.parse(readFileSync(path.join(root, 'reports-dry', 'run-report.json'), 'utf8')) as RunReport;
    expect(report.reconciliation.status).toBe('passed');
    expect(report.reconciliation.notRunBecause).toBeUndefined();
    expect(report.reconciliation.compared).toEqual(['conservation', 'control-totals', 'hashes']);
    expect(report.reconciliation.controlTotals.length).toBeGreaterThan(0);
    expect(r.out).toContain('Reconciliation: passed · compared: conservation equation, control totals, content hashes');
    expect(r.out).not.toContain('not compared');
  }, 180_000);
});

describe('a completed run with quarantined rows', () => {
  it('explains each issue code beside it and counts "rejected at stage" once per mapping', async () => {
    const r = await cli(['run', '-c', config('complete', 'complete', 'reports-complete')]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(root, 'reports-complete', 'run-report.json'), 'utf8')) as RunReport;
    expect(report.reconciliation.status).toBe('passed');
    expect(report.reconciliation.compared).toEqual(['conservation', 'control-totals', 'hashes']);
    const html = readFileSync(path.join(root, 'reports-complete', 'run-report.html'), 'utf8');
    const quarantine = html.slice(html.indexOf('id="quarantine"'), html.indexOf('</section>', html.indexOf('id="quarantine"')));
    const codes = Object.keys(report.quarantine.byCode).filter((c) => c in ISSUE_CODE_MEANINGS);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(quarantine).toContain(ISSUE_CODE_MEANINGS[code as keyof typeof ISSUE_CODE_MEANINGS].meaning.replace(/'/g, '&#39;'));
    // One row per mapping in the stage table, whose total is the mapping's quarantine count.
    const stageTable = quarantine.slice(quarantine.indexOf('Rejected at stage'));
    for (const e of report.entities.filter((x) => x.quarantined > 0)) {
      expect(stageTable.split(`<td>${e.mapping}</td>`).length - 1).toBe(1);
    }
    expect(quarantine).not.toContain('whole mapping');
  }, 180_000);
});

/**
 * CLI follow-ups end to end, in-process through `runCli`: the JSONL import-format target in the config
 * (run, dry run, reconciliation), the document step after a run (flat-file export folder → the target's
 * document store, with the `documents` report section), a dry run that rehearses documents and writes
 * nothing, the quarantine export (beside the reports and from the ledger), the typed report sections,
 * and error output that never echoes a foreign error's message without `--debug`.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { EXIT_CODES } from '../src/cli/exit-codes.js';
import { flatFileConnectorConfig, writeSampleCommune } from '../src/profiles/flat-file/index.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { renderRunReportHtml } from '../src/core/report/render-html.js';
import { renderRunReportMarkdown } from '../src/core/report/render-markdown.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-cli-docs-'));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: {} });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

function writeConfig(name: string, target: Record<string, unknown>, reports: string, extra: Record<string, unknown> = {}): string {
  const file = path.join(root, name);
  const config = {
    name: 'cli-docs',
    tenant: { commune: 351, sourceSystem: 'flat-file-export' },
    source: { connector: 'files', name: 'flat-file-export', baseDir: 'source', tables: flatFileConnectorConfig('source').tables },
    mappings: 'flat-file',
    target,
    reports: { dir: reports },
    ...extra,
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function readReport(dir: string): RunReport {
  return JSON.parse(readFileSync(path.join(root, dir, 'run-report.json'), 'utf8')) as RunReport;
}

/** Files under a folder, recursively, relative to it. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const quarantinedRows = (report: RunReport): number => report.entities.reduce((t, e) => t + e.quarantined, 0);

/** What the sample's generator wrote: documents listed in the index, missing files, bytes. */
let listed: number;
let missing: number;
let stored: number;
let bytes: number;

beforeAll(async () => {
  const manifest = await writeSampleCommune(path.join(root, 'source'));
  listed = manifest.documents.listed;
  missing = manifest.documents.missing.length;
  stored = listed - missing;
  bytes = manifest.documents.bytes;
}, 60_000);

describe('JSONL import-format target with documents', () => {
  let report: RunReport;
  const importDir = path.join(root, 'import');

  it('runs into the import folder, transfers the documents into its documents/ folder and reconciles both', async () => {
    const r = await cli(['--no-progress', 'run', '-c', writeConfig('jsonl.config.json', { kind: 'jsonl', dir: 'import' }, 'reports-jsonl')]);
    expect(r.err).not.toContain('error ');
    expect(r.code).toBe(0);
    report = readReport('reports-jsonl');
    expect(report.target.kind).toBe('citysoftnet-jsonl');
    expect(report.reconciliation.status).toBe('passed');
    const manifest = JSON.parse(readFileSync(path.join(importDir, 'manifest.json'), 'utf8')) as { runs: { runId: string; status: string }[] };
    expect(manifest.runs.map((x) => [x.runId, x.status])).toEqual([[report.runId, 'finished']]);
    const documentRecords = report.records['document']?.inserted ?? 0;
    expect(documentRecords).toBe(listed);
    // The sample's export lacks exactly one listed file: quarantined with its code, never skipped.
    expect(missing).toBe(1);
    expect(report.documents).toMatchObject({
      total: listed,
      transferred: stored,
      quarantined: 1,
      failed: 0,
      balanced: true,
      quarantinedByCode: { 'document.content_missing': 1 },
      totalBytes: bytes,
    });
    expect(report.documents?.reconciliation).toMatchObject({ status: 'passed', checked: stored, matched: stored, bytesChecked: bytes });
    expect(report.status).toBe('passed_with_warnings');
    expect(report.reasons).toContain('documents-warning');
    const files = listFiles(path.join(importDir, 'documents'));
    expect(files.filter((f) => !f.endsWith('.json') && !f.endsWith('.jsonl')).length).toBe(stored);
    expect(r.out).toContain(
      `Documents: ${listed} referenced, ${stored} transferred, 0 unchanged, 1 quarantined (document.content_missing 1), 0 failed · byte-for-byte check passed`,
    );
  }, 120_000);

  it('renders a documents section in HTML and Markdown instead of the generic rendering', () => {
    const html = readFileSync(path.join(root, 'reports-jsonl', 'run-report.html'), 'utf8');
    const section = html.slice(html.indexOf('id="documents"'));
    expect(section).toContain('Digests verified');
    expect(section).toContain(`${stored} of ${stored} verified`);
    expect(section).toContain('document.content_missing');
    // Documents an earlier session of the run stored count as transferred (see `resumed`), not beside them.
    expect(section).toContain(`${listed} referenced = ${stored} transferred + 0 unchanged + 1 quarantined + 0 failed`);
    const md = readFileSync(path.join(root, 'reports-jsonl', 'run-report.md'), 'utf8');
    expect(md).toContain('## Documents');
    expect(md).toContain(`| ${listed} | ${stored} | 0 | 0 | 1 | 0 |`);
    expect(md).not.toContain('```json');
  });

  it('a dry run against the same folder rehearses records and documents and writes nothing', async () => {
    const before = listFiles(importDir).map((f) => `${f}:${readFileSync(path.join(importDir, f)).length}`);
    const manifest = readFileSync(path.join(importDir, 'manifest.json'), 'utf8');
    const r = await cli(['--no-progress', 'dry-run', '-c', path.join(root, 'jsonl.config.json'), '--reports', 'reports-jsonl-dry']);
    expect(r.code).toBe(0);
    const dry = readReport('reports-jsonl-dry');
    expect(dry.dryRun).toBe(true);
    expect(dry.documents).toMatchObject({ dryRun: true, total: listed, unchanged: stored, transferred: 0, quarantined: 1, reconciliation: null });
    expect(listFiles(importDir).map((f) => `${f}:${readFileSync(path.join(importDir, f)).length}`)).toEqual(before);
    expect(readFileSync(path.join(importDir, 'manifest.json'), 'utf8')).toBe(manifest);
    // The dry run's quarantine export comes from what it staged (its ledger keeps nothing).
    expect(
      readFileSync(path.join(root, 'reports-jsonl-dry', 'quarantine.csv'), 'utf8')
        .trim()
        .split('\r\n').length,
    ).toBe(quarantinedRows(dry) + 1);
  }, 120_000);

  it('exports the quarantine of the run from the import folder ledger', async () => {
    const r = await cli(['quarantine', 'export', '--run', report.runId, '-c', 'jsonl.config.json']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\r\n');
    expect(lines[0]).toBe('record_ref,mapping,entity,source_table,codes,severity,field_paths');
    expect(lines.length).toBe(quarantinedRows(report) + 1);
    expect(lines).toContain(
      readFileSync(path.join(root, 'reports-jsonl', 'quarantine.csv'), 'utf8')
        .trim()
        .split('\r\n')
        .find((l) => l.includes('reference.missing')),
    );
    const byEntity = new Map(lines.slice(1).map((l) => [l.split(',')[1], l.split(',')[2]]));
    expect(Object.fromEntries(byEntity)).toMatchObject({ persons: 'person', payments: 'booking' });
  }, 60_000);
});

describe('PGlite target: documents, dry run, quarantine export', () => {
  it('a dry run into a fresh store hashes every document and keeps no document and no record', async () => {
    const config = writeConfig('pglite-dry.config.json', { kind: 'pglite', dir: 'store-dry' }, 'reports-dry');
    const r = await cli(['--json', 'dry-run', '-c', config]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { quarantineExport: string };
    const dry = readReport('reports-dry');
    expect(dry.documents).toMatchObject({ dryRun: true, total: listed, transferred: stored, inserted: stored, quarantined: 1, reconciliation: null });
    expect(summary.quarantineExport).toBe(path.join(root, 'reports-dry', 'quarantine.csv'));
    // A dry run into a store that does not exist yet stages in memory: no store folder, so no document and no record kept.
    expect(existsSync(path.join(root, 'store-dry'))).toBe(false);
  }, 120_000);

  it('quarantine export: the ledger rows of a real run, CSV and JSON Lines agree; bad ids are configuration errors', async () => {
    const config = writeConfig('pglite.config.json', { kind: 'pglite', dir: 'store' }, 'reports-pg');
    expect((await cli(['--no-progress', 'run', '-c', config])).code).toBe(0);
    const report = readReport('reports-pg');
    expect(report.documents?.transferred).toBe(stored);
    const csv = await cli(['quarantine', 'export', '--run', report.runId, '-c', config, '--out', 'q.csv']);
    expect(csv.code).toBe(0);
    const csvLines = readFileSync(path.join(root, 'q.csv'), 'utf8').trim().split('\r\n');
    expect(csvLines).toEqual(
      readFileSync(path.join(root, 'reports-pg', 'quarantine.csv'), 'utf8')
        .trim()
        .split('\r\n'),
    );
    const jsonl = await cli(['quarantine', 'export', '--run', report.runId, '-c', config, '--format', 'jsonl']);
    const rows = jsonl.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { recordRef: string; codes: string[]; severity: string; paths: string[] });
    expect(rows.length).toBe(quarantinedRows(report));
    expect(rows.length).toBe(csvLines.length - 1);
    const byCode = new Map<string, number>();
    for (const row of rows) for (const c of new Set(row.codes)) byCode.set(c, (byCode.get(c) ?? 0) + 1);
    expect(Object.fromEntries(byCode)).toEqual(report.quarantine.byCode);
    expect(rows.every((x) => x.severity === 'error' && x.codes.length === x.paths.length && /^[a-z-]+:[0-9a-f]{16}$/.test(x.recordRef))).toBe(true);

    const bad = await cli(['quarantine', 'export', '--run', 'not-a-run', '-c', config]);
    expect(bad.code).toBe(EXIT_CODES.CONFIG);
    const unknown = await cli(['quarantine', 'export', '--run', '00000000-0000-4000-8000-000000000000', '-c', config]);
    expect(unknown.code).toBe(EXIT_CODES.CONFIG);
    expect(unknown.err).toContain('knows no run with this id');
    expect((await cli(['quarantine', 'export', '--run', report.runId, '-c', config, '--format', 'xlsx'])).code).toBe(EXIT_CODES.CONFIG);
  }, 180_000);

  it('"documents": false switches the profile default off', async () => {
    const config = writeConfig('nodocs.config.json', { kind: 'jsonl', dir: 'import-nodocs' }, 'reports-nodocs', { documents: false });
    expect((await cli(['--no-progress', 'run', '-c', config])).code).toBe(0);
    expect(readReport('reports-nodocs').documents).toBeUndefined();
    expect(existsSync(path.join(root, 'import-nodocs', 'documents'))).toBe(false);
  }, 120_000);
});

describe('error output of foreign errors', () => {
  const secretish = 'Muster Anna 756.1234.5678.97';
  beforeAll(() => {
    writeFileSync(
      path.join(root, 'throwing-mapping.mjs'),
      `export default function () { throw new TypeError(${JSON.stringify(`bad value ${secretish}`)}); }\n`,
    );
  });

  it('prints the class and a generic message, never the foreign message, unless --debug', async () => {
    const config = writeConfig('throwing.config.json', { kind: 'jsonl', dir: 'import-throw' }, 'reports-throw', { mappings: './throwing-mapping.mjs' });
    const plain = await cli(['dry-run', '-c', config]);
    expect(plain.code).toBe(EXIT_CODES.INTERNAL);
    expect(plain.err).toContain('error CB_INTERNAL: an unexpected TypeError occurred');
    expect(plain.err).not.toContain('756.1234');
    expect(plain.err).not.toContain('Muster');
    const json = await cli(['--json', 'dry-run', '-c', config]);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, error: { code: 'CB_INTERNAL', name: 'TypeError' } });
    expect(json.out + json.err).not.toContain('756.1234');
    const debug = await cli(['--debug', 'dry-run', '-c', config]);
    expect(debug.err).toContain(secretish);
  }, 60_000);
});

describe('typed case-check and statistics-readiness sections', () => {
  it('renders tables and a per-commune SVG bar chart on a 0–100 % scale, escaping every value', () => {
    const base = readReport('reports-jsonl');
    const report: RunReport = {
      ...base,
      caseChecks: {
        cases: 40,
        casesFlagged: 3,
        issues: 4,
        byCode: { 'case.<b>overlap': 3, 'case.no_applicant': 1 },
        bySeverity: { warning: 4 },
        flags: [
          {
            caseRef: '11111111-1111-4111-8111-111111111111',
            entity: 'supportUnit',
            recordRef: '22222222-2222-4222-8222-222222222222',
            code: 'case.<b>overlap',
            severity: 'warning',
          },
          { caseRef: '33333333-3333-4333-8333-333333333333', entity: 'case', recordRef: null, code: 'case.no_applicant', severity: 'warning' },
        ],
        truncated: true,
      },
      statisticsReadiness: {
        referenceMonth: '2026-10',
        cases: 50,
        dossiers: 48,
        passing: 36,
        passingPercent: '75.0',
        byCommune: [
          { municipalityBfsNumber: 351, dossiers: 40, passing: 32, passingPercent: '80.0' },
          { municipalityBfsNumber: 261, dossiers: 8, passing: 4, passingPercent: '50.0' },
        ],
        byEntity: [{ entity: 'person', issues: 9, dossiers: 7 }],
        byCode: { 'shs.missing_nationality': 7, 'shs.missing_household_size': 5 },
        missingFields: [{ entity: 'person', field: 'nationality', dossiers: 7 }],
      },
    };
    const html = renderRunReportHtml(report);
    const cases = html.slice(html.indexOf('id="case-checks"'), html.indexOf('id="statistics"'));
    expect(cases).toContain('case.&lt;b&gt;overlap');
    expect(cases).not.toContain('case.<b>overlap');
    // Flagged records are grouped by issue (counts, no id pairs); a group cut at the list limit says "at least".
    expect(cases).not.toContain('11111111-1111-4111-8111-111111111111');
    expect(cases).toMatch(
      /case\.&lt;b&gt;overlap<\/code><\/td><td><\/td><td><span class="badge warn">warning<\/span><\/td><td class="num">3<\/td><td class="num">≥ 1<\/td>/,
    );
    expect(cases).toContain('2 more issues not counted in the groups above');
    const stats = html.slice(html.indexOf('id="statistics"'), html.indexOf('id="documents"'));
    // Bars on a fixed scale of 300 px = 100 %: 80 % → 240 px, 50 % → 150 px.
    expect(stats).toContain('<rect x="110" y="4" width="240.0" height="14" rx="2" fill="#d68910"/>');
    expect(stats).toContain('<rect x="110" y="4" width="150.0" height="14" rx="2" fill="#c0392b"/>');
    expect(stats).toContain('BFS 261');
    expect(stats).toContain('80.0 % (32/40)');
    expect(stats).toContain('nationality');
    const md = renderRunReportMarkdown(report);
    expect(md).toContain('## Case checks');
    expect(md).toContain('| case.\\<b\\>overlap |  | warning | 3 | ≥ 1 | ≥ 1 |');
    expect(md).toContain('**75.0 %** of 48 dossiers');
    expect(md).toContain('| 261 | 8 | 4 | 50.0 % |');
  });
});

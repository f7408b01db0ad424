/**
 * The record-level ledger through the CLI on the demo sample: `quarantine export --with-warnings
 * --with-filtered` adds the rows loaded with warnings and the rows a named filter rule left out, each
 * with its bucket, and their counts agree with the run report; `fixlist` lists the warned rows (and,
 * with `--with-filtered`, the filtered ones) with legacy keys only for the key holder; the demo writes
 * `record-notes.csv` beside its reports.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { runDemo, type DemoRun } from './helpers/demo-run.js';

interface ExportLine {
  readonly bucket: 'quarantined' | 'warning' | 'filtered';
  readonly recordRef: string;
  readonly mapping: string;
  readonly codes: string[];
  readonly paths: string[];
  readonly severity: string;
}

function csvRows(text: string, delimiter = ','): string[][] {
  return parse(text, { bom: true, delimiter }) as string[][];
}

describe('record-level ledger of warnings and filtered rows (demo, PGlite)', () => {
  let demo: DemoRun;
  let report: RunReport;
  let config: string;
  beforeAll(async () => {
    demo = await runDemo();
    expect(demo.exitCode).toBe(0);
    report = JSON.parse(readFileSync(path.join(demo.dir, 'reports', 'run-report.json'), 'utf8')) as RunReport;
    config = path.join(demo.dir, 'casebridge.config.json');
  }, 240_000);

  it('exports every bucket with its rows, and the counts agree with the report per mapping, code and rule', async () => {
    const io = captureIo({ cwd: demo.dir });
    expect(await runCli(['quarantine', 'export', '--run', report.runId, '-c', config, '--with-warnings', '--with-filtered', '--format', 'jsonl'], io)).toBe(0);
    const lines = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExportLine);
    const warned = report.entities.reduce((t, e) => t + e.warnings, 0);
    const filtered = report.entities.reduce((t, e) => t + e.filtered, 0);
    // The sample has planted filters (the engine test covers warned rows): the test would prove nothing without them.
    expect(filtered).toBeGreaterThan(0);
    expect(lines.filter((l) => l.bucket === 'warning')).toHaveLength(warned);
    for (const e of report.entities) {
      const of = (bucket: ExportLine['bucket']): ExportLine[] => lines.filter((l) => l.mapping === e.mapping && l.bucket === bucket);
      expect(of('quarantined')).toHaveLength(e.quarantined);
      expect(of('warning')).toHaveLength(e.warnings);
      expect(of('filtered')).toHaveLength(e.filtered);
      const warningCodes: Record<string, number> = {};
      for (const l of of('warning')) for (const c of l.codes) warningCodes[c] = (warningCodes[c] ?? 0) + 1;
      expect(warningCodes).toEqual(e.warningsByCode);
      const rules: Record<string, number> = {};
      for (const l of of('filtered')) rules[l.codes[0]!] = (rules[l.codes[0]!] ?? 0) + 1;
      expect(rules).toEqual(e.filteredByRule);
    }
    expect(lines.filter((l) => l.bucket === 'warning').every((l) => l.severity === 'warning' && l.codes.length === l.paths.length)).toBe(true);
    expect(lines.filter((l) => l.bucket === 'filtered').every((l) => l.severity === 'info' && l.codes.length === 1)).toBe(true);
    // Pseudonymous references only, and each row once per bucket (no doubles).
    expect(lines.every((l) => /^[a-z-]+:[0-9a-f]{16}$/.test(l.recordRef))).toBe(true);
    const keys = lines.map((l) => `${l.bucket}:${l.recordRef}`);
    expect(new Set(keys).size).toBe(keys.length);
  }, 120_000);

  it('CSV: a bucket column only with a flag; one flag exports only its bucket; the run wrote record-notes.csv', async () => {
    const plain = captureIo({ cwd: demo.dir });
    expect(await runCli(['quarantine', 'export', '--run', report.runId, '-c', config], plain)).toBe(0);
    expect(csvRows(plain.out())[0]).toEqual(['record_ref', 'mapping', 'entity', 'source_table', 'codes', 'severity', 'field_paths']);

    const io = captureIo({ cwd: demo.dir });
    expect(await runCli(['quarantine', 'export', '--run', report.runId, '-c', config, '--with-filtered', '-o', 'export.csv'], io)).toBe(0);
    const rows = csvRows(readFileSync(path.join(demo.dir, 'export.csv'), 'utf8'));
    expect(rows[0]).toEqual(['bucket', 'record_ref', 'mapping', 'entity', 'source_table', 'codes', 'severity', 'field_paths']);
    const buckets = rows.slice(1).map((r) => r[0]);
    expect(new Set(buckets)).toEqual(new Set(['quarantined', 'filtered']));
    expect(buckets.filter((b) => b === 'filtered')).toHaveLength(report.entities.reduce((t, e) => t + e.filtered, 0));

    // Beside the reports: the run's warned and filtered rows, as read back from the ledger.
    const notes = csvRows(readFileSync(path.join(demo.dir, 'reports', 'record-notes.csv'), 'utf8'));
    expect(notes[0]![0]).toBe('bucket');
    expect(notes.length - 1).toBe(report.entities.reduce((t, e) => t + e.warnings + e.filtered, 0));
  }, 120_000);

  it('fixlist lists the warned rows, and the filtered ones with --with-filtered, legacy keys only for the key holder', async () => {
    const io = captureIo({ cwd: demo.dir });
    expect(await runCli(['fixlist', '--run', report.runId, '-c', config, '--with-filtered', '-o', 'fix.csv'], io)).toBe(0);
    const rows = csvRows(readFileSync(path.join(demo.dir, 'fix.csv'), 'utf8'), ';').slice(1);
    const kinds = (kind: string): string[][] => rows.filter((r) => r[3] === kind);
    const warnedRefs = new Set(kinds('warning (loaded, to review)').map((r) => r[5]));
    expect(warnedRefs.size).toBe(report.entities.reduce((t, e) => t + e.warnings, 0));
    const filtered = kinds('filtered (left out by a rule)');
    expect(filtered).toHaveLength(report.entities.reduce((t, e) => t + e.filtered, 0));
    expect(filtered.every((r) => r[1]!.includes(r[0]!) && r[2] === 'info')).toBe(true);
    // The demo's config names the commune's key file: every ledger row carries its legacy key.
    expect([...kinds('warning (loaded, to review)'), ...filtered].every((r) => r[6] !== '')).toBe(true);

    const without = captureIo({ cwd: demo.dir });
    expect(await runCli(['fixlist', '--run', report.runId, '-c', config], without)).toBe(0);
    const plain = csvRows(without.out(), ';').slice(1);
    expect(plain.filter((r) => r[3] === 'filtered (left out by a rule)')).toHaveLength(0);
    expect(plain.filter((r) => r[3] === 'warning (loaded, to review)')).toHaveLength(kinds('warning (loaded, to review)').length);
  }, 120_000);

  it('a dry run writes its warned and filtered rows to record-notes.csv beside its reports', async () => {
    const io = captureIo({ cwd: demo.dir });
    expect(await runCli(['--no-progress', 'dry-run', '-c', config, '--reports', 'dry-reports'], io)).toBe(0);
    const dry = JSON.parse(readFileSync(path.join(demo.dir, 'dry-reports', 'run-report.json'), 'utf8')) as RunReport;
    expect(dry.dryRun).toBe(true);
    const notes = csvRows(readFileSync(path.join(demo.dir, 'dry-reports', 'record-notes.csv'), 'utf8'));
    expect(notes[0]![0]).toBe('bucket');
    for (const e of dry.entities) {
      expect(notes.filter((r) => r[2] === e.mapping && r[0] === 'filtered')).toHaveLength(e.filtered);
      expect(notes.filter((r) => r[2] === e.mapping && r[0] === 'warning')).toHaveLength(e.warnings);
    }
    expect(notes.length - 1).toBe(dry.entities.reduce((t, e) => t + e.warnings + e.filtered, 0));
  }, 240_000);
});

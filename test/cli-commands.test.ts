/**
 * The casebridge CLI end to end, in-process through `runCli` (same code path as `bin/casebridge.js`):
 * dry run from a config file, report re-rendering, validate, init-connector, schema apply, codes
 * extract, profile, and the documented exit codes for usage and configuration errors.
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
import type { SourceProfile } from '../src/core/profile/source-profile.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-cli-'));
const sourceDir = path.join(root, 'source');

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: { ...env } });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

function writeConfig(name: string, config: unknown): string {
  const file = path.join(root, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

const baseConfig = (): Record<string, unknown> => ({
  name: 'cli-test',
  tenant: { commune: 351, sourceSystem: 'flat-file-export' },
  source: { connector: 'files', name: 'flat-file-export', baseDir: 'source', tables: flatFileConnectorConfig('source').tables },
  mappings: 'flat-file',
  target: { kind: 'pglite', dir: 'store' },
  reports: { dir: 'reports' },
});

beforeAll(async () => {
  await writeSampleCommune(sourceDir);
}, 60_000);

describe('casebridge CLI', () => {
  it('lists every command in --help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['demo', 'profile', 'codes', 'run', 'dry-run', 'report', 'validate', 'init-connector', 'schema'])
      expect(r.out).toMatch(new RegExp(`\\n\\s+${command}\\b`));
  });

  it('exits 64 on an unknown option', async () => {
    const r = await cli(['run', '--no-such-option']);
    expect(r.code).toBe(EXIT_CODES.USAGE);
    expect(r.err).toContain('unknown option');
  });

  it('dry-runs from a config file: the JSON summary equals the written report, and report re-renders it', async () => {
    const config = writeConfig('dry.config.json', baseConfig());
    const r = await cli(['--json', 'dry-run', '-c', config]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { status: string; dryRun: boolean; totals: Record<string, number>; reports: Record<string, string> };
    const report = JSON.parse(readFileSync(summary.reports['json']!, 'utf8')) as RunReport;
    expect(summary.dryRun).toBe(true);
    expect(report.dryRun).toBe(true);
    expect(summary.status).toBe(report.status);
    expect(summary.totals['extracted']).toBe(report.entities.reduce((t, e) => t + e.extracted, 0));
    expect(summary.totals['extracted']).toBe(summary.totals['loaded']! + summary.totals['filtered']! + summary.totals['quarantined']!);
    const wouldInsert = Object.values(report.changes ?? {}).reduce((t, c) => t + c.insert, 0);
    expect(wouldInsert).toBe(Object.values(report.records).reduce((t, c) => t + c.inserted, 0));
    expect(report.codeListCoverage?.length).toBeGreaterThan(0);
    const html = readFileSync(summary.reports['html']!, 'utf8');
    expect(html).toContain('What would change (dry run)');
    expect(readFileSync(summary.reports['md']!, 'utf8')).toContain('## What would change (dry run)');
    // json, html, md, the quarantine export and the record notes (warned and filtered rows) of this dry run.
    expect(
      readdirSync(path.join(root, 'reports', 'runs'))
        .filter((f) => f.startsWith('dry-run-'))
        .map((f) => f.replace(/^dry-run-[\d-]+-[0-9a-f]{8}/, ''))
        .sort(),
    ).toEqual(['.html', '.json', '.md', '.quarantine.csv', '.record-notes.csv']);
    expect(readFileSync(path.join(root, 'reports', 'run.log'), 'utf8')).toContain('finished');

    // `report` re-renders HTML and Markdown from the JSON alone.
    const out = path.join(root, 'rerendered');
    const again = await cli(['report', summary.reports['json']!, '--out', out]);
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(out, 'run-report.html'), 'utf8')).toBe(html);
  }, 180_000);

  it('names the bad config field and exits 78', async () => {
    const config = writeConfig('bad.config.json', { ...baseConfig(), target: { kind: 'pglite', folder: 'x' } });
    const r = await cli(['dry-run', '-c', config]);
    expect(r.code).toBe(EXIT_CODES.CONFIG);
    expect(r.err).toMatch(/^error CB_CONFIGURATION_INVALID: Config field \/target/);
    expect(r.err).not.toContain('    at ');
  });

  it('reads secrets from the environment and names a missing variable without a value', async () => {
    const config = writeConfig('pg.config.json', { ...baseConfig(), target: { kind: 'postgres', url: { env: 'CB_TEST_TARGET_URL' } } });
    const r = await cli(['dry-run', '-c', config]);
    expect(r.code).toBe(EXIT_CODES.CONFIG);
    expect(r.err).toContain('CB_TEST_TARGET_URL');
  });

  it('validates canonical records: counts, issue codes with line refs, exit 1 on errors', async () => {
    const file = path.join(root, 'persons.jsonl');
    const valid = {
      id: 'dbfafb19-7355-585d-926c-accc8cc0d595',
      officialName: 'Muster',
      firstName: 'Anna',
      vn: '7561234567897',
      sex: '2',
      dateOfBirth: '1980-05-01',
    };
    writeFileSync(file, [JSON.stringify(valid), JSON.stringify({ ...valid, dateOfBirth: '1980-02-31' }), ''].join('\n'));
    const r = await cli(['--json', 'validate', file, '--entity', 'person']);
    expect(r.code).toBe(EXIT_CODES.WARNINGS);
    const result = JSON.parse(r.out) as {
      records: number;
      invalid: number;
      issuesByCode: Record<string, number>;
      issues: { recordRef: string; path: string }[];
    };
    expect(result.records).toBe(2);
    expect(result.invalid).toBe(1);
    expect(result.issuesByCode['schema.format']).toBe(1);
    expect(result.issues[0]).toMatchObject({ recordRef: 'line:2', path: '/dateOfBirth' });
    expect(r.out).not.toContain('1980-02-31');
  });

  it('scaffolds a connector and refuses a non-empty folder', async () => {
    const dir = path.join(root, 'acme');
    const r = await cli(['init-connector', 'acme-soz', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).length).toBeGreaterThan(3);
    const again = await cli(['init-connector', 'acme-soz', '--dir', dir]);
    expect(again.code).toBe(EXIT_CODES.CONFIG);
  });

  it('applies the canonical schema to a PGlite folder, then finds it up to date', async () => {
    const dir = path.join(root, 'schema-store');
    const first = await cli(['--json', 'schema', 'apply', '--pglite', dir]);
    expect(first.code).toBe(0);
    expect((JSON.parse(first.out) as { applied: string[] }).applied.length).toBeGreaterThan(0);
    const second = await cli(['--json', 'schema', 'apply', '--pglite', dir]);
    expect((JSON.parse(second.out) as { applied: string[] }).applied).toEqual([]);
  }, 120_000);

  it('extracts the codes of a column as a skeleton CSV with small counts suppressed', async () => {
    const out = path.join(root, 'codes', 'art.csv');
    const r = await cli(['codes', 'extract', '--files', sourceDir, '--table', 'DOSSIERS', '--column', 'ART', '--out', out]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toBe('source_code;source_label;target_code;status;approved_by;approved_at;note;frequency');
    const dossiers = readFileSync(path.join(sourceDir, 'DOSSIERS.csv'), 'latin1')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(';')[2]);
    const sh = dossiers.filter((a) => a === 'SH').length;
    expect(lines).toContain(`SH;;;proposed;;;;${sh}`);
  });

  it('profiles a folder of files: detects encoding and delimiter, hides personal columns', async () => {
    const out = path.join(root, 'profile');
    const r = await cli(['--json', 'profile', '--files', sourceDir, '--out', out, '--non-personal', 'PERSONEN.GESCHLECHT,PERSONEN.NAME']);
    expect(r.code).toBe(0);
    const profile = JSON.parse(readFileSync(path.join(out, 'source-profile.json'), 'utf8')) as SourceProfile;
    const persons = profile.tables.find((t) => t.name === 'PERSONEN')!;
    expect(persons.encoding).toBe('Windows-1252');
    expect(persons.delimiter).toBe(';');
    const personRows = readFileSync(path.join(sourceDir, 'PERSONEN.csv'), 'latin1').trim().split(/\r?\n/).length - 1;
    expect(persons.rowCount).toBe(personRows);
    for (const name of ['NAME', 'VORNAME', 'GEBDAT', 'AHV_NR']) {
      const c = persons.columns.find((x) => x.name === name)!;
      expect(c.personal).not.toBeNull();
      expect(c.topValues).toBeUndefined();
      expect(c.min).toBeUndefined();
    }
    expect(persons.columns.find((c) => c.name === 'GEBDAT')!.dateFormats['DD.MM.YYYY']).toBeGreaterThan(0);
    const sex = persons.columns.find((c) => c.name === 'GESCHLECHT')!;
    expect(sex.personal).toBeNull();
    expect(sex.topValues!.every((v) => v.count >= 5)).toBe(true);
    expect(sex.topValues!.reduce((t, v) => t + v.count, 0)).toBeLessThanOrEqual(personRows);
    expect(existsSync(path.join(out, 'source-profile.html'))).toBe(true);
  });
});

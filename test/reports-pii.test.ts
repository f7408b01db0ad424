/**
 * Scans every file `casebridge demo` writes (run reports in every format, the run log, the quarantine
 * export, the source profile, the generated config), the ledger's quarantine export and everything it prints, for the sample commune's personal values:
 * names, AHV numbers, birth dates and street addresses. None may appear. The same scan over the source
 * files finds them, which proves the scan itself works.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { runDemo, type DemoRun } from './helpers/demo-run.js';

/** Every file under `dir`, skipping the given top-level folders. */
function filesUnder(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (skip.includes(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

function readCsv(file: string): Record<string, string>[] {
  const text = iconv.decode(readFileSync(file), 'windows-1252');
  return parse(text, { columns: true, delimiter: ';', skip_empty_lines: true }) as Record<string, string>[];
}

/** The personal values of the sample, in the spellings a leak could take. */
function personalValues(sourceDir: string): Set<string> {
  const values = new Set<string>();
  for (const p of readCsv(path.join(sourceDir, 'PERSONEN.csv'))) {
    for (const name of [p['NAME'], p['VORNAME']]) if (name !== undefined && name.trim().length >= 4) values.add(name.trim());
    const ahv = p['AHV_NR']?.trim() ?? '';
    if (ahv.length >= 13) {
      values.add(ahv);
      values.add(ahv.replace(/\D/g, ''));
    }
    const birth = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(p['GEBDAT']?.trim() ?? '');
    if (birth !== null) {
      values.add(birth[0]);
      values.add(`${birth[3]}-${birth[2]}-${birth[1]}`);
    }
  }
  for (const a of readCsv(path.join(sourceDir, 'ADRESSEN.csv'))) {
    const street = a['STRASSE']?.trim() ?? '';
    if (street.length >= 5) {
      values.add(street);
      if (a['HAUSNR'] !== undefined && a['HAUSNR'] !== '') values.add(`${street} ${a['HAUSNR'].trim()}`);
    }
  }
  return values;
}

function leaks(text: string, values: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const v of values) {
    // Word boundaries: a short first name must not match inside an unrelated word or a hex id.
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u');
    if (pattern.test(text)) found.push(v);
  }
  return found;
}

describe('no personal data in what a run writes', () => {
  let demo: DemoRun;
  let values: Set<string>;

  beforeAll(async () => {
    demo = await runDemo();
    values = personalValues(path.join(demo.dir, 'source'));
  }, 120_000);

  it('the demo succeeded and the sample holds personal values of every kind', () => {
    expect(demo.exitCode).toBe(0);
    const list = [...values];
    expect(list.filter((v) => /^756\.\d{4}\.\d{4}\.\d{2}$/.test(v)).length).toBeGreaterThan(250);
    expect(list.filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)).length).toBeGreaterThan(200);
    expect(list.filter((v) => /strasse|gasse|weg/i.test(v)).length).toBeGreaterThan(5);
  });

  it('the scan finds the values in the source files (the scan works)', () => {
    const persons = iconv.decode(readFileSync(path.join(demo.dir, 'source', 'PERSONEN.csv')), 'windows-1252');
    expect(leaks(persons, values).length).toBeGreaterThan(100);
  });

  it('no report, log, profile or config file of the demo holds a personal value', () => {
    const written = filesUnder(demo.dir, ['source', 'store']);
    const kinds = new Set(written.map((f) => path.extname(f)));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['.csv', '.html', '.json', '.log', '.md']));
    expect(written.map((f) => path.relative(demo.dir, f))).toContain(path.join('reports', 'quarantine.csv'));
    const found: string[] = [];
    for (const file of written) for (const v of leaks(readFileSync(file, 'utf8'), values)) found.push(`${path.relative(demo.dir, file)}: ${v.length} chars`);
    expect(found).toEqual([]);
  });

  it('the quarantine export (CSV beside the reports, JSON Lines from the ledger) lists every quarantined row and no personal value', async () => {
    const report = JSON.parse(readFileSync(path.join(demo.dir, 'reports', 'run-report.json'), 'utf8')) as {
      runId: string;
      entities: { quarantined: number }[];
    };
    const quarantined = report.entities.reduce((t, e) => t + e.quarantined, 0);
    expect(quarantined).toBeGreaterThan(3);
    const csv = readFileSync(path.join(demo.dir, 'reports', 'quarantine.csv'), 'utf8')
      .trim()
      .split('\r\n');
    expect(csv.length).toBe(quarantined + 1);
    const io = captureIo({ cwd: demo.dir });
    const code = await runCli(['quarantine', 'export', '--run', report.runId, '--format', 'jsonl', '-c', 'casebridge.config.json'], io);
    expect(code).toBe(0);
    const lines = io.out().trim().split('\n');
    expect(lines.length).toBe(quarantined);
    expect(leaks(io.out() + io.err(), values)).toEqual([]);
    // Only references, codes and paths: the legacy key (which may be personal) is not exported.
    for (const line of lines)
      expect(Object.keys(JSON.parse(line) as object).sort()).toEqual(['codes', 'entity', 'mapping', 'paths', 'recordRef', 'severity', 'sourceTable']);
  }, 60_000);

  it('nothing the demo prints holds a personal value', () => {
    expect(demo.io.out()).toContain('run-report.html');
    expect(leaks(demo.io.out() + demo.io.err(), values)).toEqual([]);
  });
});

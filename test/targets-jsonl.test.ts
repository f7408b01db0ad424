/**
 * The Citysoftnet-style JSONL import-format target: the flat-file profile migrates into it end to end and
 * reconciles from the files; the manifest's counts, money sums per year and SHA-256 per file match the
 * files and the generator's plan; a re-run adds no record line; a dry run writes nothing; a corrupted
 * line in an output file is caught by reconciliation.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { reconcileMigration } from '../src/core/pipeline/reconcile-migration.js';
import { createJsonlTarget, IMPORT_MANIFEST_FILE, type ImportManifest } from '../src/targets/jsonl/index.js';
import { FLAT_FILE_SOURCE_SYSTEM, flatFileExpected, flatFileMigration, generateFlatFileExport } from '../src/profiles/flat-file/index.js';
import { checkFlatFileReport, plannedPaymentSums } from './fixtures/profiles/flat-file-run-checks.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const SCALE = { persons: 40, seed: 9 };
let source: string;
let out: string;

function manifestOf(dir: string): ImportManifest {
  return JSON.parse(readFileSync(path.join(dir, IMPORT_MANIFEST_FILE), 'utf8')) as ImportManifest;
}

/** Every file under `dir` with its SHA-256 (relative path → hash). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function dataLines(manifest: ImportManifest): number {
  return manifest.batches
    .flatMap((b) => b.files)
    .filter((f) => !f.entity.startsWith('_'))
    .reduce((n, f) => n + f.lines, 0);
}

beforeAll(async () => {
  source = mkdtempSync(path.join(tmpdir(), 'cb-jsonl-src-'));
  out = mkdtempSync(path.join(tmpdir(), 'cb-jsonl-out-'));
  await generateFlatFileExport({ dir: source, ...SCALE });
});

describe('JSONL import-format target', () => {
  it('receives the flat-file profile end to end; the manifest matches the files and the plan', async () => {
    const report = await runMigration(
      flatFileMigration({
        commune: TEST_COMMUNE,
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        dir: source,
        target: createJsonlTarget({ dir: out }),
        options: { batchSize: 50 },
      }),
    );
    const expected = checkFlatFileReport(report, SCALE);
    const manifest = manifestOf(out);
    expect(manifest).toMatchObject({ format: 'casebridge-import', formatVersion: 1 });
    expect(manifest.runs).toHaveLength(1);
    expect(manifest.runs[0]?.status).toBe('finished');
    for (const f of manifest.batches.flatMap((b) => b.files)) {
      const bytes = readFileSync(path.join(out, f.path));
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
      expect(
        bytes
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== '').length,
        f.path,
      ).toBe(f.lines);
    }
    for (const [entity, n] of Object.entries(expected.records)) expect(manifest.entities[entity]?.records, entity).toBe(n);
    expect(dataLines(manifest)).toBe(Object.values(expected.records).reduce((a, b) => a + b, 0));
    for (const [year, { rappen }] of plannedPaymentSums(SCALE))
      expect(manifest.entities['booking']?.moneyByYear[String(year)]?.['amountRappen']).toBe(rappen.toString());
    // Quarantine entries travel as references and codes only.
    const quarantined = manifest.batches
      .flatMap((b) => b.files)
      .filter((f) => f.entity === '_quarantine')
      .reduce((n, f) => n + f.lines, 0);
    expect(quarantined).toBe(Object.values(expected.mappings).reduce((n, m) => n + m.quarantined, 0));
  });

  it('a re-run writes no record line and finds everything unchanged', async () => {
    const before = dataLines(manifestOf(out));
    const report = await runMigration(
      flatFileMigration({
        commune: TEST_COMMUNE,
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        dir: source,
        target: createJsonlTarget({ dir: out }),
        options: { batchSize: 50 },
      }),
    );
    expect(report.status).toBe('passed');
    for (const e of report.entities) expect([e.mapping, e.inserted, e.updated]).toEqual([e.mapping, 0, 0]);
    const manifest = manifestOf(out);
    expect(dataLines(manifest)).toBe(before);
    expect(manifest.runs.map((r) => r.status)).toEqual(['finished', 'finished']);
  });

  it('a dry run reports what would change and writes nothing to the folder', async () => {
    const bigger = mkdtempSync(path.join(tmpdir(), 'cb-jsonl-big-'));
    await generateFlatFileExport({ dir: bigger, persons: SCALE.persons + 10, seed: SCALE.seed });
    const before = snapshot(out);
    const report = await runMigration(
      flatFileMigration({
        commune: TEST_COMMUNE,
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        dir: bigger,
        target: createJsonlTarget({ dir: out }),
        options: { batchSize: 50 },
      }),
      { dryRun: true },
    );
    expect(report.dryRun).toBe(true);
    const grown = flatFileExpected({ persons: SCALE.persons + 10, seed: SCALE.seed }).records['person'] ?? 0;
    const had = flatFileExpected(SCALE).records['person'] ?? 0;
    expect(report.changes?.['person']?.insert).toBeGreaterThan(0);
    expect((report.changes?.['person']?.insert ?? 0) + (report.changes?.['person']?.unchanged ?? 0) + (report.changes?.['person']?.update ?? 0)).toBe(grown);
    expect(report.changes?.['person']?.unchanged).toBeLessThanOrEqual(had);
    expect(snapshot(out)).toEqual(before);
  });

  it('reconciliation catches a corrupted line and a garbled line in an output file', async () => {
    const manifest = manifestOf(out);
    const bookingFile = manifest.batches.flatMap((b) => b.files).find((f) => f.entity === 'booking' && f.lines >= 2);
    expect(bookingFile).toBeDefined();
    const file = path.join(out, bookingFile?.path ?? '');
    const lines = readFileSync(file, 'utf8').split('\n');
    const first = JSON.parse(lines[0] ?? '{}') as { id: string; record: { amountRappen: number; bookingDate: string } };
    const second = JSON.parse(lines[1] ?? '{}') as { id: string };
    first.record.amountRappen += 100;
    lines[0] = JSON.stringify(first);
    lines[1] = '{"id": broken';
    writeFileSync(file, lines.join('\n'));
    const rec = await reconcileMigration(
      flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir: source, target: createJsonlTarget({ dir: out }) }),
    );
    expect(rec.status).toBe('failed');
    expect(rec.hashes?.mismatched).toEqual([{ entity: 'booking', id: first.id, reason: 'content' }]);
    expect(rec.hashes?.missing).toEqual([{ entity: 'booking', id: second.id }]);
    const year = Number(first.record.bookingDate.slice(0, 4));
    expect(rec.controlTotals.find((c) => c.entity === 'booking' && c.year === year)?.matched).toBe(false);
  });
});

/**
 * The reference legacy profiles through the statistics: each profile's generated source is migrated into
 * a PGlite store with the statistics-readiness step on, then `casebridge stats shs|kokes|indicators`
 * produce an SHS delivery, a KOKES extract and an indicator table from that store. No file or table may
 * contain a name, an address line or an AHV number of the store, and no published count may lie below
 * the suppression threshold.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { createPostgresConnector } from '../src/connectors/postgres/index.js';
import { defineMigration } from '../src/core/pipeline/migration-definition.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { flatFileMigration, generateFlatFileExport } from '../src/profiles/flat-file/index.js';
import { generateRelationalSource, RELATIONAL_SOURCE_SYSTEM, relationalProfile } from '../src/profiles/relational/index.js';
import { statisticsReadinessHook, SUPPRESSED_MARKER, type IndicatorTable } from '../src/stats/index.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-stats-profiles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const THRESHOLD = 5;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: { CB_STATS_SECRET: 'test-secret' } });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Names, address lines and AHV numbers held by the store: none may appear in any statistics output. */
async function personalValues(storeDir: string): Promise<string[]> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: storeDir });
  try {
    const persons = await db.query<{ v: string | null }>(
      `SELECT unnest(ARRAY[official_name, first_name, vn]) AS v FROM casebridge.person`,
    );
    const addresses = await db.query<{ v: string | null }>(`SELECT unnest(ARRAY[street, town]) AS v FROM casebridge.address`);
    // Short values (e.g. a two-letter first name) would match by accident inside keys; names of 4+ characters prove the point.
    return [...new Set([...persons.rows, ...addresses.rows].map((r) => r.v).filter((v): v is string => v !== null && v.length >= 4))];
  } finally {
    await db.close();
  }
}

/** Every count of a published table is 0, at least the threshold, or suppressed. */
function expectNoSmallCounts(values: readonly unknown[]): void {
  for (const value of values) {
    if (typeof value === 'number') expect(value === 0 || value >= THRESHOLD, `count ${String(value)}`).toBe(true);
    else if (typeof value === 'string' && value !== SUPPRESSED_MARKER) expect(value).toMatch(/^-?\d+(\.\d+)?$/);
  }
}

async function statisticsOf(name: string, storeDir: string, year: string): Promise<{ indicators: IndicatorTable; shsFiles: string[]; dossierRows: number; personRows: number }> {
  const target = ['--target', `pglite:${storeDir}`];
  const shsDir = path.join(root, `${name}-shs`);
  // The profiles do not map every SHS field (the readiness section says which), so the dossiers that
  // fail the plausibility checks are delivered too: the privacy checks then run over real rows.
  const shs = await cli(['stats', 'shs', '--period', year, ...target, '--out', shsDir, '--secret-env', 'CB_STATS_SECRET', '--include-failing', '--json']);
  expect(shs.code, shs.err).toBe(0);
  const shsResult = JSON.parse(shs.out) as { months: { rows: { dossiers: number; persons: number } }[] };
  expect(shsResult.months).toHaveLength(12);
  const kokesFile = path.join(root, `${name}-kokes.json`);
  const kokes = await cli(['stats', 'kokes', '--period', year, ...target, '--out', kokesFile, '--json']);
  expect(kokes.code, kokes.err).toBe(0);
  const kokesResult = JSON.parse(kokes.out) as { authorities: { counts: Record<string, unknown> }[] };
  expectNoSmallCounts(kokesResult.authorities.flatMap((a) => Object.values(a.counts)));
  const ind = await cli(['stats', 'indicators', '--period', year, ...target, '--population', '20000', '--json']);
  expect(ind.code, ind.err).toBe(0);
  const indicators = JSON.parse(ind.out) as IndicatorTable;
  // The median is a number of months, not a count: it is withheld when the closed dossiers are few.
  const { period: _p, scope: _s, threshold, suppressedMarker: _m, medianDurationMonths, ...figures } = indicators;
  expect(threshold).toBe(THRESHOLD);
  if (typeof indicators.closedDossiers !== 'number') expect([SUPPRESSED_MARKER, null]).toContain(medianDurationMonths);
  expectNoSmallCounts(Object.values(figures).flatMap((v) => (v !== null && typeof v === 'object' ? Object.values(v) : [v])));
  const shsFiles = readdirSync(shsDir).map((f) => path.join(shsDir, f));
  const outputs = [...shsFiles, kokesFile].map((f) => readFileSync(f, 'utf8')).join('\n') + ind.out + kokes.out + shs.out;
  for (const value of await personalValues(storeDir)) expect(outputs.includes(value), 'a personal value leaked').toBe(false);
  return { indicators, shsFiles, dossierRows: shsResult.months.reduce((t, m) => t + m.rows.dossiers, 0), personRows: shsResult.months.reduce((t, m) => t + m.rows.persons, 0) };
}

function expectReadiness(report: RunReport): void {
  const readiness = report.statisticsReadiness;
  expect(readiness).toBeDefined();
  expect(readiness!.dossiers).toBeGreaterThan(0);
  expect(readiness!.byCommune.reduce((t, c) => t + c.dossiers, 0)).toBe(readiness!.dossiers);
  expect(readiness!.byCommune.reduce((t, c) => t + c.passing, 0)).toBe(readiness!.passing);
}

describe('flat-file profile → PGlite → statistics', () => {
  it('produces an SHS delivery, a KOKES extract and an indicator table without personal data or small counts', async () => {
    const exportDir = path.join(root, 'flat-export');
    await generateFlatFileExport({ dir: exportDir, persons: 150, seed: 7 });
    const storeDir = path.join(root, 'flat-store');
    const migrate = (dryRun: boolean): Promise<RunReport> =>
      runMigration(flatFileMigration({ dir: exportDir, target: createPgliteTarget({ dataDir: storeDir }), options: { statisticsReadiness: statisticsReadinessHook({ referenceMonth: '2024-12' }) } }), { dryRun });
    // A dry run is judged on the rows it would write (read inside its transaction, then rolled back)…
    const dry = await migrate(true);
    expectReadiness(dry);
    // …and says the same as the real run.
    const report = await migrate(false);
    expectReadiness(report);
    expect(dry.statisticsReadiness).toEqual(report.statisticsReadiness);
    const { dossierRows, indicators } = await statisticsOf('flat', storeDir, '2024');
    expect(dossierRows).toBeGreaterThan(0);
    expect(indicators.scope).toBe('canton');
  }, 240_000);
});

await describeWithService('postgres', 'relational profile → PGlite → statistics', () => {
  let source: TestDatabase;
  afterAll(async () => {
    await source?.drop();
  });
  it('produces an SHS delivery, a KOKES extract and an indicator table without personal data or small counts', async () => {
    source = await createPostgresDatabase('cbstats');
    await generateRelationalSource({ dialect: 'postgres', connection: source.url, persons: 150 });
    const storeDir = path.join(root, 'rel-store');
    const report = await runMigration(
      defineMigration({
        name: 'relational-stats',
        source: createPostgresConnector({ name: 'relational', connectionString: source.url }),
        sourceSystem: RELATIONAL_SOURCE_SYSTEM,
        mappings: relationalProfile.mappings(),
        target: createPgliteTarget({ dataDir: storeDir }),
        options: { batchSize: 250, statisticsReadiness: statisticsReadinessHook() },
      }),
    );
    expectReadiness(report);
    const { dossierRows, personRows } = await statisticsOf('rel', storeDir, '2024');
    expect(dossierRows).toBeGreaterThan(0);
    // The relational profile maps support-unit members: the person table is checked over real rows.
    expect(personRows).toBeGreaterThan(0);
  }, 300_000);
});

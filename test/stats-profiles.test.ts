/**
 * The reference legacy profiles through the statistics: each profile's generated source is migrated into
 * a PGlite store with the statistics-readiness step on, then `casebridge stats shs|kokes|indicators`
 * produce an SHS delivery, a KOKES extract and an indicator table from that store. No file or table may
 * contain a name, an address line or an AHV number of the store, and no published count may lie below
 * the suppression threshold. The profiles carry every SHS field: the readiness share and the dossiers
 * left out of the delivery are exactly those of the statistics defects the generators plant.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { createPostgresConnector } from '../src/connectors/postgres/index.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { RunReport } from '../src/core/report/run-report.js';

import type { ValidationIssue } from '../src/core/model/validation-issue.js';
import { EXIT_CODES } from '../src/cli/exit-codes.js';
import {
  FLAT_FILE_SOURCE_SYSTEM,
  flatFileExpected,
  flatFileMigration,
  flatFilePlantedDefects,
  generateFlatFileExport,
} from '../src/profiles/flat-file/index.js';
import type { PlantedDefect } from '../src/profiles/reference-profile.js';
import { generateRelationalSource, RELATIONAL_DATA_MONTH, RELATIONAL_SOURCE_SYSTEM, relationalProfile } from '../src/profiles/relational/index.js';
import { dossierKeyOf, statisticsReadinessHook, SUPPRESSED_MARKER, type IndicatorTable } from '../src/stats/index.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE, testId } from './helpers/tenant.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-stats-profiles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const THRESHOLD = 5;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: { CB_STATS_SECRET: 'test-secret-of-the-stats-profiles' } });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Names, address lines and AHV numbers held by the store: none may appear in any statistics output. */
async function personalValues(storeDir: string): Promise<string[]> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: storeDir });
  try {
    const persons = await db.query<{ v: string | null }>(`SELECT unnest(ARRAY[official_name, first_name, vn]) AS v FROM casebridge.person`);
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

/** The canonical case ids of the planted statistics defects (each case has one dossier), with their code. */
function plantedStatistics(defects: readonly PlantedDefect[], sourceSystem: string): { caseId: string; code: string }[] {
  return defects.filter((d) => d.expected.bucket === 'statistics').map((d) => ({ caseId: testId(sourceSystem, 'case', d.sourceKey), code: d.expected.code }));
}

/** The dossiers the delivery left out for blocking issues are exactly the planted ones, each with its code. */
function expectOnlyPlantedLeftOut(shsDir: string, planted: readonly { caseId: string; code: string }[]): void {
  const issues = readdirSync(shsDir)
    .filter((f) => f.endsWith('-issues.jsonl'))
    .flatMap((f) =>
      readFileSync(path.join(shsDir, f), 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    )
    .map((l) => JSON.parse(l) as ValidationIssue);
  const blocking = issues.filter((i) => i.severity === 'error');
  expect(new Set(blocking.map((i) => i.details?.['dossierKey']))).toEqual(new Set(planted.map((p) => dossierKeyOf(p.caseId, 1))));
  for (const p of planted)
    expect(
      blocking.some((i) => i.code === p.code && i.recordRef === p.caseId),
      p.code,
    ).toBe(true);
}

async function statisticsOf(
  name: string,
  storeDir: string,
  year: string,
  planted: readonly { caseId: string; code: string }[],
): Promise<{ indicators: IndicatorTable; shsFiles: string[]; dossierRows: number; personRows: number }> {
  const target = ['--target', `pglite:${storeDir}`];
  const shsDir = path.join(root, `${name}-shs`);
  // Dossiers failing the plausibility checks are left out (exit code "warnings"): only the planted ones.
  const shs = await cli(['stats', 'shs', '--period', year, ...target, '--out', shsDir, '--secret-env', 'CB_STATS_SECRET', '--json']);
  expect(shs.code, shs.err).toBe(EXIT_CODES.WARNINGS);
  const shsResult = JSON.parse(shs.out) as { ok: boolean; months: { rows: { dossiers: number; persons: number }; excludedDossiers: number }[] };
  expect(shsResult.months).toHaveLength(12);
  expect(shsResult.months.reduce((t, m) => t + m.excludedDossiers, 0)).toBeGreaterThan(0);
  expectOnlyPlantedLeftOut(shsDir, planted);
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
  return {
    indicators,
    shsFiles,
    dossierRows: shsResult.months.reduce((t, m) => t + m.rows.dossiers, 0),
    personRows: shsResult.months.reduce((t, m) => t + m.rows.persons, 0),
  };
}

function expectReadiness(report: RunReport, expected: { dossiers: number; passing: number } | undefined, planted: readonly { code: string }[]): void {
  const readiness = report.statisticsReadiness;
  expect(readiness).toBeDefined();
  expect(expected).toBeDefined();
  expect({ dossiers: readiness!.dossiers, passing: readiness!.passing }).toEqual(expected);
  expect(readiness!.dossiers - readiness!.passing).toBe(planted.length);
  for (const p of planted) expect(readiness!.byCode[p.code], p.code).toBeGreaterThan(0);
  expect(readiness!.byCommune.reduce((t, c) => t + c.dossiers, 0)).toBe(readiness!.dossiers);
  expect(readiness!.byCommune.reduce((t, c) => t + c.passing, 0)).toBe(readiness!.passing);
}

describe('flat-file profile → PGlite → statistics', () => {
  it('produces an SHS delivery, a KOKES extract and an indicator table without personal data or small counts', async () => {
    const exportDir = path.join(root, 'flat-export');
    const scale = { persons: 150, seed: 7 };
    await generateFlatFileExport({ dir: exportDir, ...scale });
    const expected = flatFileExpected(scale).statistics;
    const planted = plantedStatistics(flatFilePlantedDefects(scale), FLAT_FILE_SOURCE_SYSTEM);
    expect(planted).toHaveLength(2);
    const storeDir = path.join(root, 'flat-store');
    const migrate = (dryRun: boolean): Promise<RunReport> =>
      runMigration(
        flatFileMigration({
          commune: TEST_COMMUNE,
          sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
          dir: exportDir,
          target: createPgliteTarget({ dataDir: storeDir }),
          options: { statisticsReadiness: statisticsReadinessHook({ referenceMonth: '2024-12' }) },
        }),
        { dryRun },
      );
    // A dry run is judged on the rows it would write (read inside its transaction, then rolled back)…
    const dry = await migrate(true);
    expectReadiness(dry, expected, planted);
    // …and says the same as the real run.
    const report = await migrate(false);
    expectReadiness(report, expected, planted);
    expect(dry.statisticsReadiness).toEqual(report.statisticsReadiness);
    const { dossierRows, personRows, indicators } = await statisticsOf('flat', storeDir, '2024', planted);
    expect(dossierRows).toBeGreaterThan(0);
    // The export's household members are the support unit's: the person table is checked over real rows.
    expect(personRows).toBeGreaterThan(0);
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
        commune: TEST_COMMUNE,
        sourceSystem: RELATIONAL_SOURCE_SYSTEM,
        mappings: relationalProfile.mappings(),
        target: createPgliteTarget({ dataDir: storeDir }),
        options: { batchSize: 250, statisticsReadiness: statisticsReadinessHook({ referenceMonth: RELATIONAL_DATA_MONTH }) },
      }),
    );
    const scale = { persons: 150, dialect: 'postgres' } as const;
    const planted = plantedStatistics(relationalProfile.plantedDefects(scale), RELATIONAL_SOURCE_SYSTEM);
    expect(planted).toHaveLength(2);
    expectReadiness(report, relationalProfile.expected(scale).statistics, planted);
    const { dossierRows, personRows } = await statisticsOf('rel', storeDir, '2024', planted);
    expect(dossierRows).toBeGreaterThan(0);
    // The relational profile maps support-unit members: the person table is checked over real rows.
    expect(personRows).toBeGreaterThan(0);
  }, 300_000);
});

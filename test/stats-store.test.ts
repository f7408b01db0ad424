/**
 * The statistics read from a real canonical store (PGlite): case bundles streamed in keyset pages give
 * the same figures as the in-memory records, the SHS files, KOKES extract, ALBV amounts and readiness
 * come out of the store, and nothing personal is read or written. Also through PostgreSQL when a server
 * is available.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalTarget } from '../src/core/pipeline/canonical-target.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import {
  computeIndicators,
  computeStatisticsReadiness,
  fromPg,
  indicatorsFromStore,
  kokesExtractFromStore,
  parsePeriod,
  readAlbvAmounts,
  readCaseBundles,
  statisticsReadinessHook,
  writeShsDeliveryFromStore,
  type StatsCaseBundle,
  type StatsQueryable,
} from '../src/stats/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { DELIVERY_TABLES } from '../src/targets/ledger/delivery-ledger-ddl.js';
import { bundle, domicile, id, payments, person, wshCase } from './stats-fixtures.js';

/** Six Bern cases (one with a move to Köniz, one without sex) plus a KES measure and ALBV months. */
function scenario(): { bundles: StatsCaseBundle[]; extra: { entity: string; record: Record<string, unknown> }[] } {
  const bundles = Array.from({ length: 6 }, (_, i) => {
    const p = person(`p${String(i)}`, { vn: `75600000000${String(10 + i)}` });
    // The sixth applicant has no sex recorded: her dossier fails the plausibility checks.
    if (i === 5) delete (p as { sex?: string }).sex;
    const c = wshCase(`c${String(i)}`, p, { responsibleServiceId: id('service', 'bern') });
    const extra = i === 0 ? { supportDomiciles: [domicile(p, 351, '2000-01-01', '2023-06-30'), domicile(p, 355, '2023-07-01')] } : {};
    return bundle(c, [p], payments(c, '2023-01', '2023-09', 100000 + i * 1000), extra);
  });
  const kesPerson = person('kes', { sex: '1', dateOfBirth: '1948-12-01' });
  const albvCase = { id: id('case', 'albv'), domain: 'ALBV', personId: kesPerson.id, municipalityBfsNumber: 351, openedOn: '2022-01-01' };
  const extra: { entity: string; record: Record<string, unknown> }[] = [
    {
      entity: 'socialService',
      record: { id: id('service', 'bern'), name: 'Sozialdienst Bern', authorityType: 'SOCIAL_SERVICE', bfsInstitutionCode: '035100', kesbId: 'BE-11' },
    },
    { entity: 'person', record: { ...kesPerson } },
    {
      entity: 'kesMeasure',
      record: { id: id('kes', '1'), personId: kesPerson.id, kesbId: 'BE-11', isChild: false, measureType: 'MAE050', decidedOn: '2021-01-01' },
    },
    { entity: 'case', record: albvCase },
    {
      entity: 'maintenanceAdvance',
      record: { id: id('adv', '1'), claimId: id('claim', '1'), caseId: albvCase.id, month: '2023-02', dueRappen: 90000, advancedRappen: 90000 },
    },
    {
      entity: 'maintenanceAdvance',
      record: { id: id('adv', '2'), claimId: id('claim', '1'), caseId: albvCase.id, month: '2023-03', dueRappen: 90000, advancedRappen: 90000 },
    },
    { entity: 'collectionPosition', record: { id: id('col', '1'), caseId: albvCase.id, month: '2023-03', albvRecoveredRappen: 25000 } },
  ];
  return { bundles, extra };
}

/** Loads the records of the scenario through the target's own load path. */
async function load(target: CanonicalTarget): Promise<StatsCaseBundle[]> {
  const { bundles, extra } = scenario();
  const records: { entity: string; record: Record<string, unknown> }[] = [...extra];
  for (const b of bundles) {
    records.push({ entity: 'case', record: { ...b.case } });
    for (const p of b.persons) records.push({ entity: 'person', record: { ...p } });
    for (const u of b.supportUnits) records.push({ entity: 'supportUnit', record: { ...u } });
    for (const m of b.members) records.push({ entity: 'supportUnitMember', record: { ...m } });
    for (const a of b.supportDomiciles ?? []) records.push({ entity: 'address', record: { ...a } });
    for (const k of b.bookings) records.push({ entity: 'booking', record: { ...k } });
  }
  const runId = randomUUID();
  await target.ensureSchema();
  await target.beginRun({
    runId,
    migration: 'stats',
    commune: 351,
    sourceSystem: 'stats-test',
    dryRun: false,
    mappingVersions: {},
    startedAt: new Date().toISOString(),
  });
  await target.commitBatch({
    runId,
    mapping: 'all',
    records: records.map(({ entity, record }, i) => ({
      entity,
      id: String(record['id']),
      record,
      contentHash: `h${String(i)}`,
      lineage: { commune: 351, sourceSystem: 'stats-test', sourceTable: entity, sourceKey: String(record['id']), mapping: 'all', mappingVersion: '1' },
    })),
    quarantine: [],
    stats: { extracted: records.length, filtered: {}, quarantined: 0, loaded: records.length, inserted: 0, updated: 0, unchanged: 0 },
    checkpoint: { key: [records.length], rowsRead: records.length },
  });
  await target.finishRun(runId, 'finished', {});
  return bundles;
}

async function expectStoreFigures(db: StatsQueryable, bundles: StatsCaseBundle[]): Promise<void> {
  const period = parsePeriod('2023');
  // Pages of two cases: the keyset reads all seven cases once (six WSH + one ALBV).
  const read: StatsCaseBundle[] = [];
  for await (const b of readCaseBundles(db, { pageSize: 2 })) read.push(b);
  expect(read.map((b) => b.case.id).sort()).toEqual([...bundles.map((b) => b.case.id), id('case', 'albv')].sort());
  expect(read.flatMap((b) => b.persons).every((p) => p.officialName === undefined && p.firstName === undefined)).toBe(true);
  expect(read.find((b) => b.case.id === bundles[0]?.case.id)?.supportDomiciles?.every((a) => a.street === undefined)).toBe(true);

  // The store gives exactly the figures of the records it was loaded with.
  const albv = await readAlbvAmounts(db, period);
  expect(albv.map((a) => [a.kind, a.rappen])).toEqual([
    ['advanced', 180000n],
    ['recovered', 25000n],
  ]);
  const fromStore = await indicatorsFromStore(db, { period, scope: { kind: 'canton' }, threshold: 1 });
  expect(fromStore).toEqual(computeIndicators(bundles, { period, scope: { kind: 'canton' }, threshold: 1 }, albv));
  // Seven WSH dossiers: six cases, one of which moved to Köniz in July (two dossiers).
  expect(fromStore.dossiers).toBe(7);
  expect(fromStore.supportedPersons).toBe(6);
  // 9 payments per case of 1000 + i × 10 CHF: 9 × (6 × 1000 + (0+1+…+5) × 10) = 9 × 6150 = 55350.00.
  expect(fromStore.grossExpenditureChf).toBe('55350.00');
  expect(fromStore.albvAdvancedChf).toBe('1800.00');

  const kokes = await kokesExtractFromStore(db, { year: 2023, threshold: 1 });
  expect(kokes.authorities.map((a) => [a.kesbId, a.persons.map((p) => [p.birthYear, p.sex])])).toEqual([['BE-11', [[1948, 'M']]]]);

  // Readiness: 7 dossiers; the two of the case whose applicant has no sex fail → 5 of 6 cases pass.
  const readiness = await computeStatisticsReadiness(db, { referenceMonth: '2023-12' });
  expect(readiness).toMatchObject({ cases: 7, dossiers: 7, passing: 6, passingPercent: '85.7' });
  expect(readiness.byCommune).toEqual([
    { municipalityBfsNumber: 351, dossiers: 6, passing: 5, passingPercent: '83.3' },
    { municipalityBfsNumber: 355, dossiers: 1, passing: 1, passingPercent: '100.0' },
  ]);
  expect(readiness.missingFields).toEqual([{ entity: 'person', field: 'sex', dossiers: 1 }]);
}

describe('statistics from a PGlite store', () => {
  let target: PgliteTarget;
  let bundles: StatsCaseBundle[];
  const dirs: string[] = [];
  beforeAll(async () => {
    target = createPgliteTarget();
    await target.open();
    bundles = await load(target);
  });
  afterAll(async () => {
    await target.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('reads bundles in pages and gives the same figures as the records it holds', async () => {
    await expectStoreFigures(target.pglite, bundles);
  });

  it('writes the SHS delivery from the store, with the institution code and without personal data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-shs-store-'));
    dirs.push(dir);
    const manifests = await writeShsDeliveryFromStore(target.pglite, { period: parsePeriod('2023-07'), outDir: dir, format: 'jsonl' });
    // July: five Bern dossiers pass; the moved case's Köniz dossier starts; the case without sex is left out.
    expect(manifests[0]).toMatchObject({ rows: { dossiers: 5, persons: 5, bookings: 5 }, excludedDossiers: 1 });
    const dossiers = (await readFile(join(dir, 'shs-2023-07-dossiers.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(dossiers.map((d) => d['institutionCode']))).toEqual(new Set(['035100']));
    expect(dossiers.filter((d) => d['municipalityBfsNumber'] === 355).map((d) => d['applicationType'])).toEqual(['1']);
    const text = (await Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
    for (const secret of ['Muster', 'Anna', '756000000001', 'Musterweg']) expect(text).not.toContain(secret);
  });

  it('computes the readiness as the engine step does, from the target itself', async () => {
    const section = await statisticsReadinessHook({ referenceMonth: '2023-12' })({ target, runId: 'r', sourceSystem: 'stats-test', dryRun: false });
    expect(section).toMatchObject({ dossiers: 7, passing: 6 });
  });

  // Runs last: it tombstones records of the shared store.
  it('counts live records only: a tombstoned case, payment and ALBV advance disappear from the indicators', async () => {
    const period = parsePeriod('2023');
    const options = { period, scope: { kind: 'canton' as const }, threshold: 1 };
    const gone = bundles[3]!;
    const payment = bundles[1]!.bookings[0]!;
    const tombstone = async (entity: string, canonicalId: string): Promise<void> => {
      await target.pglite.query(
        `INSERT INTO ${DELIVERY_TABLES.tombstone} (entity, canonical_id, source_system, commune, reason, content_hash, deleted_run_id) VALUES ($1, $2::uuid, 'stats-test', 351, 'snapshot', 'h', $3::uuid)`,
        [entity, canonicalId, randomUUID()],
      );
    };
    await tombstone('case', gone.case.id);
    await tombstone('booking', payment.id);
    await tombstone('maintenanceAdvance', id('adv', '2'));
    const remaining = bundles.filter((b) => b !== gone).map((b) => (b === bundles[1] ? { ...b, bookings: b.bookings.slice(1) } : b));
    const albv = await readAlbvAmounts(target.pglite, period);
    expect(albv.map((a) => [a.kind, a.rappen])).toEqual([
      ['advanced', 90000n],
      ['recovered', 25000n],
    ]);
    const live = await indicatorsFromStore(target.pglite, options);
    expect(live).toEqual(computeIndicators(remaining, options, albv));
    expect(live.dossiers).toBe(6);
    expect(live.supportedPersons).toBe(5);
    // 55350.00 − case 3 (9 × 1030.00) − one payment of case 1 (1010.00).
    expect(live.grossExpenditureChf).toBe('45070.00');
    expect(live.albvAdvancedChf).toBe('900.00');
    const read: string[] = [];
    for await (const b of readCaseBundles(target.pglite)) read.push(b.case.id);
    expect(read).not.toContain(gone.case.id);
  });
});

await describeWithService('postgres', 'statistics from a PostgreSQL store', () => {
  let database: TestDatabase;
  let bundles: StatsCaseBundle[];
  let pool: import('pg').Pool;
  beforeAll(async () => {
    database = await createPostgresDatabase();
    const target = createPostgresTarget({ connectionString: database.url });
    await target.open();
    bundles = await load(target);
    await target.close();
    const pg = (await import('pg')).default;
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('gives the same figures through pg', async () => {
    await expectStoreFigures(fromPg(pool), bundles);
  });
});

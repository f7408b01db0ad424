/**
 * The third reference profile (issue 13): a KiSS-shaped source (examples/kiss) generated into MariaDB and
 * into its Windows-1252 CSV export, each migrated with the public-API mapping into a fresh PGlite store.
 * Both runs pass; every planted defect is in its bucket, found by its source key (quarantine ledger for
 * the quarantined, the record-level ledger for warnings and filters); the accounting balances and
 * equals the plan; the control totals (bookings with receipts negated) reconcile to the Rappen and equal
 * the plan's money; and both sources give the same report (all but run id, times and durations) and
 * the same stored records. The CSV export into a PostgreSQL store gives the same again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kissMappings } from '../examples/kiss/kiss-mappings.js';
import { KISS_DEFECT_KEYS as K, KISS_MINIMUM_PERSONS, KISS_PLANTED_DEFECTS, kissExpected } from '../examples/kiss/kiss-defects.js';
import { planKissSource } from '../examples/kiss/kiss-source.js';
import { type KissPlan, XLOV_CODES } from '../examples/kiss/kiss-tables.js';
import { kissCsvTables, writeKissCsvExport, writeKissMariaDb } from '../examples/kiss/kiss-writers.js';
import { createFileConnector } from '../src/connectors/files/index.js';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import type { Connector } from '../src/core/connector/connector.js';
import type { CanonicalTarget, StoredRecordNote } from '../src/core/pipeline/canonical-target.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { parseCodeListMap } from '../src/mappings/index.js';
import { PseudonymKey } from '../src/core/pseudonyms/pseudonym-key.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { readAll } from '../src/testing/read-all.js';
import { createMariaDatabase, createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE, testId } from './helpers/tenant.js';

const PERSONS = 300;
const KEY = PseudonymKey.fromText('kiss-profile-test-commune-key-0123456789');
const plan: KissPlan = planKissSource({ persons: PERSONS });
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Outcome {
  readonly report: RunReport;
  readonly notes: readonly StoredRecordNote[];
  readonly quarantine: readonly { mapping: string; source_key: string; issue_codes: string[] }[];
  /** Stored records that must not depend on the source (ids, names with umlauts, dates, money, codes). */
  readonly records: Readonly<Record<string, readonly Record<string, unknown>[]>>;
}

const RECORD_QUERIES: Readonly<Record<string, string>> = {
  person: 'SELECT id, official_name, first_name, date_of_birth::text, marital_status, vn, old_ahv_number FROM casebridge.person ORDER BY id',
  booking: 'SELECT id, booking_type, booking_date::text, amount_rappen::text, status, case_id FROM casebridge.booking ORDER BY id',
  budgetLine: 'SELECT id, budget_id, person_id, line_type, amount_rappen::text FROM casebridge.budget_line ORDER BY id',
  case: 'SELECT id, case_container_id, domain, person_id, opened_on::text FROM casebridge."case" ORDER BY id',
  kesMeasure: 'SELECT id, person_id, measure_type, is_child, zgb_article FROM casebridge.kes_measure ORDER BY id',
  reimbursementClaim: 'SELECT id, case_id, claimed_rappen::text FROM casebridge.reimbursement_claim ORDER BY id',
  personRelation: 'SELECT id, person_id, related_person_id, relation_type FROM casebridge.person_relation ORDER BY id',
};

/** Migrates `source` into a fresh PGlite store, or into the PostgreSQL database `into`. */
async function migrate(source: Connector, options: { dryRun?: boolean; into?: TestDatabase } = {}): Promise<Outcome> {
  let target: CanonicalTarget;
  let query: (sql: string) => Promise<Record<string, unknown>[]>;
  if (options.into === undefined) {
    const pglite: PgliteTarget = createPgliteTarget({});
    cleanups.push(() => pglite.close());
    target = pglite;
    query = async (sql) => (await pglite.pglite.query<Record<string, unknown>>(sql)).rows;
  } else {
    target = createPostgresTarget({ connectionString: options.into.url });
    const client = new pg.Client({ connectionString: options.into.url });
    await client.connect();
    cleanups.push(async () => {
      await client.end();
      await target.close();
    });
    query = async (sql) => (await client.query<Record<string, unknown>>(sql)).rows;
  }
  const definition = defineMigration({
    name: 'kiss-profile',
    source,
    commune: TEST_COMMUNE,
    sourceSystem: 'kiss',
    mappings: await kissMappings(),
    target,
    // The commune's key: unknown codes and record references get the same pseudonyms in both runs.
    options: { batchSize: 200, pseudonymKey: KEY },
  });
  const report = await runMigration(definition, { keepTargetOpen: true, dryRun: options.dryRun ?? false });
  const notes: StoredRecordNote[] = [];
  for (let after: string | null = null; ; ) {
    const page = await target.recordNotes!(report.runId, after, 500);
    if (page === null || page.length === 0) break;
    notes.push(...page);
    after = page.at(-1)!.seq;
  }
  const quarantine = (await query(
    'SELECT mapping, source_key, issue_codes FROM casebridge.cb_quarantine ORDER BY mapping, source_key',
  )) as unknown as Outcome['quarantine'];
  const records: Record<string, readonly Record<string, unknown>[]> = {};
  for (const [entity, sql] of Object.entries(RECORD_QUERIES)) records[entity] = await query(sql);
  return { report, notes, quarantine, records };
}

/** The planned money of the booking table's `kinds` in Rappen, receipts negative: all rows and the loaded ones. */
function plannedRappen(kinds: readonly string[]): { all: bigint; loaded: bigint } {
  let all = 0n;
  let loaded = 0n;
  for (const row of plan.KbBuchung) {
    if (!kinds.includes(String(row[4]))) continue;
    const [francs, cents] = String(row[6]).split('.') as [string, string];
    const rappen = (BigInt(francs) * 100n + BigInt(cents)) * (row[4] === 'E' ? -1n : 1n);
    all += rappen;
    if (!KISS_PLANTED_DEFECTS.some((d) => d.mapping === 'booking' && d.sourceKey === String(row[0]))) loaded += rappen;
  }
  return { all, loaded };
}

function checkRun({ report, notes, quarantine, records }: Outcome): void {
  expect(report.errors).toEqual([]);
  expect(report.reasons).toEqual([]);
  expect(report.status).toBe('passed');

  // Accounting: every driving row in one bucket, as planned.
  const expected = kissExpected(plan);
  expect(
    Object.fromEntries(report.entities.map((e) => [e.mapping, { extracted: e.extracted, loaded: e.loaded, filtered: e.filtered, quarantined: e.quarantined }])),
  ).toEqual(expected);
  expect(report.entities.every((e) => e.balanced)).toBe(true);

  // Every planted defect in its bucket, by mapping, source key and code.
  for (const d of KISS_PLANTED_DEFECTS) {
    if (d.expected.bucket === 'quarantined') {
      const rows = quarantine.filter((q) => q.mapping === d.mapping && q.source_key === d.sourceKey);
      expect(rows.length, d.id).toBeGreaterThan(0);
      expect(
        rows.every((r) => r.issue_codes.includes(d.expected.code)),
        d.id,
      ).toBe(true);
    } else {
      const bucket = d.expected.bucket === 'filtered' ? 'filtered' : 'warning';
      const mine = notes.filter((n) => n.mapping === d.mapping && n.sourceKey === d.sourceKey && n.bucket === bucket);
      expect(
        mine.flatMap((n) => n.codes),
        d.id,
      ).toContain(d.expected.code);
    }
  }
  // Nothing else is quarantined, filtered or warned about (the planted rows are all there is).
  const quarantinedDefects = KISS_PLANTED_DEFECTS.filter((d) => d.expected.bucket === 'quarantined');
  expect(quarantine.length).toBe(quarantinedDefects.length);
  expect(notes.filter((n) => n.bucket === 'filtered').length).toBe(KISS_PLANTED_DEFECTS.filter((d) => d.expected.bucket === 'filtered').length);
  expect(new Set(notes.filter((n) => n.bucket === 'warning').map((n) => `${n.mapping}:${n.sourceKey}`))).toEqual(
    new Set(KISS_PLANTED_DEFECTS.filter((d) => d.expected.bucket === 'flagged').map((d) => `${d.mapping}:${d.sourceKey}`)),
  );

  // Money: every control total matched, and the booking total equals the plan's money to the Rappen.
  const totals = report.reconciliation.controlTotals;
  expect(report.reconciliation.status).toBe('passed');
  expect(report.reconciliation.controlTotalsSkipped).toEqual([]);
  expect(totals.every((c) => c.matched && c.conclusive)).toBe(true);
  const sum = (entity: string, field: string, side: 'source' | 'target' | 'excluded') =>
    totals.filter((c) => c.entity === entity).reduce((s, c) => s + BigInt(c[side].sums[field] ?? '0'), 0n);
  const money = plannedRappen(['A', 'E']);
  expect(sum('booking', 'amountRappen', 'source')).toBe(money.all);
  expect(sum('booking', 'amountRappen', 'target')).toBe(money.loaded);
  expect(sum('booking', 'amountRappen', 'source')).toBe(sum('booking', 'amountRappen', 'target') + sum('booking', 'amountRappen', 'excluded'));
  const claims = plannedRappen(['F']);
  expect(claims.all).toBeGreaterThan(0n);
  expect(sum('reimbursementClaim', 'claimedRappen', 'source')).toBe(claims.all);
  expect(sum('reimbursementClaim', 'claimedRappen', 'target')).toBe(claims.loaded);
  expect(records['booking']!.reduce((s, r) => s + BigInt(String(r['amount_rappen'])), 0n)).toBe(money.loaded);
  expect(records['booking']!.some((r) => BigInt(String(r['amount_rappen'])) < 0n)).toBe(true);

  // The warned persons loaded with the policy's value: unknown birth date, old AHV kept, civil status 9.
  const person = (key: number) => records['person']!.find((r) => r['id'] === testId('kiss', 'person', String(key)));
  expect(person(K.personZeroBirthDate)).toMatchObject({ date_of_birth: null });
  expect(person(K.personOldAhvOnly)).toMatchObject({ vn: null, old_ahv_number: expect.stringMatching(/^\d{11}$/) });
  expect(person(K.personUnmappedCivilStatus)).toMatchObject({ marital_status: '9' });
  expect(person(K.personBadCheckDigit)).toBeUndefined();

  // Code-list coverage: only the planted civil status is unmapped; the two-column KES lookup is counted too.
  const coverage = new Map((report.codeListCoverage ?? []).map((c) => [c.codeList, c.totals]));
  expect(coverage.get('kiss.zivilstand')).toMatchObject({ unmapped: 1, unapproved: 0 });
  expect(coverage.get('kiss.kes-massnahme')).toMatchObject({ mapped: plan.KesMassnahme.length, unmapped: 0 });
  for (const [list, totals] of coverage) if (list !== 'kiss.zivilstand') expect({ list, ...totals }).toMatchObject({ list, unmapped: 0, unapproved: 0 });

  // No personal data in the report (AHV numbers, names).
  const json = JSON.stringify(report);
  expect(json).not.toMatch(/756\.?\d{4}\.?\d{4}\.?\d{2}/);
  expect(json).not.toMatch(/Brändli|Zürcher|Schnyder|Rüegg/);
}

/** The whole report but for what names the run itself: its id, clock times and durations. */
function withoutRunIdentity({
  runId,
  startedAt,
  finishedAt,
  sessions,
  durationsMs,
  ...rest
}: RunReport): Omit<RunReport, 'runId' | 'startedAt' | 'finishedAt' | 'sessions' | 'durationsMs'> {
  return rest;
}

/** What a report says independently of its source: accounting, issue codes, warnings, filters, totals, case checks. */
function sourceIndependent(report: RunReport): unknown {
  return {
    status: report.status,
    entities: report.entities.map((e) => ({
      mapping: e.mapping,
      mappingVersion: e.mappingVersion,
      extracted: e.extracted,
      loaded: e.loaded,
      filteredByRule: e.filteredByRule,
      quarantinedByCode: e.quarantinedByCode,
      warningsByCode: e.warningsByCode,
    })),
    controlTotals: report.reconciliation.controlTotals.map(({ mapping, entity, sourceTable, year, source, target, excluded, matched }) => ({
      mapping,
      entity,
      sourceTable,
      year,
      source,
      target,
      excluded,
      matched,
    })),
    caseChecks: report.caseChecks?.byCode,
    codeListCoverage: report.codeListCoverage,
  };
}

function csvSource(): Connector {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-kiss-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  writeKissCsvExport(dir, plan);
  return createFileConnector({ name: 'kiss', baseDir: dir, tables: kissCsvTables() });
}

async function mariaSource(): Promise<Connector> {
  const db: TestDatabase = await createMariaDatabase('cbkiss');
  cleanups.push(() => db.drop());
  await writeKissMariaDb(db.url, plan);
  return createMysqlConnector({ name: 'kiss', connectionString: db.url });
}

/** The XLOVCode rows of a source, as `LOV|code → text`. */
async function codeTexts(connector: Connector): Promise<Record<string, string>> {
  const driver = connector.createDriver();
  await driver.init();
  try {
    const { rows } = await readAll(connector.createReader(driver), { table: 'XLOVCode', keyColumns: ['LOVName', 'Code'], batchSize: 100 });
    return Object.fromEntries(rows.map((r) => [`${String(r['LOVName'])}|${String(r['Code'])}`, String(r['Text'])]));
  } finally {
    await driver.destroy();
  }
}

let fromCsv: Outcome;
beforeAll(async () => {
  fromCsv = await migrate(csvSource());
}, 120_000);

describe('KiSS profile from its Windows-1252 CSV export', () => {
  it('passes with every planted defect in its bucket, balanced accounting and the money reconciled to the Rappen', () => {
    checkRun(fromCsv);
  });

  it('a dry run computes and compares the same control totals and accounting as the run, and stores nothing', async () => {
    const dry = await migrate(csvSource(), { dryRun: true });
    expect(dry.report.reconciliation.status).toBe('passed');
    expect(sourceIndependent(dry.report)).toEqual(sourceIndependent(fromCsv.report));
    expect(dry.records['booking']).toEqual([]);
  });

  it('decodes the code-table texts (umlauts) as the code-list maps label them', async () => {
    const texts = await codeTexts(csvSource());
    const planned = Object.fromEntries(Object.entries(XLOV_CODES).flatMap(([lov, codes]) => codes.map(([code, text]) => [`${lov}|${code}`, text])));
    expect(texts).toEqual(planned);
    // Each map's labels are the installation's texts (read here through the Windows-1252 decoding).
    const lists = {
      'zivilstand.csv': 'BaZivilstand',
      'geschlecht.csv': 'BaGeschlecht',
      'relation.csv': 'BaRelation',
      'modul.csv': 'FaModul',
      'positionsart.csv': 'BgPositionsart',
      'buchungsart.csv': 'KbBuchungsart',
    };
    for (const [file, lov] of Object.entries(lists)) {
      const map = parseCodeListMap(readFileSync(new URL(`../examples/kiss/codes/${file}`, import.meta.url), 'utf8'), { id: file, version: 'test' });
      for (const entry of map.entries.values()) expect(entry.sourceLabel, `${file} ${entry.sourceCode}`).toBe(texts[`${lov}|${entry.sourceCode}`]);
    }
    expect(Object.values(texts).filter((t) => /[äöüé]/.test(t)).length).toBeGreaterThan(3);
  });
});

await describeWithService('mariadb', 'KiSS profile from MariaDB', () => {
  let fromMaria: Outcome;
  beforeAll(async () => {
    fromMaria = await migrate(await mariaSource());
  }, 120_000);

  it('passes with every planted defect in its bucket (the zero date a warning), balanced accounting and the money reconciled', () => {
    checkRun(fromMaria);
  });

  it('gives the same report and the same records as the CSV export', () => {
    expect(withoutRunIdentity(fromMaria.report)).toEqual(withoutRunIdentity(fromCsv.report));
    expect(fromMaria.records).toEqual(fromCsv.records);
    const notes = (o: Outcome) =>
      o.notes.map((n) => [n.mapping, n.bucket, n.recordRef, n.sourceKey, n.codes, n.paths]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(notes(fromMaria)).toEqual(notes(fromCsv));
    expect(fromMaria.quarantine).toEqual(fromCsv.quarantine);
  });
});

await describeWithService('postgres', 'KiSS profile into a PostgreSQL store', () => {
  it('the CSV export migrates into PostgreSQL with the same report and records as into PGlite', { timeout: 120_000 }, async () => {
    const db = await createPostgresDatabase('cbkisst');
    cleanups.push(() => db.drop());
    const intoPostgres = await migrate(csvSource(), { into: db });
    checkRun(intoPostgres);
    // The same report but for the run's identity and the target it names (`target.kind`).
    expect({ ...withoutRunIdentity(intoPostgres.report), target: null }).toEqual({ ...withoutRunIdentity(fromCsv.report), target: null });
    expect(intoPostgres.report.target).toEqual({ kind: 'postgres' });
    expect(intoPostgres.records).toEqual(fromCsv.records);
    expect(intoPostgres.quarantine).toEqual(fromCsv.quarantine);
  });
});

describe('examples/kiss', () => {
  it('plans the same rows for a seed, other rows for another seed, and every planted row at the minimum size', () => {
    expect(planKissSource({ persons: PERSONS })).toEqual(plan);
    expect(planKissSource({ persons: PERSONS, seed: 7 }).KbBuchung).not.toEqual(plan.KbBuchung);
    const small = planKissSource({ persons: KISS_MINIMUM_PERSONS });
    for (const d of KISS_PLANTED_DEFECTS) {
      const table = small[d.table as keyof KissPlan];
      expect(
        table.some((row) => String(row[0]) === d.sourceKey),
        d.id,
      ).toBe(true);
    }
    expect(() => planKissSource({ persons: KISS_MINIMUM_PERSONS - 1 })).toThrow(RangeError);
  });

  const example = ['kiss-mappings.ts', 'kiss-finance-mappings.ts']
    .map((f) => readFileSync(new URL(`../examples/kiss/${f}`, import.meta.url), 'utf8'))
    .join('\n');
  const lines = (text: string): string =>
    text
      .split('\n')
      .map((l) => l.trim())
      .join('\n');
  const between = (from: string, to: string): string => {
    const start = example.indexOf(from);
    const end = example.indexOf(to, start);
    expect(start >= 0 && end > start, from).toBe(true);
    return example.slice(start, end + to.length);
  };

  it('docs/mappings.md quotes the policies, keep-and-warn and signed control totals this test runs', () => {
    const docs = lines(readFileSync(new URL('../docs/mappings.md', import.meta.url), 'utf8'));
    const excerpts = [
      between('// MariaDB 0000-00-00 / CSV 00.00.0000', "{ onInvalid: { default: '9' } }),"),
      between('oldAhvNumber: computed(', '    ),'),
      between('// One total per entity the table feeds, each', "sums: { Betrag: 'claimedRappen' },\n      },\n    ],"),
    ];
    for (const excerpt of excerpts) expect(docs).toContain(lines(excerpt));
  });

  it('imports only the public entry points (package.json "exports")', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    const entries = new Set(
      Object.entries(pkg.exports)
        .filter(([k]) => !k.includes('*') && k !== './package.json')
        .map(([, v]) =>
          String((v as { default: string }).default)
            .replace('./dist/', '../../src/')
            .replace(/\.js$/, '.js'),
        ),
    );
    for (const file of ['kiss-mappings.ts', 'kiss-finance-mappings.ts', 'kiss-defects.ts', 'kiss-source.ts', 'kiss-tables.ts', 'kiss-writers.ts']) {
      const text = readFileSync(new URL(`../examples/kiss/${file}`, import.meta.url), 'utf8');
      const internal = [...text.matchAll(/from '(\.\.\/\.\.\/[^']+)'/g)].map((m) => m[1]!).filter((spec) => !entries.has(spec));
      expect(internal, file).toEqual([]);
    }
  });
});

/**
 * The flat-file reference profile end to end: the generator writes a commune export as communes produce
 * it (Windows-1252, semicolons, Swiss formats, documents folder) deterministically; the profile migrates
 * it into PGlite and PostgreSQL with every planted defect in its bucket with its code, balanced
 * accounting, exact money per year and matching hashes, all checked against figures counted from the
 * generator's plan. Re-runs change nothing; the report carries no personal data.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import {
  FLAT_FILE_MANIFEST,
  flatFileExpected,
  flatFileMigration,
  flatFilePlantedDefects,
  flatFileProfile,
  generateFlatFileExport,
  SAMPLE_COMMUNE_PERSONS,
  SAMPLE_COMMUNE_SEED,
  writeSampleCommune,
  type FlatFileManifest,
  FLAT_FILE_SOURCE_SYSTEM,
} from '../src/profiles/flat-file/index.js';
import { checkFlatFileReport, checkQuarantineLedger } from './fixtures/profiles/flat-file-run-checks.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const SCALE = { persons: 60, seed: 77 };
let dir: string;
let manifest: FlatFileManifest;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-flat-'));
  manifest = await generateFlatFileExport({ dir, ...SCALE });
});

describe('flat-file generator', () => {
  it('writes Windows-1252 semicolon CSV with Swiss dates, apostrophe amounts and J/N flags', () => {
    const bytes = readFileSync(path.join(dir, 'PERSONEN.csv'));
    // Umlauts are single Windows-1252 bytes (ü = 0xFC), never UTF-8 sequences.
    expect(bytes.includes(0xfc) || bytes.includes(0xe4) || bytes.includes(0xf6)).toBe(true);
    expect(bytes.includes(Buffer.from('ü', 'utf8'))).toBe(false);
    const persons = iconv.decode(bytes, 'win1252');
    expect(persons.split('\r\n')[0]).toBe('PERS_NR;NAME;VORNAME;GEBDAT;GESCHLECHT;ZIVILSTAND;AHV_NR');
    expect(persons).toMatch(/;\d{2}\.\d{2}\.\d{4};[MW];[A-Z];756\.\d{4}\.\d{4}\.\d{2}\r\n/);
    const lines = iconv.decode(readFileSync(path.join(dir, 'BUDGETPOSITIONEN.csv')), 'win1252');
    expect(lines).toMatch(/;\d{1,3}'\d{3}\.\d{2}\r\n/);
    expect(lines).toMatch(/;-?\d{1,3}(?:'\d{3})*\.–\r\n/);
    expect(iconv.decode(readFileSync(path.join(dir, 'DOSSIERS.csv')), 'win1252')).toMatch(/;J\r\n/);
  });

  it('is deterministic and its manifest matches the plan, the files and the documents on disk', async () => {
    const again = mkdtempSync(path.join(tmpdir(), 'cb-flat-again-'));
    const second = await generateFlatFileExport({ dir: again, ...SCALE });
    expect(second).toEqual(manifest);
    expect(JSON.parse(readFileSync(path.join(dir, FLAT_FILE_MANIFEST), 'utf8'))).toEqual(manifest);
    const expected = flatFileExpected(SCALE);
    expect(manifest.files.persons.rows).toBe(expected.mappings['persons']?.extracted);
    expect(manifest.files.payments.rows).toBe(expected.mappings['payments']?.extracted);
    expect(manifest.files.persons.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(path.join(dir, 'PERSONEN.csv')))
        .digest('hex'),
    );
    expect(manifest.documents.listed).toBe(expected.documents.listed);
    expect(manifest.documents.written).toBe(expected.documents.listed - 1);
    for (const [rel, sha] of Object.entries(manifest.documents.sha256)) {
      expect(
        createHash('sha256')
          .update(readFileSync(path.join(dir, rel)))
          .digest('hex'),
      ).toBe(sha);
    }
    expect(manifest.documents.missing).toHaveLength(1);
    expect(existsSync(path.join(dir, manifest.documents.missing[0] ?? 'x'))).toBe(false);
    // Every planted defect is in the manifest, by key only.
    expect(manifest.defects.map((d) => d.id).sort()).toEqual(
      flatFilePlantedDefects(SCALE)
        .map((d) => d.id)
        .sort(),
    );
    expect(JSON.stringify(manifest)).not.toMatch(/Müller|Gerber|756\.\d{4}/);
  });

  it('plants every defect at the minimum scale and refuses a scale without persons', async () => {
    const ids = flatFilePlantedDefects({ persons: flatFileProfile.minimumPersons }).map((d) => d.id);
    expect(ids).toEqual([
      'ahv-check-digit',
      'two-digit-year',
      'unknown-code',
      'unapproved-code',
      'duplicate-person',
      'impossible-date',
      'test-dossier-1',
      'test-dossier-2',
      'malformed-amount',
      'orphan-payment',
      'closed-without-closing-reason',
      'support-unit-without-applicant',
      'missing-document',
    ]);
    await expect(generateFlatFileExport({ dir: path.join(dir, 'none'), persons: 0 })).rejects.toMatchObject({ code: 'CB_CONFIGURATION_INVALID' });
  });
});

describe('flat-file profile → PGlite', () => {
  let target: PgliteTarget;
  beforeAll(() => {
    target = createPgliteTarget({});
  });
  afterAll(async () => target.close());

  it('loads the export: every planted defect in its bucket with its code, the report balances', async () => {
    const report = await runMigration(
      flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: { batchSize: 64 } }),
      { keepTargetOpen: true },
    );
    checkFlatFileReport(report, SCALE);
    const q = await target.pglite.query<{ mapping: string; source_key: string; issue_codes: string[] }>(
      `SELECT mapping, source_key, issue_codes FROM ${LEDGER_TABLES.quarantine}`,
    );
    checkQuarantineLedger(q.rows, SCALE);
    // No personal value of the export appears in the report.
    const text = JSON.stringify(report);
    for (const pattern of [/Müller|Brügger|Zürcher|Häberli|Gerber|Lüthi/, /756\d{10}|756\.\d{4}/, /\d{2}\.\d{2}\.(19|20)\d\d/, /strasse|weg\b/i])
      expect(text).not.toMatch(pattern);
  });

  it('a second run inserts nothing and finds every record unchanged', async () => {
    const report = await runMigration(
      flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: { batchSize: 64 } }),
      { keepTargetOpen: true },
    );
    expect(report.status).toBe('passed');
    for (const e of report.entities)
      expect({ mapping: e.mapping, inserted: e.inserted, updated: e.updated }).toEqual({ mapping: e.mapping, inserted: 0, updated: 0 });
  });

  it('the bundled sample commune migrates with the same guarantees', async () => {
    const sample = mkdtempSync(path.join(tmpdir(), 'cb-sample-'));
    const m = await writeSampleCommune(sample);
    expect(m.persons).toBe(SAMPLE_COMMUNE_PERSONS);
    const report = await runMigration(flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir: sample }));
    checkFlatFileReport(report, { persons: SAMPLE_COMMUNE_PERSONS, seed: SAMPLE_COMMUNE_SEED });
  });
});

await describeWithService('postgres', 'flat-file profile → PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgresDatabase('cbflat');
  });
  afterAll(async () => db?.drop());

  it('loads the export into PostgreSQL with every defect in its bucket and a balanced report', async () => {
    const target = createPostgresTarget({ connectionString: db.url });
    const report = await runMigration(
      flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: { batchSize: 64 } }),
    );
    checkFlatFileReport(report, SCALE);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const q = await client.query<{ mapping: string; source_key: string; issue_codes: string[] }>(
        `SELECT mapping, source_key, issue_codes FROM ${LEDGER_TABLES.quarantine}`,
      );
      checkQuarantineLedger(q.rows, SCALE);
    } finally {
      await client.end();
    }
  });
});

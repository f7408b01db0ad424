/**
 * Issue 14, defect 6 (encoding): a UTF-8 file declared Windows-1252 used to load as mojibake
 * (`BÃ¶sch`) with no warning. Now every row whose mapped text shows the signature of a wrong decoding
 * (UTF-8 read as a single-byte code page, or bytes invalid in the declared UTF-8) is quarantined as
 * `source.encoding_mismatch` with the field path, the file's mapping names the count, and the default
 * thresholds fail the run. A correctly declared file of the same text loads whole and passes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { createFileConnector } from '../src/connectors/files/index.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { DEFAULT_THRESHOLDS, type ThresholdRule } from '../src/core/pipeline/thresholds.js';
import { encodingMismatchPaths, looksMisdecoded } from '../src/core/pipeline/encoding-mismatch.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { ahvn13, personMapping } from './fixtures/engine/sample-source.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

/** Surnames with umlauts and accents as Bernese (German and French) registers hold them. */
const NAMES = ['Bösch', 'Müller', 'Zürcher', 'Gerber', 'Perrenoud', 'Chételat', 'Frêne', 'Käser', 'Roth', 'Noël'];
const ACCENTED = NAMES.filter((n) => /[^ -~]/.test(n)).length;
let dir: string;
let template: Blob;
const open: { target: PgliteTarget; db: PGlite }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-enc-'));
  const lines = ['id,official_name,first_name,vn,birth,test_flag'];
  for (const [i, name] of NAMES.entries()) lines.push(`${i + 1},${name},Given${i + 1},${ahvn13(i + 1)},1970-01-0${1 + (i % 9)},N`);
  const text = `${lines.join('\n')}\n`;
  writeFileSync(path.join(dir, 'persons-utf8.csv'), text, 'utf8');
  writeFileSync(path.join(dir, 'persons-1252.csv'), iconv.encode(text, 'windows-1252'));
  const seed = createPgliteTarget({});
  await seed.open();
  await seed.ensureSchema();
  template = await seed.pglite.dumpDataDir('none');
  await seed.close();
}, 120_000);

afterEach(async () => {
  for (const { target, db } of open.splice(0)) {
    await target.close().catch(() => undefined);
    await db.close().catch(() => undefined);
  }
});

async function run(file: string, encoding: 'utf-8' | 'windows-1252', thresholds: readonly ThresholdRule[] = DEFAULT_THRESHOLDS) {
  const db = new PGlite({ loadDataDir: template });
  const target = createPgliteTarget({ pglite: db });
  open.push({ target, db });
  const source = createFileConnector({
    name: 'legacy-sample',
    baseDir: dir,
    tables: { persons: { file, format: 'csv', encoding, keyColumn: 'id', columns: { id: 'integer' } } },
  });
  const migration = defineMigration({
    name: 'enc',
    source,
    commune: TEST_COMMUNE,
    sourceSystem: 'legacy-sample',
    mappings: [personMapping],
    target,
    options: { batchSize: 4, thresholds },
  });
  const runId = randomUUID();
  const report = await runMigration(migration, { runId, keepTargetOpen: true });
  return { report, target, runId };
}

describe('text decoded with the wrong encoding', () => {
  it('recognises UTF-8 read as Windows-1252 or Latin-1 and invalid UTF-8, not real accents', () => {
    const utf8 = Buffer.from('Bösch Chételat Frêne Noël Käser «été» Œuvre', 'utf8');
    expect(looksMisdecoded(iconv.decode(utf8, 'windows-1252'))).toBe(true);
    expect(looksMisdecoded(iconv.decode(utf8, 'iso-8859-1'))).toBe(true);
    expect(looksMisdecoded(iconv.decode(iconv.encode('Bösch', 'windows-1252'), 'utf-8'))).toBe(true);
    for (const fine of ['Bösch', 'Chételat', '«été»', 'CHÂTEAU', 'São Tomé', 'Œuvre – 1’234.50 €', 'Zürcher']) expect(looksMisdecoded(fine), fine).toBe(false);
    expect(encodingMismatchPaths({ officialName: 'BÃ¶sch', firstName: 'Anna', addresses: [{ town: 'Biel/Bienne' }, { town: 'D\uFFFDrligen' }] })).toEqual([
      '/officialName',
      '/addresses/1/town',
    ]);
  });

  it('a UTF-8 file declared Windows-1252 quarantines every accented row with the field path and fails the run', async () => {
    const { report, target, runId } = await run('persons-utf8.csv', 'windows-1252');
    const persons = report.entities.find((e) => e.mapping === 'persons')!;
    expect([persons.extracted, persons.loaded, persons.quarantined, persons.balanced]).toEqual([NAMES.length, NAMES.length - ACCENTED, ACCENTED, true]);
    expect(persons.quarantinedByCode).toEqual({ 'source.encoding_mismatch': ACCENTED });
    expect(report.status).toBe('failed');
    expect(report.reasons).toContain('threshold');
    expect(report.thresholds.find((t) => t.metric === 'issue:source.encoding_mismatch' && t.mapping === 'persons')).toMatchObject({
      breached: true,
      count: ACCENTED,
      maxCount: 0,
    });
    const q = await target.pglite.query<{ issue_codes: string[]; paths: string[] }>(
      `SELECT issue_codes, paths FROM ${LEDGER_TABLES.quarantine} WHERE run_id = $1`,
      [runId],
    );
    expect(q.rows).toHaveLength(ACCENTED);
    for (const row of q.rows) expect(row).toEqual({ issue_codes: ['source.encoding_mismatch'], paths: ['/officialName'] });
    // No mojibake reached the store.
    const names = await target.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}.person WHERE official_name ~ '[ÂÃ]'`);
    expect(names.rows[0]!.n).toBe(0);
  });

  it('a Windows-1252 file declared UTF-8 loads no replacement character: the accented rows are quarantined', async () => {
    // The file connector hands bytes that are invalid UTF-8 over as an undecodable value (the DSL
    // quarantines it as `source.invalid_value`; this hand-written mapping drops it, so the name is
    // missing); a mapping that passed the U+FFFD text on would meet `source.encoding_mismatch`.
    const { report, target } = await run('persons-1252.csv', 'utf-8');
    const persons = report.entities.find((e) => e.mapping === 'persons')!;
    expect([persons.loaded, persons.quarantined, persons.balanced]).toEqual([NAMES.length - ACCENTED, ACCENTED, true]);
    expect(report.status).toBe('failed');
    const broken = await target.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}.person WHERE official_name LIKE '%\uFFFD%'`);
    expect(broken.rows[0]!.n).toBe(0);
  });

  it('the same text declared with its real encoding loads whole and passes', async () => {
    for (const [file, encoding] of [
      ['persons-utf8.csv', 'utf-8'],
      ['persons-1252.csv', 'windows-1252'],
    ] as const) {
      const { report, target } = await run(file, encoding);
      const persons = report.entities.find((e) => e.mapping === 'persons')!;
      expect([persons.loaded, persons.quarantined], file).toEqual([NAMES.length, 0]);
      expect(report.status, file).toBe('passed');
      const stored = await target.pglite.query<{ official_name: string }>(`SELECT official_name FROM ${STORE_SCHEMA}.person ORDER BY official_name`);
      expect(stored.rows.map((r) => r.official_name)).toEqual([...NAMES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import { createPostgresConnector } from '../src/connectors/postgres/index.js';
import { parseCodeListMap } from '../src/mappings/codes/code-list-map.js';
import { writeCodeListSkeleton } from '../src/mappings/codes/code-list-skeleton.js';
import { extractCodes, type ExtractedCodes } from '../src/mappings/codes/extract-codes.js';
import { createMariaDatabase, createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

/** 12 × 'L', 6 × 'V', 2 × 'G ' (trailing blank), 1 × 'W', 2 × NULL, 1 × ''. */
const CODES: (string | null)[] = [...Array<string>(12).fill('L'), ...Array<string>(6).fill('V'), 'G ', 'G', 'W', null, null, ''];
const LABELS: Record<string, string> = { L: 'ledig', V: 'verheiratet', G: 'getrennt', W: 'verwitwet' };
const labelOf = (c: string | null): string | null => (c === null ? null : (LABELS[c.trim()] ?? null));

function expectCounts(result: ExtractedCodes): void {
  expect(result.codes).toEqual([
    { code: 'L', label: 'ledig', frequency: 12 },
    { code: 'V', label: 'verheiratet', frequency: 6 },
    { code: 'G', label: 'getrennt', frequency: 2 },
    { code: 'W', label: 'verwitwet', frequency: 1 },
  ]);
  expect(result.emptyCount).toBe(3);
}

describe('code extraction from files (streamed)', () => {
  it('counts distinct codes while reading', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-codes-'));
    const lines = ['id;zivilstand;label', ...CODES.map((c, i) => `${i + 1};${c ?? ''};${labelOf(c) ?? ''}`)];
    writeFileSync(path.join(dir, 'person.csv'), lines.join('\n'));
    const connector = createFileConnector({
      name: 'files',
      baseDir: dir,
      tables: { person: { file: 'person.csv', format: 'csv', delimiter: ';', keyColumn: 'id' } },
    });
    const result = await extractCodes(connector, { table: 'person', column: 'zivilstand', labelColumn: 'label', batchSize: 7 });
    expect(result.method).toBe('stream');
    // A CSV has no NULL: the two NULL rows and the blank row are all blank text.
    expectCounts(result);
  });
});

describe('code-list skeleton', () => {
  const extracted: ExtractedCodes = {
    table: 'BaPerson',
    column: 'ZivilstandCode',
    method: 'sql',
    emptyCount: 0,
    codes: [
      { code: 'L', label: 'ledig', frequency: 120 },
      { code: 'V', label: 'verheiratet; mit "Zusatz"', frequency: 40 },
      { code: 'W', frequency: 3 },
    ],
  };

  it('writes every code as proposed with small counts suppressed, loadable as a map', () => {
    const csv = writeCodeListSkeleton(extracted);
    expect(csv.startsWith('\uFEFFsource_code;source_label;target_code;status;approved_by;approved_at;note;frequency\r\n')).toBe(true);
    expect(csv).toContain('L;ledig;;proposed;;;;120\r\n');
    expect(csv).toContain('V;"verheiratet; mit ""Zusatz""";;proposed;;;;40\r\n');
    expect(csv).toContain('W;;;proposed;;;;<5\r\n');
    const map = parseCodeListMap(csv, { id: 'zs', version: 'draft' });
    expect(map.entries.get('V')?.sourceLabel).toBe('verheiratet; mit "Zusatz"');
    expect([...map.entries.values()].every((e) => e.status === 'proposed')).toBe(true);
  });

  it('keeps existing rows and approvals when re-extracting', () => {
    const existing = parseCodeListMap('source_code,target_code,status,approved_by,approved_at\nL,1,approved,Fachstelle,2026-03-02\nX,9,proposed,,\n', {
      id: 'zs',
      version: '1',
    });
    const csv = writeCodeListSkeleton(extracted, { existing, delimiter: ',' });
    expect(csv).toContain('L,ledig,1,approved,Fachstelle,2026-03-02,,120\r\n');
    expect(csv).toContain('X,,9,proposed,,,,0\r\n');
    const reloaded = parseCodeListMap(csv, { id: 'zs', version: '2' });
    expect(reloaded.entries.get('L')?.status).toBe('approved');
    expect(reloaded.entries.size).toBe(4);
  });
});

await describeWithService('postgres', 'code extraction from PostgreSQL (in the source)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgresDatabase('cbcodes');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('CREATE SCHEMA kiss; CREATE TABLE kiss."BaPerson" (id int PRIMARY KEY, "ZivilstandCode" varchar(5), "Label" text)');
      for (const [i, c] of CODES.entries()) await client.query('INSERT INTO kiss."BaPerson" VALUES ($1, $2, $3)', [i + 1, c, labelOf(c)]);
    } finally {
      await client.end();
    }
  });
  afterAll(async () => db?.drop());

  it('groups and counts with SQL', async () => {
    const connector = createPostgresConnector({ name: 'pg', connectionString: db.url });
    const result = await extractCodes(connector, { table: 'kiss.BaPerson', column: 'ZivilstandCode', labelColumn: 'Label' });
    expect(result.method).toBe('sql');
    expectCounts(result);
  });
});

await describeWithService('mariadb', 'code extraction from MariaDB (in the source)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createMariaDatabase('cbcodes');
    const conn = await mysql.createConnection(db.url);
    try {
      await conn.query('CREATE TABLE `Ba``Person` (id int PRIMARY KEY, Zivilstand varchar(5) NULL, Label varchar(40) NULL)');
      for (const [i, c] of CODES.entries()) await conn.query('INSERT INTO `Ba``Person` VALUES (?, ?, ?)', [i + 1, c, labelOf(c)]);
    } finally {
      await conn.end();
    }
  });
  afterAll(async () => db?.drop());

  it('groups and counts with SQL, quoting odd identifiers', async () => {
    const connector = createMysqlConnector({ name: 'maria', connectionString: db.url });
    const result = await extractCodes(connector, { table: 'Ba`Person', column: 'Zivilstand', labelColumn: 'Label' });
    expect(result.method).toBe('sql');
    expectCounts(result);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileConnector, type FileConnectorConfig } from '../src/connectors/files/index.js';
import { InvalidSourceValue, type SourceRow } from '../src/core/connector/source-value.js';
import type { ReadRequest } from '../src/core/connector/connector.js';
import { isCasebridgeError } from '../src/core/errors.js';
import { FIXTURE_DIR } from './fixtures/files/generate-fixtures.js';

const config: FileConnectorConfig = {
  name: 'legacy-files',
  baseDir: FIXTURE_DIR,
  tables: {
    bookings: {
      format: 'csv',
      file: 'bookings-win1252.csv',
      delimiter: ';',
      encoding: 'windows-1252',
      columns: { booking_id: 'integer', booked_on: 'date', amount: 'decimal' },
      keyColumn: 'booking_id',
    },
    bookings_utf8: { format: 'csv', file: 'bookings-win1252.csv', delimiter: ';' },
    cases: { format: 'csv', file: 'cases-latin1.csv', encoding: 'iso-8859-1', columns: { opened_on: 'date', active: 'boolean' } },
    codes: { format: 'csv', file: 'codes-utf8-bom.tsv', delimiter: '\t', keyColumn: 'code' },
    notes: { format: 'csv', file: 'notes-multiline.csv', columns: { note_id: 'integer' } },
    noheader: { format: 'csv', file: 'notes-multiline.csv', header: false, columnNames: ['a', 'b', 'c'] },
    events: {
      format: 'jsonl',
      file: 'events.jsonl',
      columns: { event_id: 'integer', case_ref: 'string', occurred_on: 'date', amount: 'decimal' },
      keyColumn: 'event_id',
    },
    broken_quote: { format: 'csv', file: 'broken-quote.csv' },
    broken_columns: { format: 'csv', file: 'broken-columns.csv' },
    broken_jsonl: { format: 'jsonl', file: 'broken.jsonl' },
    missing: { format: 'csv', file: 'does-not-exist.csv' },
  },
};

const connector = createFileConnector(config);
const driver = connector.createDriver();
await driver.init();

async function readAll(request: Omit<ReadRequest, 'batchSize'> & { batchSize?: number }) {
  const rows: SourceRow[] = [];
  const positions = [];
  for await (const batch of connector.createReader(driver).read({ batchSize: 100, ...request })) {
    rows.push(...batch.rows);
    positions.push(batch.position);
  }
  return { rows, positions };
}

async function failureOf(promise: Promise<unknown>): Promise<{ code: unknown; message: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: unknown; message: string; details?: unknown };
    return { code: e.code, message: e.message, details: e.details };
  }
  throw new Error('expected a failure');
}

describe('CSV in Windows-1252 with Swiss formats', () => {
  it("decodes umlauts and €, parses dd.mm.yyyy dates and 1'234.50 amounts, keeps NULL apart from ''", async () => {
    const { rows } = await readAll({ table: 'bookings' });
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({ booking_id: 1, case_ref: 'C-1001', booked_on: '2023-01-05', amount: '1234.50', booking_type: 'GL', text: 'Grundbedarf Jänner' });
    expect(rows[1]?.text).toBe('Rückerstattung € Teil');
    expect(rows[2]?.text).toBeNull();
    expect(rows[3]).toMatchObject({ amount: '12000', text: '' });
    expect(rows[4]?.booked_on).toEqual(new InvalidSourceValue('invalid-date', '31.02.2024'));
    expect(rows[5]).toMatchObject({ booked_on: null, amount: '7.5', text: 'Übernahme; "SIL"' });
  });

  it('flags text decoded with the wrong encoding as undecodable instead of passing mojibake on', async () => {
    const { rows } = await readAll({ table: 'bookings_utf8' });
    expect(rows[0]?.text).toBeInstanceOf(InvalidSourceValue);
    expect(rows[0]?.case_ref).toBe('C-1001');
  });

  it('keeps untyped columns as strings and reports the declared key as primary key', async () => {
    const meta = await connector.createIntrospector(driver).describeTable('bookings');
    expect(meta.columns.map((c) => [c.name, c.type])).toEqual([
      ['booking_id', 'integer'],
      ['case_ref', 'string'],
      ['booked_on', 'date'],
      ['amount', 'decimal'],
      ['booking_type', 'string'],
      ['text', 'string'],
    ]);
    expect(meta.columns[0]).toMatchObject({ nullable: false, charset: 'windows-1252' });
    expect(meta.primaryKey).toEqual(['booking_id']);
    expect(meta.rowCount).toBe(6);
  });
});

describe('other encodings and layouts', () => {
  it('reads ISO-8859-1 with typed dates and Swiss booleans', async () => {
    const { rows } = await readAll({ table: 'cases' });
    expect(rows.map((r) => [r.commune, r.opened_on, r.active])).toEqual([
      ['Genève', '2019-04-01', true],
      ['Bümpliz', '2020-12-31', false],
      ['Küssnacht ½', '2021-06-15', true],
    ]);
    expect(rows[0]?.__record).toBe(1);
  });

  it('strips the UTF-8 BOM before the first header name (tab-delimited)', async () => {
    const meta = await connector.createIntrospector(driver).describeTable('codes');
    expect(meta.columns.map((c) => c.name)).toEqual(['code', 'label', 'valid_from']);
    const { rows, positions } = await readAll({ table: 'codes', batchSize: 1 });
    expect(rows[1]).toEqual({ code: 'MAK020', label: 'Kinderschutz – Beistandschaft', valid_from: '2021-07-01' });
    expect(positions.map((p) => p.key)).toEqual([['MAK010'], ['MAK020']]);
  });

  it('reads quoted multi-line fields with CRLF and doubled quotes', async () => {
    const { rows } = await readAll({ table: 'notes' });
    expect(rows.map((r) => r.body)).toEqual(['Zeile eins\r\nZeile zwei', 'Er sagte "ok",\r\nund ging', 'einfach']);
    expect(rows.map((r) => r.__record)).toEqual([1, 2, 3]);
  });

  it('uses configured column names when the file has no header', async () => {
    const { rows } = await readAll({ table: 'noheader' });
    expect(rows[0]).toEqual({ __record: 1, a: 'note_id', b: 'case_ref', c: 'body' });
    expect(rows).toHaveLength(4);
  });

  it('reads JSON Lines: typed columns, missing keys as NULL, extra keys as JSON, blank lines skipped', async () => {
    const { rows } = await readAll({ table: 'events' });
    expect(rows).toEqual([
      { event_id: 1, case_ref: 'C-1001', occurred_on: '2023-01-05', amount: '1234.50', meta: { source: 'import' } },
      { event_id: 2, case_ref: 'C-1002', occurred_on: '2023-02-05', amount: '-0.10', meta: null },
      { event_id: 3, case_ref: 'C-1003', occurred_on: null, amount: '12' },
      {
        event_id: 4,
        case_ref: 'C-1004',
        occurred_on: new InvalidSourceValue('invalid-date', '2024-02-30'),
        amount: new InvalidSourceValue('undecodable', 'x1'),
      },
    ]);
    const meta = await connector.createIntrospector(driver).describeTable('events');
    expect(meta.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['event_id:integer', 'case_ref:string', 'occurred_on:date', 'amount:decimal', 'meta:json']);
    expect(meta.rowCount).toBe(4);
  });

  it('reads only the requested columns', async () => {
    const { rows, positions } = await readAll({ table: 'bookings', columns: ['amount'], batchSize: 4 });
    expect(rows[0]).toEqual({ amount: '1234.50' });
    expect(positions.map((p) => p.key)).toEqual([[4], [6]]);
  });
});

describe('batches, positions and resume', () => {
  it.each([1, 2, 4, 6, 100])('batch size %i: positions carry the last key and the rows read so far', async (batchSize) => {
    const { rows, positions } = await readAll({ table: 'bookings', batchSize });
    expect(rows.map((r) => r.booking_id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(positions.at(-1)).toEqual({ key: [6], rowsRead: 6 });
    expect(positions.every((p, i) => p.rowsRead === Math.min((i + 1) * batchSize, 6))).toBe(true);
  });

  it.each([
    ['bookings', { key: [2], rowsRead: 2 }, [3, 4, 5, 6], 'booking_id'],
    ['bookings', { key: [6], rowsRead: 6 }, [], 'booking_id'],
    ['notes', { key: [1], rowsRead: 1 }, [2, 3], '__record'],
    ['notes', { key: [0], rowsRead: 0 }, [1, 2, 3], '__record'],
    ['events', { key: [3], rowsRead: 3 }, [4], 'event_id'],
  ] as const)('%s resumed after %j', async (table, after, want, key) => {
    const { rows, positions } = await readAll({ table, after: JSON.parse(JSON.stringify(after)) });
    expect(rows.map((r) => r[key])).toEqual(want);
    if (want.length > 0) expect(positions.at(-1)?.rowsRead).toBe(after.rowsRead + want.length);
  });

  it.each([[{ key: [99], rowsRead: 1 }], [{ key: ['2'], rowsRead: 1 }], [{ key: [1, 2], rowsRead: 1 }]])(
    'a position that is not in the file fails with CB_CHECKPOINT_INVALID: %j',
    async (after) => {
      expect((await failureOf(readAll({ table: 'bookings', after }))).code).toBe('CB_CHECKPOINT_INVALID');
    },
  );
});

describe('cancellation', () => {
  it('an aborted signal rejects with CB_CANCELLED, also mid-read, and the file is read again afterwards', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failureOf(readAll({ table: 'bookings', signal: controller.signal }))).code).toBe('CB_CANCELLED');

    const mid = new AbortController();
    const iterator = connector.createReader(driver).read({ table: 'bookings', batchSize: 1, signal: mid.signal });
    expect((await iterator.next()).done).toBe(false);
    mid.abort();
    expect((await failureOf(iterator.next())).code).toBe('CB_CANCELLED');
    expect((await readAll({ table: 'bookings' })).rows).toHaveLength(6);
  });
});

describe('errors name table and line, never content', () => {
  it.each([
    ['broken_quote', 'CB_SOURCE_FORMAT_INVALID', 'not closed'],
    ['broken_columns', 'CB_SOURCE_FORMAT_INVALID', 'line 3'],
    ['broken_jsonl', 'CB_SOURCE_FORMAT_INVALID', 'line 2'],
    ['missing', 'CB_TABLE_NOT_FOUND', 'missing'],
    ['not_configured', 'CB_TABLE_NOT_FOUND', 'not_configured'],
  ])('%s → %s', async (table, code, fragment) => {
    const failure = await failureOf(readAll({ table }));
    expect(failure.code).toBe(code);
    expect(failure.message).toContain(fragment);
    expect(failure.message).not.toMatch(/never|ok"/);
    expect((await failureOf(connector.createIntrospector(driver).describeTable(table))).code).toBe(code);
  });

  it('an unknown requested column is CB_COLUMN_NOT_FOUND', async () => {
    expect((await failureOf(readAll({ table: 'bookings', columns: ['nope'] }))).code).toBe('CB_COLUMN_NOT_FOUND');
  });

  it.each([
    [{ name: '', baseDir: '.', tables: { t: { format: 'csv', file: 'x.csv' } } }],
    [{ name: 'n', baseDir: '.', tables: {} }],
    [{ name: 'n', baseDir: '.', tables: { t: { format: 'xml', file: 'x' } } }],
    [{ name: 'n', baseDir: '.', tables: { t: { format: 'csv', file: 'x.csv', encoding: 'utf-16' } } }],
    [{ name: 'n', baseDir: '.', tables: { t: { format: 'csv', file: 'x.csv', delimiter: ';;' } } }],
    [{ name: 'n', baseDir: '.', tables: { t: { format: 'csv', file: 'x.csv', header: false } } }],
    [{ name: 'n', baseDir: '.', tables: { t: { format: 'csv', file: 'x.csv', columns: { a: 'money' } } } }],
  ])('invalid configuration is CB_CONFIGURATION_INVALID: %j', (bad) => {
    let error: unknown;
    try {
      createFileConnector(bad as unknown as FileConnectorConfig);
    } catch (e) {
      error = e;
    }
    expect(isCasebridgeError(error, 'CB_CONFIGURATION_INVALID')).toBe(true);
  });
});

describe('control totals computed by streaming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts and sums exactly per year and booking type (invalid dates under year null)', async () => {
    const totals = await connector.createControlTotals?.(driver).compute({
      table: 'bookings',
      yearColumn: 'booked_on',
      groupBy: ['booking_type'],
      sumColumns: ['amount'],
    });
    expect(totals).toEqual([
      { group: { year: null, booking_type: 'GL' }, count: 1, sums: { amount: '7.5' } },
      { group: { year: null, booking_type: 'MI' }, count: 1, sums: { amount: '10.10' } },
      { group: { year: 2023, booking_type: 'GL' }, count: 2, sums: { amount: '1234.55' } },
      { group: { year: 2023, booking_type: 'RU' }, count: 1, sums: { amount: '-200.00' } },
      { group: { year: 2024, booking_type: 'MI' }, count: 1, sums: { amount: '12000' } },
    ]);
  });

  it('sums untyped columns written in Swiss format and 0.1 + 0.2 exactly', async () => {
    writeFileSync(join(dir, 'sums.csv'), "id;amount\n1;0.1\n2;0.2\n3;\n4;1'000.00\n");
    const files = createFileConnector({ name: 't', baseDir: dir, tables: { s: { format: 'csv', file: 'sums.csv', delimiter: ';' } } });
    const d = files.createDriver();
    await d.init();
    expect(await files.createControlTotals?.(d).compute({ table: 's', sumColumns: ['amount'] })).toEqual([
      { group: {}, count: 4, sums: { amount: '1000.30' } },
    ]);
  });

  it("with nullValues ['NULL'] an empty text field is '' and an empty typed field NULL; quoted \"NULL\" is text", async () => {
    writeFileSync(join(dir, 'nulls.csv'), 'id,name,amount\n1,,\n2,NULL,NULL\n3,"NULL",""\n');
    const files = createFileConnector({
      name: 't',
      baseDir: dir,
      tables: { n: { format: 'csv', file: 'nulls.csv', nullValues: ['NULL'], columns: { id: 'integer', amount: 'decimal' } } },
    });
    const d = files.createDriver();
    await d.init();
    const rows = [];
    for await (const batch of files.createReader(d).read({ table: 'n', batchSize: 10 })) rows.push(...batch.rows);
    expect(rows).toEqual([
      { __record: 1, id: 1, name: '', amount: null },
      { __record: 2, id: 2, name: null, amount: null },
      { __record: 3, id: 3, name: 'NULL', amount: null },
    ]);
  });

  it('refuses to total an amount that is not a number, naming the record, not the value', async () => {
    // `CHF 7` is an amount the money transform reads; `7 CHX` is none.
    writeFileSync(join(dir, 'bad.csv'), 'id,amount\n1,5\n2,7 CHX\n3,CHF 7\n');
    const files = createFileConnector({ name: 't', baseDir: dir, tables: { b: { format: 'csv', file: 'bad.csv' } } });
    const d = files.createDriver();
    await d.init();
    const failure = await failureOf(Promise.resolve(files.createControlTotals?.(d).compute({ table: 'b', sumColumns: ['amount'] })));
    expect(failure.code).toBe('CB_SOURCE_FORMAT_INVALID');
    expect(failure.details).toEqual({ table: 'b', column: 'amount', record: 2, key: '2' });
    expect(failure.message).not.toContain('CHX');
  });
});

describe('driver', () => {
  it('fails to init on a missing base directory with CB_CONNECTION_FAILED', async () => {
    const files = createFileConnector({ name: 't', baseDir: join(FIXTURE_DIR, 'nope'), tables: { a: { format: 'csv', file: 'a.csv' } } });
    expect((await failureOf(files.createDriver().init())).code).toBe('CB_CONNECTION_FAILED');
  });
});

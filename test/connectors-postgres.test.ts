/** The PostgreSQL connector against the real local server: writer, server-side cancellation, config. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresConnector } from '../src/connectors/postgres/index.js';
import { loadOptionalModule } from '../src/connectors/shared/load-optional-module.js';
import type { Connector, ConnectorDriver } from '../src/core/connector/connector.js';
import { readAll, rejectionOf } from '../src/testing/read-all.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

describe('postgres connector config', () => {
  it.each([
    [{ name: '', connectionString: 'postgres://x@h/db' }, /name/],
    [{ name: 'x' }, /connectionString/],
    [{ name: 'x', connectionString: 'not a url' }, /valid URL/],
    [{ name: 'x', host: 'h', passwordEnv: 'CB_TEST_UNSET_PW' }, /passwordEnv/],
    [{ name: 'x', host: 'h', poolSize: 0 }, /poolSize/],
  ])('rejects %j with CB_CONFIGURATION_INVALID', (config, message) => {
    expect(() => createPostgresConnector(config)).toThrow(message);
  });

  it('a missing optional driver module becomes CB_DRIVER_MISSING', async () => {
    const error = await rejectionOf(loadOptionalModule('cb-no-such-driver-package'));
    expect(error).toMatchObject({ code: 'CB_DRIVER_MISSING', details: { package: 'cb-no-such-driver-package' } });
  });
});

await describeWithService('postgres', 'postgres connector on a real server', () => {
  let db: TestDatabase;
  let connector: Connector;
  let driver: ConnectorDriver;

  beforeAll(async () => {
    db = await createPostgresDatabase('cbpg');
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('CREATE TABLE target (id int PRIMARY KEY, label text NOT NULL, amount numeric(12,2), payload bytea, doc jsonb)');
    await c.query('CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent(id))');
    await c.query('CREATE VIEW slow AS SELECT g AS id, pg_sleep(0.5)::text AS s FROM generate_series(1, 40) g');
    await c.end();
    connector = createPostgresConnector({ name: 'pg-test', connectionString: db.url });
    driver = connector.createDriver();
    await driver.init();
  });
  afterAll(async () => {
    await driver?.destroy();
    await db?.drop();
  });

  it('writes through COPY and reads back exactly; upsert updates, insert rejects duplicates', async () => {
    const writer = connector.createWriter?.(driver);
    expect(writer).toBeDefined();
    if (!writer) return;
    const columns = ['id', 'label', 'amount', 'payload', 'doc'];
    await expect(
      writer.write({
        table: 'target',
        columns,
        mode: 'insert',
        rows: [
          [1, 'tab\there\r\nline', '12.50', Uint8Array.of(0, 92, 255), { a: ['ü'] }],
          [2, 'b\\c', null, null, null],
        ],
      }),
    ).resolves.toEqual({ written: 2 });
    await expect(
      writer.write({
        table: 'target',
        columns: ['id', 'label'],
        mode: 'upsert',
        keyColumns: ['id'],
        rows: [
          [2, 'updated'],
          [3, 'new'],
        ],
      }),
    ).resolves.toEqual({ written: 2 });
    const { rows } = await readAll(connector.createReader(driver), { table: 'target', batchSize: 10 });
    expect(rows).toEqual([
      { id: 1, label: 'tab\there\r\nline', amount: '12.50', payload: Uint8Array.of(0, 92, 255), doc: { a: ['ü'] } },
      { id: 2, label: 'updated', amount: null, payload: null, doc: null },
      { id: 3, label: 'new', amount: null, payload: null, doc: null },
    ]);
    const dup = await rejectionOf(writer.write({ table: 'target', columns: ['id', 'label'], mode: 'insert', rows: [[3, 'again']] }));
    expect(dup).toMatchObject({ code: 'CB_UNIQUE_VIOLATION', details: { sqlState: '23505', table: 'target' } });
    expect((dup as Error).message).not.toContain('again');
    const notNull = await rejectionOf(writer.write({ table: 'target', columns: ['id', 'label'], mode: 'insert', rows: [[9, null]] }));
    expect(notNull).toMatchObject({ code: 'CB_NOT_NULL_VIOLATION' });
  });

  it('introspects foreign keys', async () => {
    const meta = await connector.createIntrospector(driver).describeTable('child');
    expect(meta.foreignKeys).toEqual([{ name: 'child_parent_id_fkey', columns: ['parent_id'], referencedTable: 'parent', referencedColumns: ['id'] }]);
  });

  it('aborting cancels the running statement on the server', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const error = await rejectionOf(readAll(connector.createReader(driver), { table: 'slow', keyColumns: ['id'], batchSize: 40, signal: controller.signal }));
    expect(error).toMatchObject({ code: 'CB_CANCELLED' });
    // 40 rows × 0.5 s would take 20 s; the cancel must stop it right away.
    expect(Date.now() - started).toBeLessThan(5_000);
    const { rows } = await readAll(connector.createReader(driver), { table: 'target', batchSize: 10 });
    expect(rows.length).toBeGreaterThan(0);
  });

  it('unknown columns and key-less tables fail clearly', async () => {
    await expect(readAll(connector.createReader(driver), { table: 'target', columns: ['nope'], batchSize: 1 })).rejects.toMatchObject({
      code: 'CB_COLUMN_NOT_FOUND',
    });
    await expect(readAll(connector.createReader(driver), { table: 'slow', batchSize: 1 })).rejects.toMatchObject({ code: 'CB_CONFIGURATION_INVALID' });
  });

  it('a missing database is CB_CONNECTION_FAILED; a wrong password never shows in the error', async () => {
    const url = new URL(db.url);
    url.pathname = '/cb_no_such_db_4711';
    url.password = 'Very-Secret-Pw-42';
    const bad = createPostgresConnector({ name: 'pg-bad', connectionString: url.toString() }).createDriver();
    const error = await rejectionOf(bad.init());
    expect(error).toMatchObject({ code: 'CB_CONNECTION_FAILED' });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('Very-Secret-Pw-42');
  });
});

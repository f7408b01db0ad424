/**
 * A delta bound (`ReadRequest.since`) on a join source is applied to the join's output column: in SQL
 * on the derived table (PostgreSQL, MariaDB), in the stream for files. Rows without a stamp are read
 * every time, as for a table.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import { createPostgresConnector } from '../src/connectors/postgres/index.js';
import type { Connector, ReadRequest } from '../src/core/connector/connector.js';
import type { JoinSource } from '../src/core/connector/join-source.js';
import { readAll } from '../src/testing/read-all.js';
import { createMariaDatabase, createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

const JOIN: JoinSource = {
  from: { table: 'line', as: 'l' },
  joins: [{ table: 'head', as: 'h', on: [['l.head_id', 'h.head_id']], type: 'left' }],
  columns: { line_id: 'l.line_id', changed: 'l.changed', head_label: 'h.label' },
};
const REQUEST: ReadRequest = { table: 'line', join: JOIN, keyColumns: ['line_id'], batchSize: 2, since: { column: 'changed', after: '2024-01-02' } };
// Line 1 is older than the bound, line 2 newer, line 3 has no stamp.
const EXPECTED = [
  { line_id: 2, changed: '2024-01-03', head_label: 'H1' },
  { line_id: 3, changed: null, head_label: null },
];
const SQL = [
  'CREATE TABLE head (head_id INT PRIMARY KEY, label VARCHAR(10))',
  'CREATE TABLE line (line_id INT PRIMARY KEY, head_id INT, changed DATE)',
  "INSERT INTO head VALUES (1, 'H1')",
  "INSERT INTO line VALUES (1, 1, '2024-01-01'), (2, 1, '2024-01-03'), (3, 9, NULL)",
];
const drops: TestDatabase[] = [];
afterAll(async () => {
  for (const db of drops) await db.drop();
});

async function read(connector: Connector): Promise<unknown[]> {
  const driver = connector.createDriver();
  await driver.init();
  try {
    return (await readAll(connector.createReader(driver), REQUEST)).rows;
  } finally {
    await driver.destroy();
  }
}

describe('a delta bound on a file join', () => {
  it('streams only rows after the bound or without a stamp', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-join-delta-'));
    try {
      writeFileSync(path.join(dir, 'head.csv'), 'head_id,label\n1,H1\n');
      writeFileSync(path.join(dir, 'line.csv'), 'line_id,head_id,changed\n1,1,2024-01-01\n2,1,2024-01-03\n3,9,\n');
      const connector = createFileConnector({
        name: 'f',
        baseDir: dir,
        tables: {
          head: { format: 'csv', file: 'head.csv', columns: { head_id: 'integer' } },
          line: { format: 'csv', file: 'line.csv', columns: { line_id: 'integer', head_id: 'integer', changed: 'date' } },
        },
      });
      expect(await read(connector)).toEqual(EXPECTED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

await describeWithService('postgres', 'a delta bound on a PostgreSQL join', () => {
  it('filters the derived table on the output column', async () => {
    const db = await createPostgresDatabase('cbjoindelta');
    drops.push(db);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    for (const sql of SQL) await client.query(sql);
    await client.end();
    expect(await read(createPostgresConnector({ name: 'p', connectionString: db.url }))).toEqual(EXPECTED);
  });
});

await describeWithService('mariadb', 'a delta bound on a MariaDB join', () => {
  it('filters the derived table on the output column', async () => {
    const db = await createMariaDatabase('cbjoindelta');
    drops.push(db);
    const connection = await mysql.createConnection(db.url);
    for (const sql of SQL) await connection.query(sql);
    await connection.end();
    expect(await read(createMysqlConnector({ name: 'm', connectionString: db.url }))).toEqual(EXPECTED);
  });
});

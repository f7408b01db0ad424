/** The MySQL/MariaDB connector: SQL building, type mapping, errors, and behaviour on the real server. */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import { translateMysqlError } from '../src/connectors/mysql/mysql-errors.js';
import { MYSQL_SQL_DIALECT } from '../src/connectors/mysql/mysql-sql-dialect.js';
import { normalizeMysqlType } from '../src/connectors/mysql/mysql-type-map.js';
import { buildKeysetSelect } from '../src/connectors/shared/keyset-sql.js';
import type { Connector, ConnectorDriver } from '../src/core/connector/connector.js';
import { readAll, rejectionOf } from '../src/testing/read-all.js';
import { createMariaDatabase, describeWithService, MARIADB_ADMIN_URL, type TestDatabase } from './helpers/databases.js';

describe('mysql keyset SQL', () => {
  it.each([
    [
      'BIGINT resume values are cast so they never compare as DOUBLE',
      [{ name: 'id', isString: false, type: 'bigint' as const }],
      ['9007199254740993'],
      'SELECT `id` FROM `t` WHERE `id` > CAST(? AS DECIMAL(65,0)) ORDER BY `id` LIMIT 3',
    ],
    [
      'string keys compare in utf8mb4_bin on both sides',
      [
        { name: 'k', isString: true, type: 'string' as const, charset: 'latin1', collation: 'latin1_swedish_ci' },
        { name: 'id', isString: false, type: 'integer' as const },
      ],
      ['a', 1],
      'SELECT `id` FROM `t` WHERE (CONVERT(`k` USING utf8mb4) COLLATE utf8mb4_bin, `id`) > (CONVERT(? USING utf8mb4) COLLATE utf8mb4_bin, ?) ORDER BY CONVERT(`k` USING utf8mb4) COLLATE utf8mb4_bin, `id` LIMIT 3',
    ],
    [
      'utf8mb4_bin keys stay as they are (index-friendly)',
      [{ name: 'k', isString: true, type: 'string' as const, charset: 'utf8mb4', collation: 'utf8mb4_bin' }],
      ['a'],
      'SELECT `id` FROM `t` WHERE `k` > CONVERT(? USING utf8mb4) COLLATE utf8mb4_bin ORDER BY `k` LIMIT 3',
    ],
  ])('%s', (_label, keyColumns, after, sql) => {
    const stmt = buildKeysetSelect(MYSQL_SQL_DIALECT, { table: 't', columns: ['id'], keyColumns, after, limit: 3 });
    expect(stmt.sql).toBe(sql);
    expect(stmt.params).toEqual(after);
  });
});

describe('mysql type map', () => {
  it.each([
    ['tinyint', 'tinyint(1)', 'boolean'],
    ['tinyint', 'tinyint(4)', 'integer'],
    ['tinyint', 'tinyint(3) unsigned', 'integer'],
    ['int', 'int(10) unsigned', 'integer'],
    ['bigint', 'bigint(20) unsigned', 'bigint'],
    ['decimal', 'decimal(38,10)', 'decimal'],
    ['double', 'double', 'float'],
    ['bit', 'bit(1)', 'boolean'],
    ['bit', 'bit(8)', 'binary'],
    ['varchar', 'varchar(40)', 'string'],
    ['longtext', 'longtext', 'string'],
    ['enum', "enum('a','b')", 'string'],
    ['date', 'date', 'date'],
    ['datetime', 'datetime(6)', 'timestamp'],
    ['timestamp', 'timestamp(6)', 'timestamptz'],
    ['time', 'time', 'time'],
    ['uuid', 'uuid', 'uuid'],
    ['blob', 'blob', 'binary'],
    ['json', 'json', 'json'],
    ['geometry', 'geometry', 'unknown'],
  ])('%s / %s → %s', (dataType, columnType, normalised) => {
    expect(normalizeMysqlType(dataType, columnType)).toBe(normalised);
  });
});

describe('mysql error translation', () => {
  it.each([
    ['ER_ACCESS_DENIED_ERROR', 'CB_AUTHENTICATION_FAILED'],
    ['ER_BAD_DB_ERROR', 'CB_CONNECTION_FAILED'],
    ['ER_NO_SUCH_TABLE', 'CB_TABLE_NOT_FOUND'],
    ['ER_BAD_FIELD_ERROR', 'CB_COLUMN_NOT_FOUND'],
    ['ER_DUP_ENTRY', 'CB_UNIQUE_VIOLATION'],
    ['ER_NO_REFERENCED_ROW_2', 'CB_FOREIGN_KEY_VIOLATION'],
    ['ER_BAD_NULL_ERROR', 'CB_NOT_NULL_VIOLATION'],
    ['ER_CONSTRAINT_FAILED', 'CB_CHECK_VIOLATION'],
    ['ER_QUERY_INTERRUPTED', 'CB_TIMEOUT'],
    ['ECONNREFUSED', 'CB_CONNECTION_FAILED'],
    ['PROTOCOL_CONNECTION_LOST', 'CB_CONNECTION_FAILED'],
    ['ER_DATA_TOO_LONG', 'CB_DATA_EXCEPTION'],
    ['ER_PARSE_ERROR', 'CB_QUERY_FAILED'],
  ])('%s → %s without the driver message', (code, expected) => {
    const driverError = Object.assign(new Error("Duplicate entry 'Hans Muster' for key 'PRIMARY'"), { code, errno: 1062 });
    const error = translateMysqlError(driverError, { operation: 'read', table: 't' });
    expect(error.code).toBe(expected);
    expect(error.message).not.toContain('Muster');
    expect(error.cause).toBe(driverError);
  });
});

await describeWithService('mariadb', 'mysql connector on a real server', () => {
  let db: TestDatabase;
  let connector: Connector;
  let driver: ConnectorDriver;

  beforeAll(async () => {
    db = await createMariaDatabase('cbmy');
    const c = await mysql.createConnection(db.url);
    // A case- and accent-insensitive key: the database's order (A, b, C, ö, Z) differs from binary order (A, C, Z, b, ö).
    await c.query('CREATE TABLE ci_keys (k VARCHAR(10) COLLATE utf8mb4_unicode_ci PRIMARY KEY, n INT)');
    await c.query("INSERT INTO ci_keys VALUES ('b', 1), ('A', 2), ('C', 3), ('ö', 4), ('Z', 5), ('e', 6), ('É1', 7)");
    await c.query('CREATE TABLE big_keys (id BIGINT UNSIGNED PRIMARY KEY)');
    await c.query('INSERT INTO big_keys VALUES (9007199254740992), (9007199254740993), (9007199254740994), (18446744073709551615)');
    await c.query('CREATE VIEW slow AS SELECT n AS id, SLEEP(0.5) AS s FROM ci_keys');
    await c.query("SET SESSION sql_mode = ''");
    await c.query('CREATE TABLE legacy (id INT PRIMARY KEY, booked DATE, amount DECIMAL(12,2))');
    await c.query("INSERT INTO legacy VALUES (1, '0000-00-00', 1.10), (2, '2024-05-01', 2.20), (3, NULL, 3.30)");
    await c.end();
    connector = createMysqlConnector({ name: 'mysql-test', connectionString: db.url });
    driver = connector.createDriver();
    await driver.init();
  });
  afterAll(async () => {
    await driver?.destroy();
    await db?.drop();
  });

  it('pages a case-insensitive string key without losing or repeating rows', async () => {
    const { rows } = await readAll(connector.createReader(driver), { table: 'ci_keys', batchSize: 1 });
    expect(rows.map((r) => r.k)).toEqual(['A', 'C', 'Z', 'b', 'e', 'É1', 'ö']);
  });

  it('resumes after BIGINT UNSIGNED keys beyond 2^53 exactly', async () => {
    const { rows, positions } = await readAll(connector.createReader(driver), { table: 'big_keys', batchSize: 1 });
    expect(rows.map((r) => r.id)).toEqual(['9007199254740992', '9007199254740993', '9007199254740994', '18446744073709551615']);
    expect(positions[1]?.key).toEqual(['9007199254740993']);
  });

  it('keeps zero-date rows and counts them under year null in control totals', async () => {
    const { rows } = await readAll(connector.createReader(driver), { table: 'legacy', batchSize: 10 });
    expect(rows).toHaveLength(3);
    expect(rows[0]?.booked).toMatchObject({ reason: 'zero-date', raw: '0000-00-00' });
    const totals = await connector.createControlTotals?.(driver).compute({ table: 'legacy', yearColumn: 'booked', sumColumns: ['amount'] });
    expect([...(totals ?? [])].sort((a, b) => String(a.group.year).localeCompare(String(b.group.year)))).toEqual([
      { group: { year: 2024 }, count: 1, sums: { amount: '2.20' } },
      { group: { year: null }, count: 2, sums: { amount: '4.40' } },
    ]);
  });

  it('aborting kills the running query on the server', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const error = await rejectionOf(readAll(connector.createReader(driver), { table: 'slow', keyColumns: ['id'], batchSize: 100, signal: controller.signal }));
    expect(error).toMatchObject({ code: 'CB_CANCELLED' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await readAll(connector.createReader(driver), { table: 'ci_keys', batchSize: 3 })).rows).toHaveLength(7);
  });

  it('a wrong password fails with CB_AUTHENTICATION_FAILED and never shows the password', async () => {
    const url = new URL(MARIADB_ADMIN_URL);
    url.password = 'Very-Secret-Pw-42';
    url.pathname = `/${db.name}`;
    const bad = createMysqlConnector({ name: 'bad', connectionString: url.toString() }).createDriver();
    const error = await rejectionOf(bad.init());
    expect(error).toMatchObject({ code: 'CB_AUTHENTICATION_FAILED' });
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain('Very-Secret-Pw-42');
  });
});

/**
 * Issue 14, defect 1 on SQL sources: a declared key column that the source does not enforce (no primary
 * key) may repeat. Keyset pagination (`WHERE id > last`) used to lose the rest of a key's rows at a
 * page boundary, without a trace. Now a page never splits a key: every row is read, the rows of one key
 * arrive in one batch (a key longer than a page in one longer batch), a resumed read continues exactly,
 * and the engine quarantines every row of a duplicated key, so no person is loaded from one of two rows.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connector, ReadPosition, RowBatch } from '../src/core/connector/connector.js';
import { createPostgresConnector } from '../src/connectors/postgres/postgres-connector.js';
import { createMysqlConnector } from '../src/connectors/mysql/mysql-connector.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { addressMapping, ahvn13, personMapping } from './fixtures/engine/sample-source.js';
import { createMariaDatabase, createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { PseudonymKey } from '../src/core/pseudonyms/pseudonym-key.js';
import { TEST_COMMUNE, testId } from './helpers/tenant.js';

const BATCH = 5;
/** Person keys in key order: 5 twice (its second row would open the second page), 20 seven times. */
const PERSON_KEYS: number[] = [];
for (let k = 1; k <= 30; k++) {
  if (k === 6) continue;
  const times = k === 5 ? 2 : k === 20 ? 7 : 1;
  for (let i = 0; i < times; i++) PERSON_KEYS.push(k);
}
const DISTINCT = [...new Set(PERSON_KEYS)];

function personRows(): unknown[][] {
  return PERSON_KEYS.map((k, i) => [k, `Family${k}x${i}`, `Given${k}`, ahvn13(200 + i), `1970-01-0${1 + (i % 9)}`, 'N']);
}

async function readAll(connector: Connector, after?: ReadPosition): Promise<RowBatch[]> {
  const driver = connector.createDriver();
  await driver.init();
  try {
    const out: RowBatch[] = [];
    const reader = connector.createReader(driver);
    for await (const batch of reader.read({ table: 'persons', batchSize: BATCH, keyColumns: ['id'], ...(after ? { after } : {}) })) out.push(batch);
    return out;
  } finally {
    await driver.destroy();
  }
}

function keysOf(batches: readonly RowBatch[]): number[][] {
  return batches.map((b) => b.rows.map((r) => Number(r['id'])));
}

for (const dialect of ['postgres', 'mariadb'] as const) {
  await describeWithService(dialect, `duplicate keys in a ${dialect} source without a primary key`, () => {
    let db: TestDatabase;
    let connector: Connector;

    beforeAll(async () => {
      if (dialect === 'postgres') {
        db = await createPostgresDatabase('cbdupkey');
        const { default: pg } = await import('pg');
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        await c.query('CREATE TABLE persons (id integer NOT NULL, official_name text, first_name text, vn text, birth text, test_flag text)');
        await c.query('CREATE TABLE addresses (id integer PRIMARY KEY, person_id integer, street text, town text)');
        for (const row of personRows()) await c.query('INSERT INTO persons VALUES ($1, $2, $3, $4, $5, $6)', row);
        for (const k of DISTINCT) await c.query('INSERT INTO addresses VALUES ($1, $2, $3, $4)', [100 + k, k, `Street ${k}`, 'Town']);
        await c.end();
        connector = createPostgresConnector({ name: 'legacy-sample', connectionString: db.url });
      } else {
        db = await createMariaDatabase('cbdupkey');
        const mysql = await import('mysql2/promise');
        const c = await mysql.createConnection(db.url);
        await c.query(
          'CREATE TABLE persons (id int NOT NULL, official_name varchar(60), first_name varchar(60), vn varchar(20), birth varchar(10), test_flag char(1))',
        );
        await c.query('CREATE TABLE addresses (id int PRIMARY KEY, person_id int, street varchar(60), town varchar(60))');
        for (const row of personRows()) await c.query('INSERT INTO persons VALUES (?, ?, ?, ?, ?, ?)', row);
        for (const k of DISTINCT) await c.query('INSERT INTO addresses VALUES (?, ?, ?, ?)', [100 + k, k, `Street ${k}`, 'Town']);
        await c.end();
        connector = createMysqlConnector({ name: 'legacy-sample', connectionString: db.url });
      }
    }, 120_000);

    afterAll(async () => {
      await db?.drop();
    });

    it('reads every row, never splits one key over two batches, and resumes exactly', async () => {
      const batches = await readAll(connector);
      const keys = keysOf(batches);
      expect(keys.flat()).toEqual(PERSON_KEYS);
      // Key 5's rows start the second page instead of straddling the boundary; key 20 fills a longer batch.
      expect(keys[0]).toEqual([1, 2, 3, 4]);
      expect(keys[1]).toEqual([5, 5, 7, 8, 9]);
      expect(keys.find((b) => b.includes(20))).toEqual([20, 20, 20, 20, 20, 20, 20]);
      for (const k of DISTINCT) expect(keys.filter((b) => b.includes(k))).toHaveLength(1);
      // A read resumed after any batch delivers exactly the rest.
      for (let i = 0; i < batches.length - 1; i++) {
        const rest = await readAll(connector, batches[i]!.position);
        expect(keysOf(rest).flat()).toEqual(keys.slice(i + 1).flat());
      }
    }, 120_000);

    it('quarantines every row of a duplicated key and loads none of them; dependants are not attached', async () => {
      const target = createPgliteTarget({});
      const runId = randomUUID();
      const key = PseudonymKey.fromText('sql-duplicate-source-keys-test-secret-0123');
      const report = await runMigration(
        defineMigration({
          name: 'sql-dup-keys',
          source: connector,
          commune: TEST_COMMUNE,
          sourceSystem: 'legacy-sample',
          mappings: [personMapping, addressMapping],
          target,
          options: { batchSize: BATCH, thresholds: [], reconcile: false, pseudonymKey: key },
        }),
        { runId, keepTargetOpen: true },
      );
      try {
        const persons = report.entities.find((e) => e.mapping === 'persons')!;
        const addresses = report.entities.find((e) => e.mapping === 'addresses')!;
        expect([persons.extracted, persons.loaded, persons.quarantined, persons.balanced]).toEqual([PERSON_KEYS.length, DISTINCT.length - 2, 9, true]);
        expect(persons.quarantinedByCode).toEqual({ 'source.duplicate_key': 9 });
        expect([addresses.extracted, addresses.loaded, addresses.quarantined]).toEqual([DISTINCT.length, DISTINCT.length - 2, 2]);
        expect(addresses.quarantinedByCode).toEqual({ 'reference.ambiguous': 2 });
        for (const k of [5, 20]) {
          const found = await target.pglite.query(`SELECT 1 FROM ${STORE_SCHEMA}.person WHERE id = $1`, [testId('legacy-sample', 'person', k)]);
          expect(found.rows).toEqual([]);
        }
        const count = await target.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}.person`);
        expect(count.rows[0]!.n).toBe(DISTINCT.length - 2);
      } finally {
        await target.close();
      }
    }, 180_000);
  });
}

/**
 * The hash witness in bulk (issue 15): every lineage row carries the digest of the row as written, the
 * store compares all of them in one pass, and only the rows that disagree are read back and judged by
 * their content hash. The tables the load filled are analyzed first. A tampered row far past the
 * spot-check page is still found and named by its canonical id; a digest that disagrees while the row
 * is intact is drilled down and cleared; the digest's jsonb spelling is PostgreSQL's own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reconcileMigration } from '../src/core/pipeline/reconcile-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { jsonbText } from '../src/targets/shared/row-digest.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { addressMapping, personMapping, sampleConnector, writeSampleSource } from './fixtures/engine/sample-source.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE, testTenant } from './helpers/tenant.js';

const PERSONS = 60;
const SOURCE = 'legacy-sample';

await describeWithService('postgres', 'hash witness in bulk on PostgreSQL', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let dir: string;
  const target = () => createPostgresTarget({ connectionString: db.url });
  const migration = (t: ReturnType<typeof target>) =>
    defineMigration({
      name: 'bulk-witness',
      source: sampleConnector(dir),
      commune: TEST_COMMUNE,
      sourceSystem: SOURCE,
      mappings: [addressMapping, personMapping],
      target: t,
      options: { batchSize: 8, thresholds: [] },
    });
  const lastPersonInKeyOrder = async (): Promise<string> => {
    const rows = await pool.query<{ id: string }>(
      `SELECT canonical_id::text AS id FROM ${STORE_SCHEMA}.cb_lineage WHERE entity = 'person' AND NOT merged ORDER BY canonical_id DESC, source_table DESC, source_key DESC LIMIT 1`,
    );
    return rows.rows[0]!.id;
  };

  beforeAll(async () => {
    db = await createPostgresDatabase('cbbulkwitness');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    dir = mkdtempSync(path.join(tmpdir(), 'cb-bulk-witness-'));
    await writeSampleSource(dir, PERSONS);
    const report = await runMigration(migration(target()));
    expect(report.reconciliation.status).toBe('passed');
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('records a digest on every loaded lineage row, and the stored rows agree with all of them in one pass', async () => {
    const undigested = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}.cb_lineage WHERE NOT merged AND row_digest IS NULL`);
    expect(undigested.rows[0]!.n).toBe(0);
    const t = target();
    await t.open();
    try {
      for (const entity of ['person', 'address']) {
        const lineage = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}.cb_lineage WHERE entity = $1 AND NOT merged`, [entity]);
        const bulk = await t.hashSuspects(entity, testTenant(SOURCE), 1000);
        expect(lineage.rows[0]!.n).toBeGreaterThan(8);
        expect(bulk).toEqual({ checked: lineage.rows[0]!.n, suspects: [] });
      }
    } finally {
      await t.close();
    }
  });

  it('gives the planner statistics of the tables the load filled before the stages that read them back', async () => {
    const analyzed = await pool.query<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables WHERE schemaname = '${STORE_SCHEMA}' AND last_analyze IS NOT NULL ORDER BY relname`,
    );
    expect(analyzed.rows.map((r) => r.relname)).toEqual(expect.arrayContaining(['address', 'cb_lineage', 'person']));
  });

  it('a digest that disagrees over an intact row is drilled down and cleared by the content hash', async () => {
    const id = await lastPersonInKeyOrder();
    await pool.query(`UPDATE ${STORE_SCHEMA}.cb_lineage SET row_digest = '00000000-0000-0000-0000-000000000000' WHERE canonical_id = $1`, [id]);
    const t = target();
    await t.open();
    try {
      const bulk = await t.hashSuspects('person', testTenant(SOURCE), 1000);
      expect(bulk.suspects?.map((s) => s.id)).toEqual([id]);
    } finally {
      await t.close();
    }
    const rec = await reconcileMigration(migration(target()));
    expect(rec.status).toBe('passed');
    expect(rec.hashes).toMatchObject({ mismatchedCount: 0, missingCount: 0 });
  });

  it('a row changed in the store after the load fails the reconciliation and is named pseudonymously', async () => {
    const id = await lastPersonInKeyOrder();
    await pool.query(`UPDATE ${STORE_SCHEMA}.person SET first_name = 'Tampered' WHERE id = $1`, [id]);
    const t = target();
    await t.open();
    try {
      // The one pass finds it (it is far past the spot-check page, which is read in key order).
      const bulk = await t.hashSuspects('person', testTenant(SOURCE), 1000);
      expect(bulk.suspects?.map((s) => s.id)).toEqual([id]);
    } finally {
      await t.close();
    }
    const rec = await reconcileMigration(migration(target()));
    expect(rec.status).toBe('failed');
    expect(rec.hashes?.mismatched).toEqual([{ entity: 'person', id, reason: 'content' }]);
    expect(rec.hashes?.mismatchedCount).toBe(1);
    expect(JSON.stringify(rec)).not.toContain('Tampered');
  });

  it('spells jsonb exactly as PostgreSQL prints it, and declines where PostgreSQL would respell a number', async () => {
    const values: unknown[] = [
      { b: 1, aa: [1.5, -2, 0], a: null, ccc: { z: true, y: false } },
      { ä: 'Zürich', ab: 'line\nbreak\ttab "quoted" back\\slash \u0001 \u2028', a: [] },
      [{}, [], 'x', 12345678901234, 0.1],
      { long_key_name: 1, k: 2, kk: 3, é: 4, z: 5 },
      'plain',
      -0,
    ];
    for (const value of values) {
      const printed = await pool.query<{ t: string }>('SELECT $1::jsonb::text AS t', [JSON.stringify(value)]);
      expect(jsonbText(value)).toBe(printed.rows[0]!.t);
    }
    expect(jsonbText({ big: 1e21 })).toBeUndefined();
    expect(jsonbText({ when: new Date(0) })).toBeUndefined();
  });
});

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
import { buildModelLayout } from '../src/targets/shared/entity-layout.js';
import { recordToFields } from '../src/targets/shared/record-row.js';
import { jsonbText, rowDigest, rowDigestSql } from '../src/targets/shared/row-digest.js';
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
      `SELECT canonical_id::text AS id FROM ${STORE_SCHEMA}.cb_lineage_view WHERE entity = 'person' AND NOT merged ORDER BY source_id DESC, canonical_id DESC, source_key DESC LIMIT 1`,
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
        const lineage = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}.cb_lineage_view WHERE entity = $1 AND NOT merged`, [
          entity,
        ]);
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

await describeWithService('postgres', 'row digest of a table wider than a function call takes', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgresDatabase('cbwidedigest');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('spells a 120-column row in SQL as Node does (the 100-argument limit of json_build_array is avoided)', async () => {
    const properties = [
      { name: 'id', column: 'id', jsonType: 'string', format: 'uuid', required: true, nullable: false, money: false },
      ...Array.from({ length: 119 }, (_, i) => ({
        name: `p${String(i)}`,
        column: `c${String(i)}`,
        jsonType: i % 3 === 0 ? 'integer' : i % 3 === 1 ? 'boolean' : 'array',
        required: false,
        nullable: true,
        money: false,
      })),
    ];
    const layout = buildModelLayout({ version: 'wide-1', entities: [{ name: 'wide', table: 'wide', properties }] }, 'public').entity('wide');
    const record: Record<string, unknown> = { id: '00000000-0000-4000-8000-000000000001' };
    layout.columns.forEach((c, i) => {
      if (c.property === 'id' || i % 7 === 5) return; // some NULLs
      record[c.property] = c.type === 'integer' ? i : c.type === 'boolean' ? i % 2 === 0 : [i, { z: 'ü', a: null }];
    });
    const fields = recordToFields(layout, 'wide-row', record);
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      await pool.query(`CREATE TABLE public.wide (${layout.columns.map((c) => `${c.quoted} ${c.sqlType}`).join(', ')})`);
      await pool.query(
        `INSERT INTO public.wide VALUES (${layout.columns.map((_, i) => `$${String(i + 1)}`).join(', ')})`,
        fields.map((f) => f),
      );
      const stored = await pool.query<{ d: string }>(`SELECT ${rowDigestSql(layout, 't')}::text AS d FROM public.wide t`);
      expect(layout.columns.length).toBe(120);
      expect(stored.rows[0]?.d).toBe(rowDigest(layout, fields, record));
    } finally {
      await pool.end();
    }
  });
});

/**
 * Row-level security per commune on a real PostgreSQL: two social services log in with their own
 * roles and each sees and writes only its commune's rows (canonical tables, ledger); the canton role
 * sees all of them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { FLAT_FILE_SOURCE_SYSTEM, flatFileMigration, generateFlatFileExport } from '../src/profiles/flat-file/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { applyCommuneRowSecurity, cantonRoleName, communeRoleName } from '../src/targets/postgres/commune-row-security.js';
import { createPostgresDatabase, describeWithService, PG_ADMIN_URL, type TestDatabase } from './helpers/databases.js';

type Client = import('pg').Client;

await describeWithService('postgres', 'row-level security per commune', () => {
  let db: TestDatabase;
  const prefix = `cbt${randomBytes(3).toString('hex')}`;
  const logins = { bern: `${prefix}_bern`, zurich: `${prefix}_zurich`, canton: `${prefix}_kanton` };
  let admin: Client;
  let persons = 0;

  async function connectAs(user: string): Promise<Client> {
    const { default: pg } = await import('pg');
    const url = new URL(db.url);
    url.username = user;
    url.password = 'secret';
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  }

  beforeAll(async () => {
    db = await createPostgresDatabase('cbrls');
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-rls-'));
    await generateFlatFileExport({ dir, persons: 20, seed: 5 });
    for (const commune of [351, 261]) {
      const report = await runMigration(
        flatFileMigration({
          commune,
          sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
          dir,
          target: createPostgresTarget({ connectionString: db.url }),
          options: { batchSize: 50 },
        }),
      );
      persons = report.entities.filter((e) => e.name === 'person').reduce((a, e) => a + e.loaded, 0);
    }
    const { default: pg } = await import('pg');
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const security = await applyCommuneRowSecurity((sql, params) => admin.query(sql, params === undefined ? undefined : [...params]), {
      communes: [351, 261],
      rolePrefix: prefix,
    });
    expect(security.tables).toEqual(expect.arrayContaining(['"casebridge"."person"', 'casebridge.cb_run', 'casebridge.cb_lineage', 'casebridge.cb_run_link']));
    for (const [user, group] of [
      [logins.bern, communeRoleName(351, prefix)],
      [logins.zurich, communeRoleName(261, prefix)],
      [logins.canton, cantonRoleName(prefix)],
    ] as const) {
      await admin.query(`CREATE ROLE ${user} LOGIN PASSWORD 'secret' IN ROLE ${group}`);
    }
  });

  afterAll(async () => {
    await admin?.end();
    await db?.drop();
    const { default: pg } = await import('pg');
    const root = new pg.Client({ connectionString: PG_ADMIN_URL });
    await root.connect();
    try {
      for (const role of [...Object.values(logins), communeRoleName(351, prefix), communeRoleName(261, prefix), cantonRoleName(prefix)])
        await root.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await root.end();
    }
  });

  it('each commune login sees only its own rows in the canonical tables and the ledger', async () => {
    for (const [user, commune] of [
      [logins.bern, 351],
      [logins.zurich, 261],
    ] as const) {
      const c = await connectAs(user);
      try {
        const rows = await c.query<{ cb_commune: number; n: number }>('SELECT cb_commune, count(*)::int AS n FROM casebridge.person GROUP BY 1');
        expect(rows.rows).toEqual([{ cb_commune: commune, n: persons }]);
        const runs = await c.query<{ commune: number }>('SELECT DISTINCT commune FROM casebridge.cb_run');
        expect(runs.rows).toEqual([{ commune }]);
        const lineage = await c.query<{ commune: number }>('SELECT DISTINCT commune FROM casebridge.cb_lineage');
        expect(lineage.rows).toEqual([{ commune }]);
        const stats = await c.query<{ n: number }>('SELECT count(DISTINCT run_id)::int AS n FROM casebridge.cb_run_mapping');
        expect(stats.rows[0]?.n).toBe(1);
        // Each commune's run chain is its own: one link, of its own run.
        const links = await c.query<{ commune: number; seq: number }>('SELECT commune, seq FROM casebridge.cb_run_link');
        expect(links.rows).toEqual([{ commune, seq: 1 }]);
      } finally {
        await c.end();
      }
    }
  });

  it("a commune login cannot change, delete, move or insert another commune's rows", async () => {
    const c = await connectAs(logins.bern);
    try {
      const update = await c.query("UPDATE casebridge.person SET first_name = 'X' WHERE cb_commune = 261");
      expect(update.rowCount).toBe(0);
      const remove = await c.query('DELETE FROM casebridge.person WHERE cb_commune = 261');
      expect(remove.rowCount).toBe(0);
      const move = await c
        .query('UPDATE casebridge.person SET cb_commune = 261 WHERE id = (SELECT id FROM casebridge.person LIMIT 1)')
        .catch((e: unknown) => e);
      expect(String((move as Error).message)).toMatch(/row-level security/);
      const insert = await c
        .query(
          "INSERT INTO casebridge.person (id, official_name, first_name, content_hash, run_id, cb_commune, cb_source_system) VALUES (gen_random_uuid(), 'A', 'B', 'h', gen_random_uuid(), 261, 'x')",
        )
        .catch((e: unknown) => e);
      expect(String((insert as Error).message)).toMatch(/row-level security/);
    } finally {
      await c.end();
    }
    const z = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM casebridge.person WHERE cb_commune = 261 AND first_name = 'X'");
    expect(z.rows[0]?.n).toBe(0);
  });

  it('the canton login sees every commune', async () => {
    const c = await connectAs(logins.canton);
    try {
      const rows = await c.query<{ cb_commune: number; n: number }>('SELECT cb_commune, count(*)::int AS n FROM casebridge.person GROUP BY 1 ORDER BY 1');
      expect(rows.rows).toEqual([
        { cb_commune: 261, n: persons },
        { cb_commune: 351, n: persons },
      ]);
    } finally {
      await c.end();
    }
  });
});

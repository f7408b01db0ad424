/**
 * The engine's accounting suite (`engine-accounting-suite.ts`) on both canonical targets: embedded
 * PGlite, and a real PostgreSQL server (a fresh database per target, dropped afterwards).
 */
import pg from 'pg';
import { afterAll } from 'vitest';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { engineAccountingSuite, type HarnessTarget } from './engine-accounting-suite.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

engineAccountingSuite({
  kind: 'PGlite',
  async open(): Promise<HarnessTarget> {
    const target = createPgliteTarget({});
    await target.open();
    return {
      target,
      query: async <R>(sql: string, params?: readonly unknown[]) => (await target.pglite.query<R>(sql, params === undefined ? undefined : [...params])).rows,
      close: () => target.close().catch(() => undefined),
    };
  },
});

await describeWithService('postgres', 'engine accounting on a real PostgreSQL target', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });
  engineAccountingSuite({
    kind: 'PostgreSQL',
    async open(): Promise<HarnessTarget> {
      const db = await createPostgresDatabase('cbengine');
      dbs.push(db);
      const target = createPostgresTarget({ connectionString: db.url });
      await target.open();
      const pool = new pg.Pool({ connectionString: db.url, max: 2 });
      return {
        target,
        query: async <R>(sql: string, params?: readonly unknown[]) => (await pool.query(sql, params === undefined ? undefined : [...params])).rows as R[],
        async close() {
          await target.close().catch(() => undefined);
          await pool.end();
        },
      };
    },
  });
});

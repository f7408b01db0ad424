/**
 * Store suites that run against embedded PGlite and a real PostgreSQL server: each named store is a
 * fresh target (a new PGlite, or a new database), and the suite can query the database behind it.
 */
import { afterAll, describe } from 'vitest';
import type { SqlCanonicalTarget } from '../../src/targets/shared/sql-canonical-target.js';
import { createPgliteTarget, type PgliteTarget } from '../../src/targets/pglite/index.js';
import { createPostgresTarget } from '../../src/targets/postgres/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './databases.js';

/** A store under test: a fresh target each call, and a way to query the database behind it. */
export interface NamedStores {
  /** A target on a fresh, empty store (`name` tells stores apart); runs keep it open, the backend closes it. */
  target(name: string): Promise<SqlCanonicalTarget>;
  /** Runs SQL against the store of `name`. */
  query(name: string, sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/** Defines `suite` twice: on PGlite stores and (when the server is up) on PostgreSQL databases named `<prefix>_<name>`. */
export async function describeOnNamedStores(title: string, prefix: string, suite: (stores: NamedStores) => void): Promise<void> {
  describe(`${title} → PGlite`, () => {
    const stores = new Map<string, PgliteTarget>();
    afterAll(async () => {
      for (const store of stores.values()) await store.close();
    });
    suite({
      target: async (name) => {
        const target = createPgliteTarget({});
        stores.set(name, target);
        return target;
      },
      query: async (name, sql, params) => (await stores.get(name)!.pglite.query<Record<string, unknown>>(sql, params)).rows,
    });
  });

  await describeWithService('postgres', `${title} → PostgreSQL`, () => {
    const dbs = new Map<string, TestDatabase>();
    const targets: SqlCanonicalTarget[] = [];
    afterAll(async () => {
      for (const target of targets) await target.close();
      for (const db of dbs.values()) await db.drop();
    });
    suite({
      target: async (name) => {
        const db = await createPostgresDatabase(`${prefix}_${name}`);
        dbs.set(name, db);
        const target = createPostgresTarget({ connectionString: db.url });
        targets.push(target);
        return target;
      },
      query: async (name, sql, params) => {
        const { default: pg } = await import('pg');
        const client = new pg.Client({ connectionString: dbs.get(name)!.url });
        await client.connect();
        try {
          return (await client.query<Record<string, unknown>>(sql, params)).rows;
        } finally {
          await client.end();
        }
      },
    });
  });
}

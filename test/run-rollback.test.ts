/**
 * `rollbackRun` against embedded PGlite and PostgreSQL: see run-rollback-suite.ts.
 */
import { afterAll, describe } from 'vitest';
import type { SqlCanonicalTarget } from '../src/targets/shared/sql-canonical-target.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { rollbackTests } from './run-rollback-suite.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

describe('run rollback → PGlite', () => {
  const stores = new Map<string, PgliteTarget>();
  afterAll(async () => {
    for (const store of stores.values()) await store.close();
  });
  rollbackTests({
    target: async (name) => {
      const target = createPgliteTarget({});
      stores.set(name, target);
      return target;
    },
    query: async (name, sql, params) => (await stores.get(name)!.pglite.query<Record<string, unknown>>(sql, params)).rows,
  });
});

await describeWithService('postgres', 'run rollback → PostgreSQL', () => {
  const dbs = new Map<string, TestDatabase>();
  const targets: SqlCanonicalTarget[] = [];
  afterAll(async () => {
    for (const target of targets) await target.close();
    for (const db of dbs.values()) await db.drop();
  });
  rollbackTests({
    target: async (name) => {
      const db = await createPostgresDatabase(`cbrollback_${name}`);
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

/**
 * Repeated deliveries (tombstones, cascades, the mass-deletion guard, delivery accounting) against
 * embedded PGlite and PostgreSQL: see deliveries-suite.ts.
 */
import { afterAll, describe } from 'vitest';
import type { SqlCanonicalTarget } from '../src/targets/shared/sql-canonical-target.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { deliveryTests } from './deliveries-suite.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

describe('repeated deliveries → PGlite', () => {
  const stores = new Map<string, PgliteTarget>();
  afterAll(async () => {
    for (const store of stores.values()) await store.close();
  });
  deliveryTests({
    target: async (name) => {
      const target = createPgliteTarget({});
      stores.set(name, target);
      return target;
    },
    query: async (name, sql, params) => (await stores.get(name)!.pglite.query<Record<string, unknown>>(sql, params)).rows,
  });
});

await describeWithService('postgres', 'repeated deliveries → PostgreSQL', () => {
  const dbs = new Map<string, TestDatabase>();
  const targets: SqlCanonicalTarget[] = [];
  afterAll(async () => {
    for (const target of targets) await target.close();
    for (const db of dbs.values()) await db.drop();
  });
  deliveryTests({
    target: async (name) => {
      const db = await createPostgresDatabase(`cbdeliv_${name}`);
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

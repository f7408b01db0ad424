/**
 * Delta extraction (modification stamp with overlap, growing key, high-water marks) into embedded
 * PGlite and PostgreSQL, from a PostgreSQL source, a MariaDB source and a file source: see
 * delta-reads-suite.ts.
 */
import { afterAll, describe } from 'vitest';
import type { Connector } from '../src/core/connector/connector.js';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import { createPostgresConnector } from '../src/connectors/postgres/postgres-connector.js';
import type { SqlCanonicalTarget } from '../src/targets/shared/sql-canonical-target.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { deltaReadTests, type DeltaSource } from './delta-reads-suite.js';
import { createMariaDatabase, createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

const dropLater: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dropLater) await db.drop();
});

async function postgresSource(): Promise<DeltaSource> {
  const db = await createPostgresDatabase('cbdeltasrc');
  dropLater.push(db);
  const { default: pg } = await import('pg');
  return {
    dialect: 'postgres',
    connector: (name): Connector => createPostgresConnector({ name, connectionString: db.url }),
    exec: async (sql) => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
  };
}

async function mariaSource(): Promise<DeltaSource> {
  const db = await createMariaDatabase('cbdeltasrc');
  dropLater.push(db);
  const mysql = await import('mysql2/promise');
  return {
    dialect: 'mysql',
    connector: (name): Connector => createMysqlConnector({ name, connectionString: db.url }),
    exec: async (sql) => {
      const connection = await mysql.createConnection(db.url);
      try {
        await connection.query(sql);
      } finally {
        await connection.end();
      }
    },
  };
}

function pgliteBackend(source: (() => Promise<DeltaSource>) | undefined): Parameters<typeof deltaReadTests>[0] {
  const stores = new Map<string, PgliteTarget>();
  afterAll(async () => {
    for (const store of stores.values()) await store.close();
  });
  return {
    target: async (name) => {
      const target = createPgliteTarget({});
      stores.set(name, target);
      return target;
    },
    query: async (name, sql, params) => (await stores.get(name)!.pglite.query<Record<string, unknown>>(sql, params)).rows,
    ...(source === undefined ? {} : { source }),
  };
}

function postgresBackend(source: () => Promise<DeltaSource>): Parameters<typeof deltaReadTests>[0] {
  const dbs = new Map<string, TestDatabase>();
  const targets: SqlCanonicalTarget[] = [];
  afterAll(async () => {
    for (const target of targets) await target.close();
    for (const db of dbs.values()) await db.drop();
  });
  return {
    target: async (name) => {
      const db = await createPostgresDatabase(`cbdelta_${name.replace(/-/g, '_')}`);
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
    source,
  };
}

describe('delta reads → PGlite, file source', () => {
  deltaReadTests(pgliteBackend(undefined), true);
});

await describeWithService('postgres', 'delta reads → PGlite, PostgreSQL source', () => {
  deltaReadTests(pgliteBackend(postgresSource), false);
});

await describeWithService('postgres', 'delta reads → PostgreSQL, PostgreSQL source and file source', () => {
  deltaReadTests(postgresBackend(postgresSource), true);
});

await describeWithService('mariadb', 'delta reads → PostgreSQL, MariaDB source', () => {
  deltaReadTests(postgresBackend(mariaSource), false);
});

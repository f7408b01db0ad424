/** Runs the connector conformance kit against the real local PostgreSQL. */
import pg from 'pg';
import { createPostgresConnector } from '../src/connectors/postgres/index.js';
import { describeConnectorConformance } from '../src/testing/index.js';
import { postgresFixtureStatements } from '../src/testing/loaders/postgres-fixture-loader.js';
import { createPostgresDatabase, describeWithService } from './helpers/databases.js';

await describeWithService('postgres', 'postgres connector conformance', () => {
  describeConnectorConformance({
    name: 'postgres',
    expectations: { cases: ['uuid', 'binary', 'json', 'time', 'timestamptz'] },
    setup: async (fixture) => {
      const db = await createPostgresDatabase('cbconf');
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        for (const table of Object.values(fixture.tables)) {
          for (const stmt of postgresFixtureStatements(table)) await client.query(stmt.sql, [...stmt.params]);
        }
      } finally {
        await client.end();
      }
      return { connector: createPostgresConnector({ name: 'pg-conformance', connectionString: db.url }), cleanup: () => db.drop() };
    },
    badCredentials: () => {
      const url = new URL(process.env.CASEBRIDGE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
      url.username = 'cb_no_such_user';
      url.password = 'S3cret-Wrong-Pw';
      return { connector: createPostgresConnector({ name: 'pg-bad', connectionString: url.toString() }), secret: 'S3cret-Wrong-Pw' };
    },
  });
});

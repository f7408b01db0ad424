/** Runs the connector conformance kit against the real local MariaDB. */
import mysql from 'mysql2/promise';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import { describeConnectorConformance } from '../src/testing/index.js';
import { mysqlFixtureStatements } from '../src/testing/loaders/mysql-fixture-loader.js';
import { createMariaDatabase, describeWithService, MARIADB_ADMIN_URL } from './helpers/databases.js';

await describeWithService('mariadb', 'mysql connector conformance', () => {
  describeConnectorConformance({
    name: 'mysql (MariaDB)',
    expectations: { cases: ['uuid', 'binary', 'time', 'timestamptz', 'zero-date', 'unsigned-bigint', 'tinyint-boolean', 'latin1', 'bit'] },
    setup: async (fixture) => {
      const db = await createMariaDatabase('cbconf');
      const connection = await mysql.createConnection(db.url);
      try {
        for (const table of Object.values(fixture.tables)) {
          for (const stmt of mysqlFixtureStatements(table)) await connection.query(stmt.sql, [...stmt.params]);
        }
      } finally {
        await connection.end();
      }
      return { connector: createMysqlConnector({ name: 'mysql-conformance', connectionString: db.url }), cleanup: () => db.drop() };
    },
    badCredentials: () => {
      const url = new URL(MARIADB_ADMIN_URL);
      url.username = 'root';
      url.password = 'S3cret-Wrong-Pw';
      url.pathname = '/mysql';
      return { connector: createMysqlConnector({ name: 'mysql-bad', connectionString: url.toString() }), secret: 'S3cret-Wrong-Pw' };
    },
  });
});

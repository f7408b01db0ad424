/**
 * The conformance kit against SQL Server. Runs only when CASEBRIDGE_MSSQL_URL points at a server
 * (`mssql://sa:…@127.0.0.1:1433/master?encrypt=false&trustServerCertificate=true` or an ADO.NET
 * connection string); otherwise it is skipped with a loud warning, never failed: no SQL Server runs on
 * our machines or in CI. The test creates a uniquely named database, loads the golden fixture as T-SQL
 * DDL and literal inserts, runs the kit and drops the database.
 */
import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { createMssqlConnector, type MssqlConnectorConfig } from '../src/connectors/mssql/index.js';
import { MssqlDriver } from '../src/connectors/mssql/mssql-driver.js';
import { quoteIdentifier } from '../src/connectors/mssql/mssql-sql.js';
import { resolveMssqlConfig } from '../src/connectors/mssql/mssql-config.js';
import { isInvalidSourceValue, type SourceValue } from '../src/core/connector/source-value.js';
import { describeConnectorConformance, type FixtureCaseId, type FixtureColumn, type FixtureTable } from '../src/testing/index.js';

const URL_ENV = process.env.CASEBRIDGE_MSSQL_URL;

/** The fixture cases SQL Server can store faithfully (no json type before 2025, no unsigned bigint). */
const MSSQL_CASES: readonly FixtureCaseId[] = ['uuid', 'binary', 'time', 'timestamptz', 'money', 'bit', 'datetime2', 'smalldatetime'];

/** The T-SQL type a fixture column is stored as. */
function tsqlType(c: FixtureColumn): string {
  switch (c.type) {
    case 'integer':
      return 'int';
    case 'bigint':
      return 'bigint';
    case 'decimal':
      return c.variant === 'money' ? 'money' : `decimal(${c.precision ?? 38},${c.scale ?? 10})`;
    case 'float':
      return 'float';
    case 'boolean':
      return 'bit';
    case 'string':
      return c.maxLength === undefined ? 'nvarchar(max)' : `nvarchar(${c.maxLength})`;
    case 'date':
      return 'date';
    case 'timestamp':
      return c.variant === 'smalldatetime' ? 'smalldatetime' : c.variant === 'datetime2' ? 'datetime2(7)' : 'datetime2(6)';
    case 'timestamptz':
      return 'datetimeoffset(7)';
    case 'time':
      return 'time(7)';
    case 'uuid':
      return 'uniqueidentifier';
    case 'binary':
      return 'varbinary(max)';
    case 'json':
    case 'unknown':
      return 'nvarchar(max)';
  }
}

/** A T-SQL literal of a fixture value in the column's type. */
function tsqlLiteral(c: FixtureColumn, value: SourceValue | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (isInvalidSourceValue(value)) throw new Error('SQL Server cannot store invalid values');
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' && c.type === 'integer') return String(value);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const literal = `N'${text.replaceAll("'", "''")}'`;
  return c.type === 'string' ? literal : `CAST(${literal} AS ${tsqlType(c)})`;
}

/** DDL and inserts for one fixture table. String key columns use a binary collation (case-sensitive). */
function tsqlStatements(table: FixtureTable): string[] {
  const cols = table.columns.map((c) => {
    const collate = c.type === 'string' && table.primaryKey.includes(c.name) ? ' COLLATE Latin1_General_100_BIN2' : '';
    return `${quoteIdentifier(c.name)} ${tsqlType(c)}${collate}${c.nullable ? ' NULL' : ' NOT NULL'}`;
  });
  const statements = [
    `CREATE TABLE [dbo].${quoteIdentifier(table.name)} (${cols.join(', ')}, PRIMARY KEY (${table.primaryKey.map(quoteIdentifier).join(', ')}))`,
  ];
  for (let i = 0; i < table.rows.length; i += 500) {
    const tuples = table.rows.slice(i, i + 500).map((row) => `(${table.columns.map((c) => tsqlLiteral(c, row[c.name])).join(', ')})`);
    statements.push(
      `INSERT INTO [dbo].${quoteIdentifier(table.name)} (${table.columns.map((c) => quoteIdentifier(c.name)).join(', ')}) VALUES ${tuples.join(', ')}`,
    );
  }
  return statements;
}

async function withAdmin<T>(fn: (admin: MssqlDriver) => Promise<T>): Promise<T> {
  const admin = new MssqlDriver(resolveMssqlConfig({ name: 'admin', connectionString: URL_ENV ?? '', database: 'master' }));
  await admin.init();
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}

if (!URL_ENV) {
  console.warn('\n!!! SKIPPED "connector conformance: mssql": CASEBRIDGE_MSSQL_URL is not set (no SQL Server here). !!!\n');
  describe.skip('connector conformance: mssql [SKIPPED: CASEBRIDGE_MSSQL_URL not set]', () => {
    it('needs a SQL Server', () => undefined);
  });
} else {
  const database = `cbtest_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const config = (overrides: Partial<MssqlConnectorConfig> = {}): MssqlConnectorConfig => ({
    name: 'mssql-conformance',
    connectionString: URL_ENV,
    database,
    ...overrides,
  });
  describeConnectorConformance({
    name: 'mssql',
    expectations: { cases: MSSQL_CASES },
    timeoutMs: 120_000,
    setup: async (fixture) => {
      await withAdmin((admin) => admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`));
      const connector = createMssqlConnector(config());
      const loader = connector.createDriver() as MssqlDriver;
      await loader.init();
      try {
        for (const table of Object.values(fixture.tables)) {
          for (const sql of tsqlStatements(table)) await loader.query(sql);
        }
      } finally {
        await loader.destroy();
      }
      return {
        connector,
        cleanup: () =>
          withAdmin(async (admin) => {
            await admin.query(`ALTER DATABASE ${quoteIdentifier(database)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE`);
            await admin.query(`DROP DATABASE ${quoteIdentifier(database)}`);
          }),
      };
    },
    badCredentials: () => ({ connector: createMssqlConnector(config({ password: 'wrong-password-4711' })), secret: 'wrong-password-4711' }),
  });
}

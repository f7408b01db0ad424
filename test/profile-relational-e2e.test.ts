/**
 * The relational reference profile end to end on real servers: generated MariaDB and PostgreSQL sources
 * migrated into PostgreSQL (and a PostgreSQL source into PGlite), with every planted defect found where
 * the profile says, balanced accounting, agreeing reconciliation and the right code-list coverage.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import { createPostgresConnector } from '../src/connectors/postgres/index.js';
import type { Connector } from '../src/core/connector/connector.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { CanonicalTarget } from '../src/core/pipeline/canonical-target.js';
import {
  generateRelationalSource,
  RELATIONAL_SOURCE_SYSTEM,
  relationalProfile,
  type RelationalDialect,
  type RelationalSourceManifest,
} from '../src/profiles/relational/index.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { createMariaDatabase, createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { checkRelationalRun, type TargetQuery } from './fixtures/relational/relational-run-checks.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const PERSONS = 120;

function migration(source: Connector, target: CanonicalTarget) {
  return defineMigration({
    name: 'relational-profile',
    source,
    commune: TEST_COMMUNE,
    sourceSystem: RELATIONAL_SOURCE_SYSTEM,
    mappings: relationalProfile.mappings(),
    target,
    options: { batchSize: 250, thresholds: [...(relationalProfile.thresholds ?? [])] },
  });
}

async function runIntoPostgres(dialect: RelationalDialect, source: TestDatabase): Promise<void> {
  const targetDb = await createPostgresDatabase('cbrelt');
  const client = new pg.Client({ connectionString: targetDb.url });
  try {
    const connector =
      dialect === 'mariadb'
        ? createMysqlConnector({ name: 'relational', connectionString: source.url })
        : createPostgresConnector({ name: 'relational', connectionString: source.url });
    const report = await runMigration(migration(connector, createPostgresTarget({ connectionString: targetDb.url })));
    await client.connect();
    const query: TargetQuery = async (sql, params = []) => (await client.query(sql, [...params])).rows as Record<string, unknown>[];
    await checkRelationalRun(report, query, { dialect, persons: PERSONS });
  } finally {
    await client.end().catch(() => undefined);
    await targetDb.drop();
  }
}

function checkManifest(manifest: RelationalSourceManifest, dialect: RelationalDialect): void {
  const expected = relationalProfile.expected({ dialect, persons: PERSONS });
  expect(manifest.counts.KbBuchung).toBe(expected.mappings['booking']!.extracted);
  expect(manifest.plantedDefects).toEqual(relationalProfile.plantedDefects({ dialect, persons: PERSONS }));
  expect(manifest.documents.length).toBe(manifest.counts.FaDokument);
}

await describeWithService('mariadb', 'relational profile: MariaDB source → PostgreSQL target', () => {
  let source: TestDatabase;
  let manifest: RelationalSourceManifest;
  beforeAll(async () => {
    source = await createMariaDatabase('cbrel');
    manifest = await generateRelationalSource({ dialect: 'mariadb', connection: source.url, persons: PERSONS });
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
  });
  it('migrates with every planted defect (incl. the zero date) in its bucket and a balanced report', async () => {
    checkManifest(manifest, 'mariadb');
    await runIntoPostgres('mariadb', source);
  }, 180_000);
});

await describeWithService('postgres', 'relational profile: PostgreSQL source → PostgreSQL and PGlite targets', () => {
  let source: TestDatabase;
  let manifest: RelationalSourceManifest;
  beforeAll(async () => {
    source = await createPostgresDatabase('cbrel');
    manifest = await generateRelationalSource({ dialect: 'postgres', connection: source.url, persons: PERSONS });
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
  });
  it('migrates into PostgreSQL with every planted defect in its bucket and a balanced report', async () => {
    checkManifest(manifest, 'postgres');
    await runIntoPostgres('postgres', source);
  }, 180_000);
  it('migrates into PGlite the same way', async () => {
    const target = createPgliteTarget({});
    const report = await runMigration(migration(createPostgresConnector({ name: 'relational', connectionString: source.url }), target), {
      keepTargetOpen: true,
    });
    try {
      const query: TargetQuery = async (sql, params = []) => (await target.pglite.query<Record<string, unknown>>(sql, [...params])).rows;
      await checkRelationalRun(report, query, { dialect: 'postgres', persons: PERSONS });
    } finally {
      await target.close();
    }
  }, 180_000);
});

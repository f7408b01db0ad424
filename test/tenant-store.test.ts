/**
 * The canton store: two communes whose exports number their records alike, loaded into one PostgreSQL
 * store, stay apart (ids, rows, duplicate groups, counts); a run names its tenant or does not start;
 * a store created before the tenant key gets it by migration without losing a row.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, isCasebridgeError } from '../src/core/errors.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { checkTenant, tenantCanonicalId } from '../src/core/pipeline/tenant.js';
import { canonicalId } from '../src/core/pipeline/identity.js';
import { isKnownMunicipality } from '../src/validators/municipality.js';
import { buildMigration } from '../src/cli/config/build-migration.js';
import { checkConfig } from '../src/cli/config/load-config.js';
import {
  FLAT_FILE_SOURCE_SYSTEM,
  flatFileConnector,
  flatFileConnectorConfig,
  flatFileMappings,
  flatFileMigration,
  generateFlatFileExport,
  loadFlatFileCodeLists,
} from '../src/profiles/flat-file/index.js';
import { cantonPersonIndex, createPostgresTarget } from '../src/targets/postgres/index.js';
import { CANONICAL_STORE_DDL } from '../src/targets/typeorm/migrations/index.js';
import { applyPendingMigrations } from '../src/targets/store/apply-pending-migrations.js';
import { migrationsTableDdl } from '../src/targets/store/migrations-table-ddl.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

const SCALE = { persons: 40, seed: 11 };

describe('the tenant of a run', () => {
  it('is required: no commune or no source system is CB_TENANT_MISSING, an unknown or expired BFS number CB_TENANT_INVALID', () => {
    const code = (fn: () => unknown): unknown => {
      try {
        fn();
        return null;
      } catch (error) {
        return isCasebridgeError(error) ? error.code : error;
      }
    };
    expect(code(() => checkTenant({ sourceSystem: 'kiss' }))).toBe(ERROR_CODES.TENANT_MISSING);
    expect(code(() => checkTenant({ commune: 351 }))).toBe(ERROR_CODES.TENANT_MISSING);
    expect(code(() => checkTenant({ commune: 9998, sourceSystem: 'kiss' }, undefined, isKnownMunicipality))).toBe(ERROR_CODES.TENANT_INVALID);
    expect(code(() => checkTenant({ commune: 351, sourceSystem: 'two words' }))).toBe(ERROR_CODES.TENANT_INVALID);
    expect(checkTenant({ commune: 351, sourceSystem: 'kiss' }, 2024, isKnownMunicipality)).toEqual({ commune: 351, sourceSystem: 'kiss' });
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-tenant-'));
    const input = {
      name: 'x',
      source: flatFileConnector(dir),
      mappings: [],
      target: createPostgresTarget({ connectionString: 'postgres://127.0.0.1:1/none' }),
    };
    expect(code(() => defineMigration({ ...input, sourceSystem: 'kiss' } as unknown as Parameters<typeof defineMigration>[0]))).toBe(
      ERROR_CODES.TENANT_MISSING,
    );
  });

  it('validates the commune by year: a number merged away is refused for a year after its merger', () => {
    // BFS 21 existed until 2022 (then merged).
    expect(checkTenant({ commune: 21, sourceSystem: 'kiss' }, 2020, isKnownMunicipality).commune).toBe(21);
    expect(() => checkTenant({ commune: 21, sourceSystem: 'kiss' }, 2024, isKnownMunicipality)).toThrow(
      expect.objectContaining({ code: ERROR_CODES.TENANT_INVALID }),
    );
  });

  it('the CLI config has no default tenant: a config without one fails with CB_TENANT_MISSING before anything connects', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-tenant-cli-'));
    const config = checkConfig(
      {
        source: { connector: 'files', baseDir: '.', tables: flatFileConnectorConfig('.').tables },
        mappings: 'flat-file',
        target: { kind: 'jsonl', dir: 'out' },
      },
      path.join(dir, 'casebridge.config.json'),
    );
    const error = await buildMigration({ config, file: path.join(dir, 'casebridge.config.json'), baseDir: dir }, {}).catch((e: unknown) => e);
    expect(isCasebridgeError(error, ERROR_CODES.TENANT_MISSING)).toBe(true);
    const prepared = await buildMigration(
      { config: { ...config, tenant: { commune: 261, sourceSystem: 'export-zh' } }, file: path.join(dir, 'c.json'), baseDir: dir },
      {},
    );
    expect(prepared.definition.tenant).toEqual({ commune: 261, sourceSystem: 'export-zh' });
  });

  it('ids lead with the tenant: equal legacy keys of two communes or two source systems never share an id', () => {
    const a = tenantCanonicalId({ commune: 351, sourceSystem: 'kiss' }, 'person', 1);
    expect(tenantCanonicalId({ commune: 351, sourceSystem: 'kiss' }, 'person', 1)).toBe(a);
    expect(tenantCanonicalId({ commune: 261, sourceSystem: 'kiss' }, 'person', 1)).not.toBe(a);
    expect(tenantCanonicalId({ commune: 351, sourceSystem: 'tutoris' }, 'person', 1)).not.toBe(a);
    expect(canonicalId('kiss', 'person', 1)).not.toBe(a);
  });
});

await describeWithService('postgres', 'two communes in one PostgreSQL store', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createPostgresDatabase('cbtenant');
    dir = mkdtempSync(path.join(tmpdir(), 'cb-tenant-src-'));
    await generateFlatFileExport({ dir, ...SCALE });
  });
  afterAll(async () => db?.drop());

  it('the same export as two communes: the second inserts everything, updates nothing and sees no duplicate of the first', async () => {
    const run = (commune: number) =>
      runMigration(
        flatFileMigration({
          commune,
          sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
          dir,
          target: createPostgresTarget({ connectionString: db.url }),
          options: { batchSize: 32 },
        }),
      );
    const bern = await run(351);
    const zurich = await run(261);
    for (const report of [bern, zurich]) expect(report.entities.every((e) => e.balanced)).toBe(true);
    // Before the tenant key the second commune reported "updated" for every person and found the
    // first commune's persons as duplicates of its own.
    for (const e of zurich.entities)
      expect({ mapping: e.mapping, updated: e.updated, unchanged: e.unchanged }).toEqual({ mapping: e.mapping, updated: 0, unchanged: 0 });
    expect(zurich.entities.map((e) => e.inserted)).toEqual(bern.entities.map((e) => e.inserted));
    expect(zurich.duplicates.groups.length).toBe(bern.duplicates.groups.length);
    const bernIds = new Set(bern.duplicates.groups.flatMap((g) => g.members.map((m) => m.id)));
    expect(zurich.duplicates.groups.flatMap((g) => g.members.map((m) => m.id)).some((id) => bernIds.has(id))).toBe(false);
    // Counts and reconciliation are per commune: each run's read-back checked exactly its own rows.
    expect(zurich.reconciliation.hashes?.checked).toBe(bern.reconciliation.hashes?.checked);
    expect(zurich.reconciliation.status).toBe('passed');
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = await client.query<{ cb_commune: number; n: string }>('SELECT cb_commune, count(*)::text AS n FROM casebridge.person GROUP BY 1 ORDER BY 1');
      const persons = bern.entities.filter((e) => e.name === 'person').reduce((a, e) => a + e.loaded, 0);
      expect(rows.rows).toEqual([
        { cb_commune: 261, n: String(persons) },
        { cb_commune: 351, n: String(persons) },
      ]);
      // The same people in both communes: linked through the canton person index, counted, never merged.
      const index = await cantonPersonIndex((sql, params) => client.query(sql, params));
      expect(index.linkedVn).toBe(index.distinctVn);
      expect(index.byCommuneCount).toEqual({ '2': index.distinctVn });
      expect(index.communes.map((c) => [c.commune, c.persons, c.linked])).toEqual([
        [261, persons, index.communes[0]!.withVn],
        [351, persons, index.communes[1]!.withVn],
      ]);
      expect(JSON.stringify(index)).not.toMatch(/756\d{10}/);
      // A re-run of one commune touches only its own rows.
      const again = await run(351);
      for (const e of again.entities)
        expect({ mapping: e.mapping, inserted: e.inserted, updated: e.updated }).toEqual({ mapping: e.mapping, inserted: 0, updated: 0 });
    } finally {
      await client.end();
    }
  });

  it("a mapping that bypasses ctx.id and writes another commune's id fails with CB_TENANT_MISMATCH and writes nothing", async () => {
    const target = createPostgresTarget({ connectionString: db.url });
    // The mappings compute ids as if they were Bern's (351) while the run is Zürich's (261).
    const bernIds = (entity: string, ...key: readonly (string | number | bigint)[]): string =>
      tenantCanonicalId({ commune: 351, sourceSystem: FLAT_FILE_SOURCE_SYSTEM }, entity, ...key);
    const hijack = flatFileMappings(loadFlatFileCodeLists()).map((m) => ({
      ...m,
      map: (row: Parameters<typeof m.map>[0], ctx: Parameters<typeof m.map>[1]) => m.map(row, { ...ctx, id: bernIds }),
    }));
    await runMigration(
      flatFileMigration({
        commune: 351,
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        dir,
        target: createPostgresTarget({ connectionString: db.url }),
        options: { batchSize: 32 },
      }),
    );
    const report = await runMigration(
      defineMigration({
        name: 'hijack',
        source: flatFileConnector(dir),
        commune: 261,
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        mappings: hijack,
        target,
        options: { batchSize: 32 },
      }),
    );
    expect(report.status).toBe('failed');
    expect(JSON.stringify(report.errors)).toContain(ERROR_CODES.TENANT_MISMATCH);
    expect(report.entities.reduce((a, e) => a + e.inserted + e.updated, 0)).toBe(0);
  });
});

await describeWithService('postgres', 'a store created before the tenant key', () => {
  let db: TestDatabase;
  afterAll(async () => db?.drop());

  it('gets the tenant columns by migration, keeps every row and fills the source system from the lineage', async () => {
    db = await createPostgresDatabase('cbtenantmig');
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // The store as the first release left it: migration 1 only, recorded like TypeORM records it, with data.
      await client.query('CREATE SCHEMA IF NOT EXISTS casebridge');
      await client.query(migrationsTableDdl());
      for (const statement of CANONICAL_STORE_DDL) await client.query(statement);
      await client.query(`INSERT INTO casebridge.typeorm_migrations ("timestamp", "name") VALUES (1795305600000, 'CreateCanonicalStore1795305600000')`);
      const personId = canonicalId('legacy', 'person', 1);
      await client.query(
        `INSERT INTO casebridge.person (id, official_name, first_name, lineage, content_hash, run_id) VALUES ($1, 'X', 'Y', $2::jsonb, 'h', gen_random_uuid())`,
        [personId, JSON.stringify({ sourceSystem: 'legacy', sourceTable: 'persons', sourceKey: '1', mappingVersion: '1' })],
      );
      const before = await client.query('SELECT id, official_name, first_name, lineage, content_hash, run_id, loaded_at FROM casebridge.person');
      const ran = await applyPendingMigrations(async (sql, params) => client.query(sql, params === undefined ? undefined : [...params]));
      expect(ran).toContain('AddTenantKey1795310000000');
      const after = await client.query('SELECT id, official_name, first_name, lineage, content_hash, run_id, loaded_at FROM casebridge.person');
      expect(after.rows).toEqual(before.rows);
      const tenant = await client.query('SELECT cb_commune, cb_source_system FROM casebridge.person');
      expect(tenant.rows).toEqual([{ cb_commune: null, cb_source_system: 'legacy' }]);
    } finally {
      await client.end();
    }
    // The migrated store takes a tenant run at once.
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-tenant-mig-'));
    await generateFlatFileExport({ dir, persons: 12, seed: 3 });
    const report = await runMigration(
      flatFileMigration({ commune: 351, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target: createPostgresTarget({ connectionString: db.url }) }),
    );
    expect(report.entities.every((e) => e.balanced)).toBe(true);
  });
});

/**
 * Ordered canonical ids (`options.idScheme: 'ordered'`): deterministic UUIDv8 that follow the leading
 * integer legacy key within a tenant and entity and never collide; references made with `ctx.id` agree
 * with the referenced records (references resolve, reconciliation passes) on PostgreSQL and PGlite; the
 * scheme is the tenant's in a store, recorded with its runs, and a run under the other scheme fails
 * before writing with CB_ID_SCHEME_MISMATCH while another commune in the same store keeps UUIDv5.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, isCasebridgeError } from '../src/core/errors.js';
import type { CanonicalTarget } from '../src/core/pipeline/canonical-target.js';
import { idFunctionOf, type IdScheme } from '../src/core/pipeline/id-scheme.js';
import { orderedCanonicalId } from '../src/core/pipeline/ordered-id.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { tenantCanonicalId, tenantKey } from '../src/core/pipeline/tenant.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { FLAT_FILE_SOURCE_SYSTEM, flatFileMigration, generateFlatFileExport } from '../src/profiles/flat-file/index.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { buildMigration } from '../src/cli/config/build-migration.js';
import { checkConfig } from '../src/cli/config/load-config.js';
import { flatFileConnectorConfig } from '../src/profiles/flat-file/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

const TENANT = tenantKey({ commune: 351, sourceSystem: 'kiss' });
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ordered canonical ids', () => {
  it('are deterministic RFC 9562 UUIDv8 that sort like the leading integer key within a tenant and entity', () => {
    const keys = [0, 1, 2, 9, 10, 255, 256, 4095, 4096, 65_535, 65_536, 1_048_575, 1_048_576, 123_456_789, 2 ** 39 - 1];
    const ids = keys.map((k) => orderedCanonicalId(TENANT, 'booking', k));
    for (const id of ids) expect(id).toMatch(UUID_V8);
    expect([...ids].sort()).toEqual(ids);
    // A number and its decimal text are the same name (as under UUIDv5); other names differ.
    expect(orderedCanonicalId(TENANT, 'booking', '42')).toBe(orderedCanonicalId(TENANT, 'booking', 42));
    expect(orderedCanonicalId(TENANT, 'booking', 42n)).toBe(orderedCanonicalId(TENANT, 'booking', 42));
    expect(orderedCanonicalId(TENANT, 'booking', '042')).not.toBe(orderedCanonicalId(TENANT, 'booking', 42));
    // One tenant's records of one entity share a prefix; another entity or commune has another.
    const prefix = (id: string): string => id.slice(0, 8);
    expect(new Set(ids.map(prefix)).size).toBe(1);
    expect(prefix(orderedCanonicalId(TENANT, 'case', 1))).not.toBe(prefix(ids[0]!));
    expect(prefix(orderedCanonicalId(tenantKey({ commune: 261, sourceSystem: 'kiss' }), 'booking', 1))).not.toBe(prefix(ids[0]!));
    // The key itself is the order part: 123456789 = 0x00075bcd15 in 40 bits, the version nibble 8 after
    // its first 16 bits and the variant bits after its next 12: 0007-85bc-b4…
    expect(orderedCanonicalId(TENANT, 'booking', 123_456_789).slice(9, 21)).toBe('0007-85bc-b4');
    expect(() => orderedCanonicalId(TENANT, 'booking')).toThrow(expect.objectContaining({ code: ERROR_CODES.MAPPING_INVALID }));
  });

  it('keys without a small integer lead keep uniqueness from the hash, and sort after every integer-led id', () => {
    const text = ['abc', '007', '-3', '1.5', String(2 ** 39), 'P-0001'].map((k) => orderedCanonicalId(TENANT, 'person', k));
    for (const id of text) expect(id).toMatch(UUID_V8);
    expect(new Set(text).size).toBe(text.length);
    const largestInteger = orderedCanonicalId(TENANT, 'person', 2 ** 39 - 1);
    for (const id of text) expect(id > largestInteger).toBe(true);
  });

  it('never collide in a sample of 200,000 names: single and composite integer keys, text keys, two tenants, two entities', () => {
    const seen = new Set<string>();
    const other = tenantKey({ commune: 261, sourceSystem: 'kiss' });
    for (let i = 0; i < 20_000; i++) {
      seen.add(orderedCanonicalId(TENANT, 'booking', i));
      seen.add(orderedCanonicalId(other, 'booking', i));
      seen.add(orderedCanonicalId(TENANT, 'case', i));
      seen.add(orderedCanonicalId(TENANT, 'person', `P${i}`));
      // Composite keys that share their leading integer: only the hash bits tell them apart.
      for (let seq = 0; seq < 6; seq++) seen.add(orderedCanonicalId(TENANT, 'budget', Math.floor(i / 10), i % 10, seq));
    }
    expect(seen.size).toBe(200_000);
  });

  it('the uuidv5 scheme is exactly the UUIDv5 ids of before (tenantCanonicalId); the ordered one differs', () => {
    const tenant = { commune: 351, sourceSystem: 'kiss' };
    expect(idFunctionOf('uuidv5', tenantKey(tenant))('person', 17, 'x')).toBe(tenantCanonicalId(tenant, 'person', 17, 'x'));
    expect(idFunctionOf('ordered', tenantKey(tenant))('person', 17, 'x')).toBe(orderedCanonicalId(tenantKey(tenant), 'person', 17, 'x'));
    expect(idFunctionOf('ordered', tenantKey(tenant))('person', 17)).not.toBe(tenantCanonicalId(tenant, 'person', 17));
  });

  it('the CLI config offers options.idScheme and passes it to the migration; an unknown one is refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-ids-cli-'));
    const file = path.join(dir, 'casebridge.config.json');
    const config = (idScheme: string): Record<string, unknown> => ({
      tenant: { commune: 351, sourceSystem: FLAT_FILE_SOURCE_SYSTEM },
      source: { connector: 'files', baseDir: '.', tables: flatFileConnectorConfig('.').tables },
      mappings: 'flat-file',
      target: { kind: 'jsonl', dir: 'out' },
      options: { idScheme },
    });
    const prepared = await buildMigration({ config: checkConfig(config('ordered'), file), file, baseDir: dir }, {});
    expect(prepared.definition.options.idScheme).toBe('ordered');
    expect(() => checkConfig(config('v7'), file)).toThrow(expect.objectContaining({ code: ERROR_CODES.CONFIGURATION_INVALID }));
  });

  it('an unknown idScheme option is a configuration error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-ids-opt-'));
    expect(() => flatFileMigration({ commune: 351, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, options: { idScheme: 'v7' as unknown as IdScheme } })).toThrow(
      expect.objectContaining({ code: ERROR_CODES.CONFIGURATION_INVALID }),
    );
  });
});

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** The same scenario on both stores: `target()` opens a fresh target on the one store, `query` reads it. */
function idSchemeScenario(store: () => { target: () => CanonicalTarget; query: Query }): void {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cb-ids-src-'));
    await generateFlatFileExport({ dir, persons: 30, seed: 7 });
  });
  const run = (commune: number, idScheme?: IdScheme): Promise<RunReport> =>
    runMigration(
      flatFileMigration({
        commune,
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        dir,
        target: store().target(),
        options: { batchSize: 64, ...(idScheme === undefined ? {} : { idScheme }) },
      }),
    );
  const count = async (sql: string): Promise<number> => Number((await store().query(sql))[0]!['n']);
  const rowsOf = (commune: number): Promise<number> =>
    count(
      `SELECT (SELECT count(*) FROM casebridge.person WHERE cb_commune = ${commune}) + (SELECT count(*) FROM casebridge."case" WHERE cb_commune = ${commune})
        + (SELECT count(*) FROM casebridge.budget WHERE cb_commune = ${commune}) + (SELECT count(*) FROM casebridge.support_unit WHERE cb_commune = ${commune}) AS n`,
    );
  const refused = async (commune: number, idScheme: IdScheme): Promise<unknown> =>
    run(commune, idScheme).then(
      () => null,
      (error: unknown) => error,
    );
  let ordered: RunReport;

  it('an ordered run loads UUIDv8 ids whose references resolve, and reconciles', async () => {
    ordered = await run(351, 'ordered');
    expect(ordered.status).not.toBe('failed');
    expect(ordered.reconciliation.status).toBe('passed');
    const ids = await store().query(
      `SELECT id::text AS id FROM casebridge.person WHERE cb_commune = 351 UNION ALL SELECT id::text FROM casebridge."case" WHERE cb_commune = 351`,
    );
    expect(ids.length).toBeGreaterThan(30);
    for (const row of ids) expect(String(row['id'])).toMatch(UUID_V8);
    // References computed from the referenced record's legacy key agree with its id under the same scheme.
    const budgets = await count(`SELECT count(*) AS n FROM casebridge.budget WHERE cb_commune = 351`);
    expect(budgets).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM casebridge.budget b JOIN casebridge."case" c ON c.id = b.case_id WHERE b.cb_commune = 351`)).toBe(budgets);
    expect(await count(`SELECT count(*) AS n FROM casebridge.support_unit s LEFT JOIN casebridge."case" c ON c.id = s.case_id WHERE c.id IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM casebridge.cb_run WHERE commune = 351 AND id_scheme = 'ordered'`)).toBe(1);
  });

  it('a re-run without the option keeps the recorded ordered scheme: the same ids, nothing inserted', async () => {
    const before = await rowsOf(351);
    const again = await run(351);
    expect(again.reconciliation.status).toBe('passed');
    expect(Object.values(again.records).reduce((t, r) => t + r.inserted, 0)).toBe(0);
    expect(await rowsOf(351)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM casebridge.cb_run WHERE commune = 351 AND id_scheme = 'ordered'`)).toBe(2);
  });

  it('a run of the same commune that asks for UUIDv5 fails before writing with CB_ID_SCHEME_MISMATCH', async () => {
    const before = await rowsOf(351);
    const runs = await count(`SELECT count(*) AS n FROM casebridge.cb_run`);
    const error = await refused(351, 'uuidv5');
    expect(isCasebridgeError(error, ERROR_CODES.ID_SCHEME_MISMATCH)).toBe(true);
    const details = (error as { details: Record<string, unknown> }).details;
    expect(details).toMatchObject({ commune: 351, idScheme: 'uuidv5', storeIdScheme: 'ordered' });
    // Technical names and the BFS number only: no source key, no value of a row.
    expect(Object.keys(details).sort()).toEqual(['commune', 'idScheme', 'runId', 'sourceSystem', 'storeIdScheme']);
    expect(await rowsOf(351)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM casebridge.cb_run`)).toBe(runs);
  });

  it('another commune in the same store keeps UUIDv5 by default, with the same outcome per row, and cannot switch', async () => {
    const v5 = await run(261);
    expect(v5.reconciliation.status).toBe('passed');
    const ids = await store().query(`SELECT id::text AS id FROM casebridge.person WHERE cb_commune = 261`);
    expect(ids.length).toBeGreaterThan(0);
    for (const row of ids) expect(String(row['id'])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
    // The same export under either scheme: every row lands in the same bucket (references resolve alike).
    expect(v5.quarantine.byCode).toEqual(ordered.quarantine.byCode);
    expect(v5.entities.map((e) => [e.name, e.loaded, e.quarantined, e.filtered])).toEqual(
      ordered.entities.map((e) => [e.name, e.loaded, e.quarantined, e.filtered]),
    );
    expect(await rowsOf(261)).toBe(await rowsOf(351));
    expect(isCasebridgeError(await refused(261, 'ordered'), ERROR_CODES.ID_SCHEME_MISMATCH)).toBe(true);
  });
}

describe('id schemes in a PGlite store', () => {
  const pglite = new PGlite();
  afterAll(async () => pglite.close());
  idSchemeScenario(() => ({
    target: () => createPgliteTarget({ pglite }),
    query: async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows,
  }));

  it('a run resumed keeps the scheme it started with: asking for the other one is CB_ID_SCHEME_MISMATCH', async () => {
    const run = { runId: '6f1c2a54-0000-4000-8000-000000000001', migration: 'm', commune: 371, sourceSystem: 'kiss', dryRun: false };
    const begin = async (idScheme?: IdScheme): Promise<unknown> => {
      const target = createPgliteTarget({ pglite });
      await target.open();
      try {
        await target.ensureSchema();
        return await target.beginRun({ ...run, mappingVersions: {}, startedAt: new Date().toISOString(), ...(idScheme === undefined ? {} : { idScheme }) });
      } catch (error) {
        return error;
      } finally {
        await target.close();
      }
    };
    expect(await begin('ordered')).toMatchObject({ status: 'running', idScheme: 'ordered' });
    expect(isCasebridgeError(await begin('uuidv5'), ERROR_CODES.ID_SCHEME_MISMATCH)).toBe(true);
    expect(await begin()).toMatchObject({ status: 'running', idScheme: 'ordered' });
  });
});

await describeWithService('postgres', 'id schemes in a PostgreSQL store', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createPostgresDatabase('cbids');
    pool = new pg.Pool({ connectionString: db.url, max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });
  idSchemeScenario(() => ({
    target: () => createPostgresTarget({ connectionString: db.url }),
    query: async (sql) => (await pool.query<Record<string, unknown>>(sql)).rows,
  }));

  it('a store whose runs were recorded before the id scheme existed keeps UUIDv5 for its tenants', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-ids-old-'));
    await generateFlatFileExport({ dir, persons: 10, seed: 3 });
    const old = await createPostgresDatabase('cbidsold');
    try {
      const run = (idScheme?: IdScheme): Promise<RunReport> =>
        runMigration(
          flatFileMigration({
            commune: 1061,
            sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
            dir,
            target: createPostgresTarget({ connectionString: old.url }),
            options: idScheme === undefined ? {} : { idScheme },
          }),
        );
      await run();
      // The store as it was before the column: the next start adds it, and the old run gets `uuidv5`.
      const client = new pg.Client({ connectionString: old.url });
      await client.connect();
      try {
        await client.query('ALTER TABLE casebridge.cb_run DROP COLUMN id_scheme');
        const error = await run('ordered').then(
          () => null,
          (e: unknown) => e,
        );
        expect(isCasebridgeError(error, ERROR_CODES.ID_SCHEME_MISMATCH)).toBe(true);
        expect((await client.query(`SELECT DISTINCT id_scheme FROM casebridge.cb_run`)).rows).toEqual([{ id_scheme: 'uuidv5' }]);
        expect((await run()).reconciliation.status).toBe('passed');
      } finally {
        await client.end();
      }
    } finally {
      await old.drop();
    }
  });
});

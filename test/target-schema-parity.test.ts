/**
 * The canonical store's tables match the canonical model, on PGlite and on a real PostgreSQL: every
 * JSON Schema property has its column (compatible type and nullability), no column lacks a property
 * apart from the documented system columns, TypeORM's schema builder finds nothing to change after the
 * migration, both stores end up with the same catalog, and the checked-in migration DDL is fresh.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { storeDdlGenerator } from '../scripts/generators/store-ddl.js';
import { getModel } from '../src/core/model/model-registry.js';
import { buildCanonicalEntitySchemas, isIndexedReference } from '../src/targets/typeorm/canonical-entity-schemas.js';
import { canonicalStoreDdlModule, modelAtFirstMigration } from '../src/targets/typeorm/canonical-store-ddl-module.js';
import { createCanonicalDataSource, runCanonicalMigrations } from '../src/targets/typeorm/canonical-data-source.js';
import { CANONICAL_MIGRATIONS_TABLE, CANONICAL_STORE_DDL, canonicalStoreMigrations } from '../src/targets/typeorm/migrations/index.js';
import { generateCanonicalStoreDdl } from '../src/targets/typeorm/store-ddl.js';
import { LOOKUP_INDEXES } from '../src/targets/typeorm/lookup-indexes.js';
import { referenceIndexName } from '../src/targets/typeorm/store-identifiers.js';
import { SYSTEM_COLUMN_NAMES } from '../src/targets/typeorm/system-columns.js';
import { applyCanonicalSchema } from '../src/targets/store/apply-canonical-schema.js';
import { openPgliteStore } from '../src/targets/store/pglite-store.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { parityMismatches, readCatalog, type Catalog, type QueryRows } from './target-schema-catalog.js';

const model = getModel();
const extraTables = new Set([CANONICAL_MIGRATIONS_TABLE]);
/** Every canonical-store migration, oldest first: a fresh store applies them all. */
const ALL_MIGRATIONS = canonicalStoreMigrations();
const ALL_MIGRATION_NAMES = ALL_MIGRATIONS.map((m) => m.name);

function pgliteRows(db: PGlite): QueryRows {
  return async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows;
}

function expectedReferenceIndexes(): string[] {
  const lookups = LOOKUP_INDEXES.map((l) => {
    const entity = model.entity(l.entity);
    const column = entity.properties.find((p) => p.name === l.property)?.column ?? l.property;
    return `${entity.table}.${referenceIndexName(entity.table, column)}`;
  });
  return [
    ...model.entities.flatMap((e) => e.properties.filter(isIndexedReference).map((p) => `${e.table}.${referenceIndexName(e.table, p.column)}`)),
    ...lookups,
  ];
}

describe('canonical store DDL freshness', () => {
  it('the checked-in migration DDL equals the DDL regenerated from the current model', async () => {
    const [file] = await storeDdlGenerator.generate({ root: '', model, schemasDir: '' });
    if (file === undefined) throw new Error('the store-ddl generator produced no file');
    const checkedIn = readFileSync(new URL(`../${file.path}`, import.meta.url), 'utf8');
    // On failure: the model changed without a migration. Add one and list its additions in LATER_MODEL_ADDITIONS.
    expect(checkedIn).toBe(file.content);
    expect(CANONICAL_STORE_DDL).toEqual(generateCanonicalStoreDdl(buildCanonicalEntitySchemas(modelAtFirstMigration(model), { tenantColumns: false })).up);
    // Migration 1 knows nothing of what later migrations added.
    expect(CANONICAL_STORE_DDL.some((s) => s.includes('person_relation') || s.includes('case_container'))).toBe(false);
  });

  it('a model change shows up as a different DDL (so the freshness check can fail)', () => {
    const [first, ...rest] = model.entities;
    if (first === undefined) throw new Error('empty model');
    const changed = {
      ...model,
      entities: [
        {
          ...first,
          properties: [...first.properties, { name: 'extraNote', column: 'extra_note', jsonType: 'string', required: false, nullable: false, money: false }],
        },
        ...rest,
      ],
    };
    expect(canonicalStoreDdlModule(changed).content).not.toBe(canonicalStoreDdlModule(model).content);
  });
});

describe('canonical store schema on PGlite', () => {
  let store: Awaited<ReturnType<typeof openPgliteStore>>;
  let catalog: Catalog;
  beforeAll(async () => {
    store = await openPgliteStore();
    catalog = await readCatalog(pgliteRows(store.db));
  });
  afterAll(async () => {
    await store.close();
  });

  it('has a column of compatible type and nullability for every property, and nothing else', () => {
    expect(store.applied).toEqual(ALL_MIGRATION_NAMES);
    expect(parityMismatches(model, catalog, SYSTEM_COLUMN_NAMES, extraTables)).toEqual([]);
    expect(new Set(catalog.columns.map((c) => c.table)).size).toBe(model.entities.length + 1);
  });

  it('indexes every uuid reference column and every lookup column (person.vn)', () => {
    const names = catalog.indexes.map((i) => i.slice(0, i.indexOf(':')));
    expect(names).toEqual(expect.arrayContaining(expectedReferenceIndexes()));
    expect(names).toContain('person.ix_person__vn');
  });

  it('records the migration like TypeORM and applies nothing twice', async () => {
    expect(await applyCanonicalSchema(store.db)).toEqual({ applied: [] });
    const rows = await pgliteRows(store.db)(`SELECT "timestamp", "name" FROM casebridge.${CANONICAL_MIGRATIONS_TABLE}`);
    expect(rows).toEqual(ALL_MIGRATIONS.map((m) => ({ timestamp: String(m.timestamp), name: m.name })));
  });

  it('the parity check reports a missing column, a stray column and a wrong type', async () => {
    const db = await PGlite.create();
    try {
      await applyCanonicalSchema(db);
      const [a, b] = model.entities;
      if (a === undefined || b === undefined) throw new Error('model too small');
      const dropped = a.properties.find((p) => p.name !== 'id');
      const retyped = b.properties.find((p) => p.name !== 'id' && p.jsonType !== 'string');
      if (dropped === undefined || retyped === undefined) throw new Error('model too small');
      await db.exec(`ALTER TABLE casebridge.${a.table} DROP COLUMN ${dropped.column}; ALTER TABLE casebridge.${a.table} ADD COLUMN stray text;
        ALTER TABLE casebridge.${b.table} ALTER COLUMN ${retyped.column} TYPE text USING ${retyped.column}::text`);
      const problems = parityMismatches(model, await readCatalog(pgliteRows(db)), SYSTEM_COLUMN_NAMES, extraTables);
      expect(problems).toEqual(
        expect.arrayContaining([
          `${a.table}.${dropped.column}: column missing for property ${dropped.name}`,
          `${a.table}.stray: column without a property`,
          expect.stringMatching(new RegExp(`^${b.table}\\.${retyped.column}: type text, expected`)),
        ]),
      );
    } finally {
      await db.close();
    }
  });
});

await describeWithService('postgres', 'canonical store schema on PostgreSQL (TypeORM migrations)', () => {
  let database: TestDatabase;
  let catalog: Catalog;
  let pgQuery: QueryRows;
  let closePg: () => Promise<void>;
  beforeAll(async () => {
    database = await createPostgresDatabase('cbschema');
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pgQuery = async (sql, params) => (await pool.query(sql, params)).rows as Record<string, unknown>[];
    closePg = () => pool.end();
    expect(await applyCanonicalSchema({ url: database.url })).toEqual({ applied: ALL_MIGRATION_NAMES });
    catalog = await readCatalog(pgQuery);
  });
  afterAll(async () => {
    await closePg();
    await database.drop();
  });

  it('has a column of compatible type and nullability for every property, and nothing else', () => {
    expect(parityMismatches(model, catalog, SYSTEM_COLUMN_NAMES, extraTables)).toEqual([]);
    const names = catalog.indexes.map((i) => i.slice(0, i.indexOf(':')));
    expect(names).toEqual(expect.arrayContaining(expectedReferenceIndexes()));
    expect(names).toContain('person.ix_person__vn');
  });

  it('TypeORM schema builder finds nothing to change after the migration', async () => {
    const dataSource = createCanonicalDataSource({ url: database.url });
    await dataSource.initialize();
    try {
      const log = await dataSource.driver.createSchemaBuilder().log();
      expect(log.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('looks exactly like the PGlite store (columns, indexes, constraints, migrations table)', async () => {
    const lite = await openPgliteStore();
    try {
      const liteCatalog = await readCatalog(pgliteRows(lite.db));
      expect(liteCatalog.columns).toEqual(catalog.columns);
      expect(liteCatalog.indexes).toEqual(catalog.indexes);
      expect(liteCatalog.constraints).toEqual(catalog.constraints);
    } finally {
      await lite.close();
    }
  });

  it('applies nothing twice, through a borrowed pool and a borrowed client', async () => {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      expect(await applyCanonicalSchema({ pool })).toEqual({ applied: [] });
      expect(await applyCanonicalSchema({ client })).toEqual({ applied: [] });
      // The caller's pool and client stay usable: TypeORM must not end them.
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
      await pool.end();
    }
  });

  it('down() drops every canonical table and keeps the migrations table; up() restores them', async () => {
    const dataSource = createCanonicalDataSource({ url: database.url });
    await dataSource.initialize();
    try {
      for (let i = 0; i < ALL_MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'all' });
      const after = await readCatalog(pgQuery);
      expect([...new Set(after.columns.map((c) => c.table))]).toEqual([CANONICAL_MIGRATIONS_TABLE]);
      expect(await runCanonicalMigrations(dataSource)).toEqual(ALL_MIGRATION_NAMES);
      expect((await readCatalog(pgQuery)).columns).toEqual(catalog.columns);
    } finally {
      await dataSource.destroy();
    }
  });
});

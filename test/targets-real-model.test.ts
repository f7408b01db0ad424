/**
 * The targets against the model shipped with casebridge: `ensureSchema()` with its defaults applies the
 * canonical-store migrations and the ledger (PGlite and PostgreSQL), the target's column layout agrees
 * with the tables the migrations created, and the ledger's TypeORM migration runs with TypeORM's own
 * migration executor after the canonical store's.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../src/core/model/model-registry.js';
import { CreateRunLedger1795305600100 } from '../src/targets/ledger/ledger-migration.js';
import { CreateDeliveryLedger1795330000000 } from '../src/targets/ledger/delivery-ledger-migration.js';
import { CreateRunSessionLedger1795340000000 } from '../src/targets/ledger/run-session-ledger-migration.js';
import { CreateRunChain1795350000000 } from '../src/targets/ledger/run-chain-migration.js';
import { CreateRunHistoryLedger1795370000000 } from '../src/targets/ledger/run-history-ledger-migration.js';
import { CreateRecordNoteLedger1795380000000 } from '../src/targets/ledger/record-note-ledger-migration.js';
import { AddLineageRowDigest1795430000000 } from '../src/targets/ledger/lineage-digest-migration.js';
import { CompactLineage1795440000000 } from '../src/targets/ledger/lineage-compact-migration.js';
import { AddRunIdScheme1795450000000 } from '../src/targets/ledger/id-scheme-migration.js';
import { AddRecordLineage1795460000000 } from '../src/targets/ledger/record-lineage-migration.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import type { PgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { buildModelLayout } from '../src/targets/shared/entity-layout.js';
import { CANONICAL_MIGRATIONS_TABLE, CANONICAL_STORE_MIGRATION_CLASSES } from '../src/targets/typeorm/migrations/index.js';
import { createPostgresDatabase, describeWithService } from './helpers/databases.js';
import type { TestDatabase } from './helpers/databases.js';

const COLUMNS_SQL = `SELECT table_name AS t, column_name AS c, format_type(a.atttypid, a.atttypmod) AS type
  FROM information_schema.columns ic
  JOIN pg_attribute a ON a.attrelid = format('%I.%I', ic.table_schema, ic.table_name)::regclass AND a.attname = ic.column_name
 WHERE ic.table_schema = 'casebridge'`;

/** `character varying(40)` → `varchar(40)`, `timestamp with time zone` → `timestamptz`. */
function shortType(type: string): string {
  return type
    .replace(/^character varying/, 'varchar')
    .replace(/^timestamp with time zone$/, 'timestamptz')
    .replace(/^timestamp without time zone$/, 'timestamp');
}

function expectLayoutMatches(rows: readonly Record<string, unknown>[]): void {
  const actual = new Map(rows.map((r) => [`${String(r['t'])}.${String(r['c'])}`, shortType(String(r['type']))]));
  const layout = buildModelLayout(getModel());
  let checked = 0;
  for (const entity of layout.entities) {
    for (const column of entity.columns) {
      expect(actual.get(`${entity.table}.${column.column}`), `${entity.table}.${column.column}`).toBe(column.sqlType);
      checked += 1;
    }
    for (const system of ['content_hash', 'run_id', 'loaded_at']) expect(actual.has(`${entity.table}.${system}`)).toBe(true);
  }
  expect(checked).toBeGreaterThan(100);
}

const MUNICIPALITY_ID = '0b9f3a52-8a6a-5d2f-9a0c-2c4c3e1d7a11';
const municipality = {
  id: MUNICIPALITY_ID,
  bfsNumber: 261,
  name: 'Zürich',
  cantonAbbreviation: 'ZH',
  validFrom: '1934-01-01',
};

describe('PGlite target with the shipped model', () => {
  let target: PgliteTarget;
  beforeAll(async () => {
    target = createPgliteTarget();
    await target.open();
  });
  afterAll(async () => {
    await target.close();
  });

  it('ensureSchema applies the canonical migrations and the ledger, idempotently, and the layout matches', async () => {
    await target.ensureSchema();
    await target.ensureSchema();
    const migrations = await target.pglite.query<{ name: string }>(`SELECT name FROM casebridge.${CANONICAL_MIGRATIONS_TABLE}`);
    expect(migrations.rows.map((r) => r.name)).toEqual(CANONICAL_STORE_MIGRATION_CLASSES.map((M) => new M().name));
    expectLayoutMatches((await target.pglite.query<Record<string, unknown>>(COLUMNS_SQL)).rows);
  });

  it('loads and reads back a canonical record of the shipped model', async () => {
    const runId = randomUUID();
    await target.beginRun({
      runId,
      migration: 'm',
      commune: 351,
      sourceSystem: 'src',
      dryRun: false,
      mappingVersions: {},
      startedAt: new Date().toISOString(),
    });
    const result = await target.commitBatch({
      runId,
      mapping: 'municipalities',
      records: [
        {
          entity: 'municipality',
          id: MUNICIPALITY_ID,
          record: municipality,
          contentHash: 'h1',
          lineage: { commune: 351, sourceSystem: 'src', sourceTable: 'gemeinden', sourceKey: '261', mapping: 'municipalities', mappingVersion: '1' },
        },
      ],
      quarantine: [],
      stats: { extracted: 1, filtered: {}, quarantined: 0, loaded: 1, inserted: 0, updated: 0, unchanged: 0 },
      checkpoint: { key: [261], rowsRead: 1 },
    });
    expect(result.byEntity).toEqual({ municipality: { inserted: 1, updated: 0, unchanged: 0 } });
    const pages = [];
    for await (const page of target.readBack('municipality', { commune: 351, sourceSystem: 'src' }, 10)) pages.push(...page);
    expect(pages).toEqual([{ id: MUNICIPALITY_ID, record: municipality, lineageHash: 'h1', rowHash: 'h1' }]);
  });
});

await describeWithService('postgres', 'PostgreSQL target with the shipped model', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPostgresDatabase('cbtargetmodel');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('TypeORM runs the canonical and ledger migrations; ensureSchema then finds everything in place', async () => {
    const dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      schema: 'casebridge',
      migrations: [
        ...CANONICAL_STORE_MIGRATION_CLASSES,
        CreateRunLedger1795305600100,
        CreateDeliveryLedger1795330000000,
        CreateRunSessionLedger1795340000000,
        CreateRunChain1795350000000,
        CreateRunHistoryLedger1795370000000,
        CreateRecordNoteLedger1795380000000,
        AddLineageRowDigest1795430000000,
        CompactLineage1795440000000,
        AddRunIdScheme1795450000000,
        AddRecordLineage1795460000000,
      ],
      migrationsTableName: CANONICAL_MIGRATIONS_TABLE,
      logging: false,
    });
    await dataSource.initialize();
    try {
      await dataSource.query('CREATE SCHEMA IF NOT EXISTS casebridge');
      const ran = await dataSource.runMigrations({ transaction: 'all' });
      expect(ran.map((m) => m.name)).toContain('CreateRunLedger1795305600100');
      expect(ran.map((m) => m.name)).toContain('CreateDeliveryLedger1795330000000');
      expect(ran.map((m) => m.name)).toContain('CreateRunSessionLedger1795340000000');
      expect(ran.map((m) => m.name)).toContain('CreateRunChain1795350000000');
      expect(ran.map((m) => m.name)).toContain('CreateRunHistoryLedger1795370000000');
      expect(ran.map((m) => m.name)).toContain('CreateRecordNoteLedger1795380000000');
      expect(ran.map((m) => m.name)).toContain('AddLineageRowDigest1795430000000');
      expect(ran.map((m) => m.name)).toContain('CompactLineage1795440000000');
      expect(ran.map((m) => m.name)).toContain('AddRunIdScheme1795450000000');
      expect(ran.map((m) => m.name)).toContain('AddRecordLineage1795460000000');
      const target = createPostgresTarget({ connectionString: db.url });
      await target.open();
      await target.ensureSchema();
      await target.close();
      const rows = (await dataSource.query(COLUMNS_SQL)) as Record<string, unknown>[];
      expectLayoutMatches(rows);
      const ledger = (await dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'casebridge' AND tablename LIKE 'cb\\_%'`)) as {
        n: number;
      }[];
      // Run, mapping, quarantine, lineage; tombstone, run seen, high water; session, stage, batch detail;
      // run link; run history, rollback; record note; the lineage dictionaries (source, mapping).
      expect(ledger[0]?.n).toBe(16);
      // Undo back to and including the ledger migration (later canonical migrations come after it).
      const ledgerAt = ran.findIndex((m) => m.name === 'CreateRunLedger1795305600100');
      for (let i = ledgerAt; i < ran.length; i++) await dataSource.undoLastMigration({ transaction: 'all' });
      const after = (await dataSource.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'casebridge' AND tablename LIKE 'cb\\_%'`)) as {
        n: number;
      }[];
      expect(after[0]?.n).toBe(0);
    } finally {
      await dataSource.destroy();
    }
  });
});

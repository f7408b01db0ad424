/**
 * Lineage kept once in the SQL store (issue 15, step 3): a record whose `lineage` is the engine's
 * lineage of its load is written with the entity table's `lineage` column NULL, and every reader rebuilds
 * it from the record's lineage row (`cb_lineage` + dictionaries). Proven on PGlite and PostgreSQL over a
 * run, an unchanged re-run, a delivery that changes, adds and deletes rows, its rollback, a tombstoned
 * record delivered again, merged duplicates, a row of the old shape (lineage in the column), a mapping
 * that sets its own lineage, and a run that embeds no lineage at all.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import type { Connector } from '../src/core/connector/connector.js';
import type { RecordLineage } from '../src/core/pipeline/canonical-target.js';
import { contentHash } from '../src/core/pipeline/identity.js';
import type { MigrationOptions } from '../src/core/pipeline/migration-definition.js';
import { reconcileMigration } from '../src/core/pipeline/reconcile-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { SourceMapping } from '../src/core/pipeline/source-mapping.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { RECORD_LINEAGE_DROP_DDL } from '../src/targets/ledger/record-lineage-ddl.js';
import type { SqlCanonicalTarget } from '../src/targets/shared/sql-canonical-target.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { ahvn13 } from './fixtures/engine/sample-source.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE, testId, testTenant } from './helpers/tenant.js';

const SYSTEM = 'lineage-once';
const tenant = testTenant(SYSTEM);
/** Person 4's mapping sets a lineage of its own; persons 5 and 6 share an AHV number (merged into one). */
const OWN_LINEAGE: RecordLineage = {
  commune: TEST_COMMUNE,
  sourceSystem: 'paper-archive',
  sourceTable: 'folders',
  sourceKey: 'f-4',
  mapping: 'manual',
  mappingVersion: '0',
};

interface Source {
  /** id → first name */
  readonly persons: ReadonlyMap<number, string>;
  /** case id → person id */
  readonly cases: ReadonlyMap<number, number>;
}

const BASE: Source = {
  persons: new Map([1, 2, 3, 4, 5, 6].map((i) => [i, `Given${i}`])),
  cases: new Map([
    [100, 1],
    [101, 2],
    [102, 4],
  ]),
};

function writeSource(dir: string, source: Source): void {
  const vn = (i: number): string => ahvn13(i === 6 ? 5 : i);
  const persons = [...source.persons].map(([i, first]) => `${i},Family${i},${first},${vn(i)}`);
  writeFileSync(path.join(dir, 'persons.csv'), ['id,name,first,vn', ...persons, ''].join('\n'));
  const cases = [...source.cases].map(([id, person]) => `${id},${person},2024-0${1 + (id % 9)}-01`);
  writeFileSync(path.join(dir, 'cases.csv'), ['id,person_id,opened', ...cases, ''].join('\n'));
}

function connector(dir: string): Connector {
  return createFileConnector({
    name: SYSTEM,
    baseDir: dir,
    tables: {
      persons: {
        file: 'persons.csv',
        format: 'csv',
        keyColumn: 'id',
        columns: { id: 'integer' },
      },
      cases: {
        file: 'cases.csv',
        format: 'csv',
        keyColumn: 'id',
        columns: { id: 'integer', person_id: 'integer' },
      },
    },
  });
}

const persons: SourceMapping = {
  name: 'persons',
  version: '1',
  entity: 'person',
  produces: ['person'],
  source: { table: 'persons', keyColumns: ['id'] },
  map: (row, ctx) => {
    const record: Record<string, unknown> = {
      id: ctx.id('person', row['id'] as number),
      officialName: row['name'],
      firstName: row['first'],
      vn: row['vn'],
    };
    if (row['id'] === 4) record['lineage'] = { ...OWN_LINEAGE };
    return { records: [{ entity: 'person', record }], issues: [] };
  },
};

const cases: SourceMapping = {
  name: 'cases',
  version: '1',
  entity: 'case',
  produces: ['case'],
  source: { table: 'cases', keyColumns: ['id'] },
  dependsOn: ['persons'],
  map: (row, ctx) => ({
    records: [
      {
        entity: 'case',
        record: {
          id: ctx.id('case', row['id'] as number),
          domain: 'COUNSELLING',
          personId: ctx.id('person', row['person_id'] as number),
          municipalityBfsNumber: TEST_COMMUNE,
          openedOn: row['opened'],
        },
      },
    ],
    issues: [],
  }),
};

/** The lineage the engine gives the record of source row `key` of `table`. */
function engineLineage(table: 'persons' | 'cases', key: number): RecordLineage {
  return {
    commune: TEST_COMMUNE,
    sourceSystem: SYSTEM,
    sourceTable: table,
    sourceKey: String(key),
    mapping: table,
    mappingVersion: '1',
  };
}

/** id → the lineage the record had at map time. */
function expectedLineage(): Map<string, RecordLineage> {
  const out = new Map<string, RecordLineage>();
  for (let i = 1; i <= 9; i += 1) out.set(testId(SYSTEM, 'person', i), i === 4 ? OWN_LINEAGE : engineLineage('persons', i));
  for (let i = 100; i <= 109; i += 1) out.set(testId(SYSTEM, 'case', i), engineLineage('cases', i));
  return out;
}
const EXPECTED = expectedLineage();

interface Harness {
  readonly kind: string;
  open(): Promise<{
    target: SqlCanonicalTarget;
    query<R>(sql: string, params?: unknown[]): Promise<R[]>;
    close(): Promise<void>;
  }>;
}

function lineageOnceSuite(harness: Harness): void {
  describe(`lineage once on ${harness.kind}`, () => {
    let dir: string;
    let store: Awaited<ReturnType<Harness['open']>>;
    const migration = (options: MigrationOptions = {}, mappings: readonly SourceMapping[] = [persons, cases]) =>
      defineMigration({
        name: 'lineage-once',
        source: connector(dir),
        commune: TEST_COMMUNE,
        sourceSystem: SYSTEM,
        mappings: [...mappings],
        target: store.target,
        options: {
          batchSize: 4,
          thresholds: [],
          duplicatePolicy: 'merge',
          ...options,
        },
      });
    const run = async (source: Source): Promise<RunReport> => {
      writeSource(dir, source);
      const report = await runMigration(migration(), { keepTargetOpen: true });
      expect(report.reconciliation.status).toBe('passed');
      return report;
    };
    const deliveryOf = (report: RunReport, entity: string) => report.delivery?.entities.find((e) => e.entity === entity);

    /** Every record the reconciliation reads back, checked against its lineage hash and its map-time lineage; returns id → record. */
    const readBackAll = async (entity: string): Promise<Map<string, Record<string, unknown>>> => {
      const out = new Map<string, Record<string, unknown>>();
      for await (const page of store.target.readBack(entity, tenant, 3)) {
        for (const stored of page) {
          expect(stored.record, stored.id).not.toBeNull();
          expect(stored.record!['lineage'], stored.id).toEqual(EXPECTED.get(stored.id));
          expect(contentHash(stored.record!), stored.id).toBe(stored.lineageHash);
          out.set(stored.id, stored.record!);
        }
      }
      return out;
    };
    const column = async (entity: string, id: string): Promise<unknown> =>
      (await store.query<{ lineage: unknown }>(`SELECT lineage FROM ${STORE_SCHEMA}."${entity}" WHERE id = $1`, [id]))[0]?.lineage;
    const nonNullColumns = async (entity: string): Promise<string[]> =>
      (await store.query<{ id: string }>(`SELECT id::text AS id FROM ${STORE_SCHEMA}."${entity}" WHERE lineage IS NOT NULL ORDER BY id`)).map((r) => r.id);

    const person = (i: number): string => testId(SYSTEM, 'person', i);
    let survivor: string;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'cb-lineage-once-'));
      store = await harness.open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('writes engine lineage only into cb_lineage; every reader rebuilds the lineage the record had at map time', async () => {
      const report = await run(BASE);
      survivor = report.duplicates.groups[0]!.survivorId!;
      expect([person(5), person(6)]).toContain(survivor);
      // Only the record with a lineage of its own keeps the column.
      expect(await nonNullColumns('person')).toEqual([person(4)]);
      expect(await column('person', person(4))).toEqual(OWN_LINEAGE);
      expect(await nonNullColumns('case')).toEqual([]);
      const read = await readBackAll('person');
      // The merged row is not a record of its own; the survivor reads its own source row's lineage.
      expect([...read.keys()].sort()).toEqual([1, 2, 3, 4, survivor === person(5) ? 5 : 6].map(person).sort());
      await readBackAll('case');
      const bundles = [];
      for await (const page of store.target.readCaseBundles(tenant, 2)) bundles.push(...page);
      expect(bundles).toHaveLength(3);
      for (const bundle of bundles) {
        expect(bundle.case['lineage']).toEqual(EXPECTED.get(String(bundle.case['id'])));
        for (const p of bundle.persons) expect(p['lineage']).toEqual(EXPECTED.get(String(p['id'])));
      }
      // The case checks read bundles without lineage (no built-in rule reads it; rebuilding costs a probe per record).
      const lean = [];
      for await (const page of store.target.readCaseBundles(tenant, 2, { lineage: false })) lean.push(...page);
      expect(lean.map((b) => b.case['id'])).toEqual(bundles.map((b) => b.case['id']));
      for (const bundle of lean) for (const record of [bundle.case, ...bundle.persons]) expect(record).not.toHaveProperty('lineage');
      const changes = [];
      for await (const page of store.target.readRunChanges(report.runId)) changes.push(...page);
      expect(changes.length).toBe(5 + 3);
      for (const change of changes) if (change.op === 'upsert') expect(change.record['lineage']).toEqual(EXPECTED.get(change.id));
      // The full read-back, not only the digest pass, agrees.
      const rec = await reconcileMigration(migration(), {
        keepTargetOpen: true,
      });
      expect(rec.status).toBe('passed');
      expect(rec.hashes).toMatchObject({ mismatchedCount: 0, missingCount: 0 });
    });

    it('an unchanged re-run classifies everything unchanged and leaves lineage where it was', async () => {
      const before = await store.query(
        `SELECT source_id, canonical_id::text, source_key, run_id::text, lineage_elided FROM ${STORE_SCHEMA}.cb_lineage ORDER BY 1, 2, 3`,
      );
      const report = await run(BASE);
      for (const entity of ['person', 'case'])
        expect(deliveryOf(report, entity)).toMatchObject({
          inserted: 0,
          updated: 0,
          deleted: 0,
        });
      expect(
        await store.query(`SELECT source_id, canonical_id::text, source_key, run_id::text, lineage_elided FROM ${STORE_SCHEMA}.cb_lineage ORDER BY 1, 2, 3`),
      ).toEqual(before);
      expect(await nonNullColumns('person')).toEqual([person(4)]);
    });

    it('a row of the old shape (lineage in its column, no elision flag) reads unchanged and stays as it is on a re-run', async () => {
      await store.query(`UPDATE ${STORE_SCHEMA}.person SET lineage = $2::jsonb WHERE id = $1`, [person(2), JSON.stringify(engineLineage('persons', 2))]);
      await store.query(`UPDATE ${STORE_SCHEMA}.cb_lineage SET lineage_elided = NULL WHERE canonical_id = $1`, [person(2)]);
      expect((await readBackAll('person')).get(person(2))!['lineage']).toEqual(engineLineage('persons', 2));
      const report = await run(BASE);
      expect(deliveryOf(report, 'person')).toMatchObject({
        inserted: 0,
        updated: 0,
      });
      expect(await column('person', person(2))).toEqual(engineLineage('persons', 2));
    });

    let delivery: RunReport;
    const DELIVERY: Source = {
      // Person 1 changes, 3 leaves the snapshot (tombstoned), 7 is new; case 103 is new.
      persons: new Map([...[...BASE.persons].filter(([i]) => i !== 3), [7, 'Given7']].map(([i, f]) => [i, i === 1 ? 'Renamed1' : f] as [number, string])),
      cases: new Map([...BASE.cases, [103, 7]]),
    };

    it('a dry run names the fields an update would change, the lineage only when it changes', async () => {
      const dryRun = async (source: Source, mappings: readonly SourceMapping[]): Promise<Map<string, readonly string[]>> => {
        writeSource(dir, source);
        const changeListFile = path.join(dir, 'changes.jsonl');
        await runMigration(migration({}, mappings), { keepTargetOpen: true, dryRun: true, changeListFile });
        const listed = readFileSync(changeListFile, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as { id: string; change: string; fields?: string[] });
        return new Map(listed.filter((l) => l.change === 'update').map((l) => [l.id, l.fields ?? []]));
      };
      expect(await dryRun(DELIVERY, [persons, cases])).toEqual(new Map([[person(1), ['firstName']]]));
      const bumped = await dryRun(BASE, [{ ...persons, version: '2' }, cases]);
      // Person 4's own lineage does not name the mapping version: its record is unchanged.
      expect([...bumped.keys()].sort()).toEqual([1, 2, 3, survivor === person(5) ? 5 : 6].map(person).sort());
      for (const fields of bumped.values()) expect(fields).toEqual(['lineage']);
      expect(await nonNullColumns('person')).toEqual([person(2), person(4)].sort());
    });

    it('a delivery that changes rows re-writes them without the column, and they read their lineage', async () => {
      const before = await readBackAll('person');
      delivery = await run(DELIVERY);
      expect(deliveryOf(delivery, 'person')).toMatchObject({
        inserted: 1,
        updated: 1,
        deleted: 1,
      });
      expect(deliveryOf(delivery, 'case')).toMatchObject({
        inserted: 1,
        updated: 0,
        deleted: 0,
      });
      expect(await column('person', person(1))).toBeNull();
      expect(await column('person', person(7))).toBeNull();
      expect(await nonNullColumns('person')).toEqual([person(2), person(4)].sort());
      const after = await readBackAll('person');
      expect(after.get(person(1))!['firstName']).toBe('Renamed1');
      expect(after.get(person(2))).toEqual(before.get(person(2)));
      await readBackAll('case');
      const changes = [];
      for await (const page of store.target.readRunChanges(delivery.runId)) changes.push(...page);
      expect(changes.map((c) => `${c.op}:${c.id}`).sort()).toEqual(
        [`upsert:${person(1)}`, `upsert:${person(7)}`, `upsert:${testId(SYSTEM, 'case', 103)}`, `delete:${person(3)}`].sort(),
      );
      for (const change of changes) if (change.op === 'upsert') expect(change.record['lineage']).toEqual(EXPECTED.get(change.id));
    });

    it('rollback of the delivery restores rows that read exactly as before it', async () => {
      await store.target.rollbackRun(delivery.runId);
      const read = await readBackAll('person');
      expect(read.get(person(1))!['firstName']).toBe('Given1');
      expect(read.has(person(7))).toBe(false);
      expect(read.has(person(3))).toBe(true);
      expect(await column('person', person(1))).toBeNull();
      const rec = await reconcileMigration(migration(), {
        keepTargetOpen: true,
      });
      expect(rec.status).toBe('passed');
    });

    it('a tombstoned record delivered again is live again and reads its lineage', async () => {
      await run(DELIVERY);
      expect((await readBackAll('person')).has(person(3))).toBe(false);
      const again = await run(BASE);
      expect(deliveryOf(again, 'person')).toMatchObject({ inserted: 1 });
      const read = await readBackAll('person');
      expect(read.get(person(3))!['lineage']).toEqual(engineLineage('persons', 3));
      expect(read.get(person(1))!['firstName']).toBe('Given1');
    });

    it('the migration down puts every elided lineage back into its column; ensureSchema after it reads the same', async () => {
      const before = await readBackAll('person');
      for (const statement of RECORD_LINEAGE_DROP_DDL) await store.query(statement);
      const rows = await store.query<{ id: string; lineage: unknown }>(`SELECT id::text AS id, lineage FROM ${STORE_SCHEMA}.person`);
      expect(rows.length).toBeGreaterThan(4);
      for (const row of rows) expect(row.lineage, row.id).toEqual(EXPECTED.get(row.id));
      expect(await store.query(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}."case" WHERE lineage IS NULL`)).toEqual([{ n: 0 }]);
      await store.target.ensureSchema();
      expect(await readBackAll('person')).toEqual(before);
      expect((await reconcileMigration(migration(), { keepTargetOpen: true })).status).toBe('passed');
    });
  });

  describe(`lineage once on ${harness.kind}: a run that embeds no lineage`, () => {
    it('writes and reads records without lineage (the elision flag tells them from elided ones)', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cb-lineage-none-'));
      writeSource(dir, {
        persons: new Map([[1, 'Given1']]),
        cases: new Map([[100, 1]]),
      });
      const store = await harness.open();
      try {
        const report = await runMigration(
          defineMigration({
            name: 'lineage-none',
            source: connector(dir),
            commune: TEST_COMMUNE,
            sourceSystem: SYSTEM,
            mappings: [persons, cases],
            target: store.target,
            options: {
              batchSize: 4,
              thresholds: [],
              embedLineage: () => false,
            },
          }),
          { keepTargetOpen: true },
        );
        expect(report.reconciliation.status).toBe('passed');
        for (const entity of ['person', 'case']) {
          for await (const page of store.target.readBack(entity, tenant, 10)) {
            for (const stored of page) {
              expect(stored.record).not.toBeNull();
              expect(stored.record).not.toHaveProperty('lineage');
              expect(contentHash(stored.record!)).toBe(stored.lineageHash);
            }
          }
        }
      } finally {
        await store.close();
      }
    });
  });
}

lineageOnceSuite({
  kind: 'PGlite',
  async open() {
    const target = createPgliteTarget({});
    await target.open();
    return {
      target,
      query: async <R>(sql: string, params?: unknown[]) => (await target.pglite.query<R>(sql, params)).rows,
      close: () => target.close(),
    };
  },
});

await describeWithService('postgres', 'lineage once on a real PostgreSQL target', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });
  lineageOnceSuite({
    kind: 'PostgreSQL',
    async open() {
      const db = await createPostgresDatabase('cblineageonce');
      dbs.push(db);
      const target = createPostgresTarget({ connectionString: db.url });
      await target.open();
      const pool = new pg.Pool({ connectionString: db.url, max: 2 });
      return {
        target,
        query: async <R>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as R[],
        async close() {
          await target.close();
          await pool.end();
        },
      };
    },
  });
});

/**
 * Compact lineage (migration 1795440000000): a store of the old, wide `cb_lineage` shape with lineage
 * rows and a run's saved lineage images is converted in place by `ensureSchema()`; every lineage row
 * reads back the same through `cb_lineage_view`, the converted image rolls its run back, and a re-run
 * and a snapshot delivery after the conversion change nothing.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { LINEAGE_COMPACT_DROP_DDL } from '../src/targets/ledger/lineage-compact-ddl.js';
import { RECORD_LINEAGE_DROP_DDL } from '../src/targets/ledger/record-lineage-ddl.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE, testTenant } from './helpers/tenant.js';
import { TEST_MODEL, applyTestSchema, batch, booking, person, runInfo, testId } from './targets-fixture.js';

const RUN_1 = '00000000-0000-4000-8000-0000000000b1';
const RUN_2 = '00000000-0000-4000-8000-0000000000b2';
const RUN_3 = '00000000-0000-4000-8000-0000000000b3';

/** Every lineage column in the old row shape, as text, in key order. */
const LINEAGE_ROWS = (table: string): string =>
  `SELECT entity, canonical_id::text AS canonical_id, source_system, source_table, source_key, mapping, mapping_version, content_hash,
          run_id::text AS run_id, merged, commune, row_digest::text AS row_digest, recorded_at::text AS recorded_at
     FROM casebridge.${table} ORDER BY entity, source_system, canonical_id, source_table, source_key`;

const COLUMN_TYPE = `SELECT data_type FROM information_schema.columns WHERE table_schema = 'casebridge' AND table_name = 'cb_lineage' AND column_name = $1`;

await describeWithService('postgres', 'compact lineage migration of an old-shape store', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createPostgresDatabase('cblineagecompact');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const open = async () => {
    const target = createPostgresTarget({ connectionString: db.url, model: TEST_MODEL, applyCanonicalSchema: applyTestSchema });
    await target.open();
    return target;
  };
  const delivery = () => [person(1), person(2), person(3)];
  const bookings = () => [booking(10, 1, 1250, '2024-03-01'), booking(11, 3, 990, '2024-04-01')];

  it('converts the rows and saved images, rolls back through a converted image, and a re-run and delivery after it change nothing', async () => {
    // Run 1 loads (first-load path), run 2 changes person 2 (upsert path: its lineage image is saved).
    const first = await open();
    await first.ensureSchema();
    await first.beginRun(runInfo(RUN_1));
    await first.commitBatch(batch(RUN_1, 'person-mapping', delivery(), 3, { snapshot: true }));
    await first.commitBatch(batch(RUN_1, 'booking-mapping', bookings(), 11));
    await first.finishRun(RUN_1, 'finished', {});
    const afterRun1 = (await pool.query(LINEAGE_ROWS('cb_lineage_view'))).rows;
    await first.beginRun({ ...runInfo(RUN_2), startedAt: '2025-01-02T00:00:00.000Z' });
    const changed = await first.commitBatch(batch(RUN_2, 'person-mapping', [person(2, { lastName: 'Renamed' })], 2));
    expect(changed.byEntity).toEqual({ person: { inserted: 0, updated: 1, unchanged: 0 } });
    await first.finishRun(RUN_2, 'finished', {});
    await first.close();
    const afterRun2 = (await pool.query(LINEAGE_ROWS('cb_lineage_view'))).rows;
    expect(afterRun2).toHaveLength(5);
    expect(afterRun2).not.toEqual(afterRun1);

    // Back to the old shape (the migration's down): wide text columns, a foreign key to cb_run, the same rows.
    // (TypeORM undoes the later record-lineage migration first.)
    for (const statement of [...RECORD_LINEAGE_DROP_DDL, ...LINEAGE_COMPACT_DROP_DDL]) await pool.query(statement);
    expect((await pool.query(COLUMN_TYPE, ['content_hash'])).rows).toEqual([{ data_type: 'text' }]);
    expect((await pool.query(COLUMN_TYPE, ['entity'])).rows).toEqual([{ data_type: 'text' }]);
    const foreignKeys = `SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'casebridge.cb_lineage'::regclass AND contype = 'f'`;
    expect((await pool.query(foreignKeys)).rows).toEqual([{ n: 1 }]);
    expect((await pool.query(`SELECT to_regclass('casebridge.cb_lineage_source') AS t`)).rows).toEqual([{ t: null }]);
    expect((await pool.query(LINEAGE_ROWS('cb_lineage'))).rows).toEqual(afterRun2);
    const oldImages = await pool.query<{ image: Record<string, unknown> }>(`SELECT image FROM casebridge.cb_run_history WHERE kind = 'lineage'`);
    expect(oldImages.rows).toHaveLength(1);
    expect(oldImages.rows[0]?.image).toMatchObject({ entity: 'person', source_table: 'legacy_person', mapping: 'person-mapping' });

    // ensureSchema converts it in place: compact row, no foreign key, the same rows through the view.
    const second = await open();
    await second.ensureSchema();
    expect((await pool.query(COLUMN_TYPE, ['content_hash'])).rows).toEqual([{ data_type: 'bytea' }]);
    expect((await pool.query(COLUMN_TYPE, ['entity'])).rows).toEqual([]);
    expect((await pool.query(foreignKeys)).rows).toEqual([{ n: 0 }]);
    expect((await pool.query(LINEAGE_ROWS('cb_lineage_view'))).rows).toEqual(afterRun2);
    expect((await pool.query(`SELECT count(*)::int AS n FROM casebridge.cb_lineage_source`)).rows).toEqual([{ n: 2 }]);
    expect((await pool.query(`SELECT count(*)::int AS n FROM casebridge.cb_lineage_mapping`)).rows).toEqual([{ n: 2 }]);
    const newImages = await pool.query<{ image: Record<string, unknown> }>(`SELECT image FROM casebridge.cb_run_history WHERE kind = 'lineage'`);
    expect(Object.keys(newImages.rows[0]?.image ?? {})).toContain('source_id');

    // Rolling run 2 back restores person 2's lineage row from the converted image.
    const undone = await second.rollbackRun(RUN_2);
    expect(undone.lineage).toMatchObject({ restored: 1 });
    expect((await pool.query(LINEAGE_ROWS('cb_lineage_view'))).rows).toEqual(afterRun1);

    // A re-run of run 1's delivery, as a snapshot: nothing inserted or updated, nothing tombstoned, lineage as it was.
    await second.beginRun({ ...runInfo(RUN_3), startedAt: '2025-01-03T00:00:00.000Z' });
    const rerun = await second.commitBatch(batch(RUN_3, 'person-mapping', delivery(), 3, { snapshot: true }));
    expect(rerun.byEntity).toEqual({ person: { inserted: 0, updated: 0, unchanged: 3 } });
    const rerunBookings = await second.commitBatch(batch(RUN_3, 'booking-mapping', bookings(), 11, { snapshot: true }));
    expect(rerunBookings.byEntity).toEqual({ booking: { inserted: 0, updated: 0, unchanged: 2 } });
    const deletions = await second.applyDeletions({
      runId: RUN_3,
      sourceSystem: 'test-source',
      commune: TEST_COMMUNE,
      entities: [
        { entity: 'person', mappings: ['person-mapping'] },
        { entity: 'booking', mappings: ['booking-mapping'] },
      ],
      cascades: [{ entity: 'booking', property: 'personId', parent: 'person' }],
      snapshotMappings: ['person-mapping', 'booking-mapping'],
      allow: () => true,
    });
    expect(deletions.flatMap((d) => d.ids)).toEqual([]);
    expect(deletions.map((d) => d.liveBefore)).toEqual([3, 2]);
    await second.finishRun(RUN_3, 'finished', {});
    expect((await pool.query(LINEAGE_ROWS('cb_lineage_view'))).rows).toEqual(afterRun1);
    expect(await second.hashSuspects('person', testTenant('test-source'), 10)).toEqual({ checked: 3, suspects: [] });
    const pages = [];
    for await (const page of second.readBack('person', testTenant('test-source'), 2)) pages.push(...page);
    expect(pages.map((p) => p.id).sort()).toEqual([testId('person', 1), testId('person', 2), testId('person', 3)].sort());
    await second.close();
  });
});

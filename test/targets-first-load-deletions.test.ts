/**
 * The first-load path writes no `cb_run_seen` rows (issue 15): its lineage rows say which records the
 * run saw. Deletion detection stays exact: a parent gone from a snapshot is tombstoned, a child this
 * run delivered by a snapshot mapping on the first-load path is not cascaded, and one delivered by a
 * delta mapping is, as before. Also: every column type of the store gets a row digest that the stored
 * row reproduces in SQL, so the bulk hash witness finds no suspects after a clean load.
 */
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import type { DeletionRequest } from '../src/core/pipeline/canonical-target.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { DELIVERY_TABLES } from '../src/targets/ledger/delivery-ledger-ddl.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { TEST_COMMUNE, testTenant } from './helpers/tenant.js';
import { TEST_MODEL, applyTestSchema, batch, booking, person, runInfo, testId } from './targets-fixture.js';

const RUN_1 = '00000000-0000-4000-8000-0000000000a1';
const RUN_2 = '00000000-0000-4000-8000-0000000000a2';

await describeWithService('postgres', 'first-load path and deletion detection on PostgreSQL', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  /** Run 1 loads persons 1–3; run 2 delivers persons 1–2 and, first-loaded, bookings of persons 1 and 3. */
  async function secondDelivery(bookingsAreSnapshot: boolean) {
    const db = await createPostgresDatabase('cbfirstseen');
    dbs.push(db);
    const target = createPostgresTarget({ connectionString: db.url, model: TEST_MODEL, applyCanonicalSchema: applyTestSchema });
    await target.open();
    await target.ensureSchema();
    await target.beginRun(runInfo(RUN_1));
    await target.commitBatch(batch(RUN_1, 'person-mapping', [person(1), person(2), person(3)], 3, { snapshot: true }));
    await target.finishRun(RUN_1, 'finished', {});
    await target.beginRun(runInfo(RUN_2));
    await target.commitBatch(batch(RUN_2, 'person-mapping', [person(1), person(2)], 2, { snapshot: true }));
    await target.commitBatch(
      batch(
        RUN_2,
        'booking-mapping',
        [booking(10, 3, 1250, '2024-03-01'), booking(11, 1, 990, '2024-04-01')],
        11,
        bookingsAreSnapshot ? { snapshot: true } : {},
      ),
    );
    const request = (over: Partial<DeletionRequest>): DeletionRequest => ({
      runId: RUN_2,
      sourceSystem: 'test-source',
      commune: TEST_COMMUNE,
      entities: [],
      cascades: [],
      snapshotMappings: bookingsAreSnapshot ? ['person-mapping', 'booking-mapping'] : ['person-mapping'],
      allow: () => true,
      ...over,
    });
    const entities = [
      { entity: 'person', mappings: ['person-mapping'] },
      ...(bookingsAreSnapshot ? [{ entity: 'booking', mappings: ['booking-mapping'] }] : []),
    ];
    const snapshot = await target.applyDeletions(request({ entities }));
    const cascade = await target.applyDeletions(
      request({ cascades: [{ entity: 'booking', property: 'personId', parent: 'person' }], seedParents: [{ entity: 'person', id: testId('person', 3) }] }),
    );
    const paths = target.loadPaths();
    await target.close();
    return { snapshot, cascade, paths };
  }

  it('tombstones the parent a snapshot lost and keeps the child this run delivered on the first-load path', async () => {
    const { snapshot, cascade, paths } = await secondDelivery(true);
    expect(paths['first-load']).toBeGreaterThanOrEqual(1);
    expect(snapshot.find((d) => d.entity === 'person')?.ids.map((r) => r.id)).toEqual([testId('person', 3)]);
    expect(snapshot.find((d) => d.entity === 'booking')).toMatchObject({ snapshot: 0, cascade: 0, liveBefore: 2 });
    expect(cascade.flatMap((d) => d.ids)).toEqual([]);
  });

  it('still cascades to a child that a delta mapping delivered (the run did not see it as a snapshot)', async () => {
    const { cascade } = await secondDelivery(false);
    expect(cascade.flatMap((d) => d.ids.map((r) => ({ id: r.id, reason: r.reason })))).toEqual([{ id: testId('booking', 10), reason: 'cascade' }]);
  });

  it('records a digest for every column type that the stored rows reproduce in one SQL pass', async () => {
    const db = await createPostgresDatabase('cbdigest');
    dbs.push(db);
    const target = createPostgresTarget({ connectionString: db.url, model: TEST_MODEL, applyCanonicalSchema: applyTestSchema });
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    await target.open();
    try {
      await target.ensureSchema();
      await target.beginRun(runInfo(RUN_1));
      const people = [
        person(1, { updatedAt: '2025-01-02T03:04:05.678Z', note: 'tab\tline\nquote" back\\slash ü', vn: '7561234567897' }),
        person(2, { tags: [{ b: 1, aa: [1.5, null] }, 'x'] }),
      ];
      await target.commitBatch(batch(RUN_1, 'person-mapping', people, 2, { snapshot: true }));
      await target.commitBatch(
        batch(
          RUN_1,
          'booking-mapping',
          [booking(10, 1, 123456789012, '2024-02-29', { period: '2024-02', sourceAmount: '12.50', quantity: 3, rate: 1.25 })],
          10,
        ),
      );
      const digests = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM casebridge.cb_lineage WHERE row_digest IS NOT NULL`);
      expect(digests.rows[0]?.n).toBe(3);
      expect(await target.hashSuspects('person', testTenant('test-source'), 10)).toEqual({ checked: 2, suspects: [] });
      expect(await target.hashSuspects('booking', testTenant('test-source'), 10)).toEqual({ checked: 1, suspects: [] });
      expect((await pool.query(`SELECT 1 FROM ${DELIVERY_TABLES.runSeen}`)).rows).toEqual([]);
    } finally {
      await target.close();
      await pool.end();
    }
  });
});

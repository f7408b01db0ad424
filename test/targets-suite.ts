/**
 * The behaviour every SQL canonical target must show, run against PGlite and a real PostgreSQL by
 * `targets-pglite.test.ts` and `targets-postgres.test.ts`.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, isCasebridgeError } from '../src/core/errors.js';
import type { CanonicalTarget, LoadRecord, StoredRecord } from '../src/core/pipeline/canonical-target.js';
import { outcomeKey } from '../src/targets/shared/sql-canonical-target.js';
import type { SqlCanonicalTarget } from '../src/targets/shared/sql-canonical-target.js';
import { batch, booking, checksumAllTables, hashRecord, loadRecord, person, runInfo, stats, testId } from './targets-fixture.js';
import type { RawQuery } from './targets-fixture.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

/** How a test reaches one database: fresh target instances on it and raw queries. */
export interface TargetHarness {
  /** A new, opened target instance on the same database (schema ensured). */
  create(): Promise<CanonicalTarget>;
  readonly query: RawQuery;
}

const NASTY = [
  'tab\there',
  'line\nbreak and \r\n windows',
  'back\\slash \\N not null \\\\ double',
  'emoji 🎉👩‍👩‍👧 and umlauts äöü ÄÖÜ ß é à',
  '\\.',
  'quote " and \' and {braces} , commas',
  '',
  '   leading and trailing   ',
  'form\ffeed\bback\vvertical',
];

async function readAll(target: CanonicalTarget, entity: string, batchSize = 3): Promise<StoredRecord[]> {
  const all: StoredRecord[] = [];
  for await (const page of target.readBack(entity, { commune: TEST_COMMUNE, sourceSystem: 'test-source' }, batchSize)) all.push(...page);
  return all;
}

async function count(query: RawQuery, table: string): Promise<number> {
  const [row] = await query(`SELECT count(*)::int AS n FROM casebridge.${table}`);
  return Number(row?.['n']);
}

/** Defines the shared suite for one engine. */
export function defineTargetSuite(harness: () => TargetHarness): void {
  let target: CanonicalTarget;
  let query: RawQuery;
  let runId: string;

  beforeEach(async () => {
    const h = harness();
    query = h.query;
    target = await h.create();
    await query(
      'TRUNCATE casebridge.person, casebridge.booking, casebridge.cb_lineage, casebridge.cb_lineage_source, casebridge.cb_lineage_mapping, casebridge.cb_quarantine, casebridge.cb_run_mapping, casebridge.cb_run_session, casebridge.cb_run_stage, casebridge.cb_run_batch_detail, casebridge.cb_record_note, casebridge.cb_run_link, casebridge.cb_run_history, casebridge.cb_rollback, casebridge.cb_run',
    );
    runId = randomUUID();
  });
  afterEach(async () => {
    await target.close();
  });

  it('ensureSchema is idempotent and creates the ledger tables', async () => {
    await target.ensureSchema();
    await target.ensureSchema();
    const rows = await query(`SELECT tablename FROM pg_tables WHERE schemaname = 'casebridge' AND tablename LIKE 'cb_%' ORDER BY 1`);
    expect(rows.map((r) => r['tablename'])).toEqual([
      'cb_high_water',
      'cb_lineage',
      'cb_lineage_mapping',
      'cb_lineage_source',
      'cb_quarantine',
      'cb_record_note',
      'cb_rollback',
      'cb_run',
      'cb_run_batch_detail',
      'cb_run_history',
      'cb_run_link',
      'cb_run_mapping',
      'cb_run_seen',
      'cb_run_session',
      'cb_run_stage',
      'cb_tombstone',
    ]);
  });

  it('inserts, then classifies a re-commit as unchanged without touching any row, then updates', async () => {
    await target.beginRun(runInfo(runId));
    const people = [person(1), person(2), person(3)];
    const first = await target.commitBatch(batch(runId, 'person-mapping', people, 3));
    expect(first.byEntity).toEqual({ person: { inserted: 3, updated: 0, unchanged: 0 } });
    expect(first.outcomes.get(outcomeKey('person', testId('person', 1)))).toBe('inserted');

    const before = await checksumAllTables(query);
    const again = await target.commitBatch(batch(runId, 'person-mapping', people, 3));
    expect(again.byEntity).toEqual({ person: { inserted: 0, updated: 0, unchanged: 3 } });
    const after = await checksumAllTables(query);
    for (const table of ['person', 'booking', 'cb_lineage', 'cb_quarantine']) expect(after[table]).toBe(before[table]);

    const changed = [person(1), person(2, { lastName: 'Renamed' }), person(4)];
    const third = await target.commitBatch(batch(runId, 'person-mapping', changed, 4));
    expect(third.byEntity).toEqual({ person: { inserted: 1, updated: 1, unchanged: 1 } });
    expect(third.outcomes.get(outcomeKey('person', testId('person', 2)))).toBe('updated');
    expect(third.outcomes.get(outcomeKey('person', testId('person', 4)))).toBe('inserted');
    const [row] = await query(`SELECT last_name, run_id::text AS run_id FROM casebridge.person WHERE id = $1`, [testId('person', 2)]);
    expect(row).toEqual({ last_name: 'Renamed', run_id: runId });
    const [lineage] = await query(`SELECT content_hash FROM casebridge.cb_lineage_view WHERE canonical_id = $1`, [testId('person', 2)]);
    expect(lineage?.['content_hash']).toBe(changed[1]?.contentHash);
  });

  it('COPYs a first load straight into the final tables and falls back to the upsert path when an id exists', async () => {
    const sql = target as SqlCanonicalTarget;
    await target.beginRun(runInfo(runId));
    const first = await target.commitBatch(batch(runId, 'person-mapping', [person(1), person(2), person(1, { lastName: 'Later' })], 3));
    expect(first.byEntity).toEqual({ person: { inserted: 2, updated: 0, unchanged: 0 } });
    expect(sql.loadPaths()).toEqual({ 'first-load': 1, upsert: 0 });
    const [later] = await query(`SELECT last_name FROM casebridge.person WHERE id = $1`, [testId('person', 1)]);
    expect(later?.['last_name']).toBe('Later');
    expect(await count(query, 'cb_lineage')).toBe(2);

    // An id that exists makes the COPY fail; the batch is written again through the upsert path.
    const again = await target.commitBatch(batch(runId, 'person-mapping', [person(2), person(3)], 5));
    expect(again.byEntity).toEqual({ person: { inserted: 1, updated: 0, unchanged: 1 } });
    expect(sql.loadPaths()).toEqual({ 'first-load': 1, upsert: 1 });
    expect(await count(query, 'person')).toBe(3);
    expect(await count(query, 'cb_lineage')).toBe(3);
    const [mapping] = await query(`SELECT batches::int AS batches, stats->>'inserted' AS inserted FROM casebridge.cb_run_mapping WHERE run_id = $1`, [runId]);
    expect(mapping).toEqual({ batches: 2, inserted: '3' });

    // The entity stays on the upsert path for the rest of the run.
    await target.commitBatch(batch(runId, 'person-mapping', [person(4)], 6));
    expect(sql.loadPaths()).toEqual({ 'first-load': 1, upsert: 2 });
    await target.finishRun(runId, 'finished', null);

    // A later run of the same source finds rows of another run: upsert from its first batch.
    const rerun = randomUUID();
    await target.beginRun(runInfo(rerun));
    const unchanged = await target.commitBatch(batch(rerun, 'person-mapping', [person(1, { lastName: 'Later' }), person(5)], 7));
    expect(unchanged.byEntity).toEqual({ person: { inserted: 1, updated: 0, unchanged: 1 } });
    expect(sql.loadPaths()).toEqual({ 'first-load': 1, upsert: 3 });
    const hashes = (await readAll(target, 'person')).map((r) =>
      r.record === null ? 'missing' : hashRecord(r.record) === r.lineageHash && r.rowHash === r.lineageHash,
    );
    expect(hashes).toEqual([true, true, true, true, true]);
  });

  it('decides the first-load path per source system', async () => {
    const sql = target as SqlCanonicalTarget;
    await target.beginRun(runInfo(runId));
    await target.commitBatch(batch(runId, 'person-mapping', [person(1)], 1));
    await target.finishRun(runId, 'finished', null);
    // Another source system has no rows yet, so it starts on the fast path; its ids differ.
    const other = randomUUID();
    await target.beginRun({ ...runInfo(other), sourceSystem: 'other-source' });
    const otherPerson = loadRecord('person', 'other-1', { lastName: 'Other' }, 'other-source');
    const result = await target.commitBatch(batch(other, 'person-mapping', [otherPerson], 1));
    expect(result.byEntity).toEqual({ person: { inserted: 1, updated: 0, unchanged: 0 } });
    expect(sql.loadPaths()).toEqual({ 'first-load': 2, upsert: 0 });
  });

  it('keeps the last record when one batch holds the same id twice', async () => {
    await target.beginRun(runInfo(runId));
    const result = await target.commitBatch(batch(runId, 'person-mapping', [person(1), person(1, { lastName: 'Second' })], 1));
    expect(result.byEntity['person']).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const [row] = await query(`SELECT last_name FROM casebridge.person`);
    expect(row?.['last_name']).toBe('Second');
  });

  it('a failure mid-batch leaves neither records nor ledger rows', async () => {
    await target.beginRun(runInfo(runId));
    // Persons are written first (model order), then a booking without its NOT NULL amount fails.
    const bad = loadRecord('booking', 9, { personId: testId('person', 1), bookingDate: '2024-01-01' });
    const failing = batch(runId, 'person-mapping', [person(1), person(2), bad], 2, {
      quarantine: [{ mapping: 'person-mapping', recordRef: 'ref-1', sourceTable: 'legacy_person', sourceKey: '7', issueCodes: ['x'], paths: ['/a'] }],
    });
    const error = await target.commitBatch(failing).catch((e: unknown) => e);
    expect(isCasebridgeError(error, ERROR_CODES.NOT_NULL_VIOLATION)).toBe(true);
    expect(await count(query, 'person')).toBe(0);
    expect(await count(query, 'booking')).toBe(0);
    expect(await count(query, 'cb_lineage')).toBe(0);
    expect(await count(query, 'cb_quarantine')).toBe(0);
    expect(await count(query, 'cb_run_mapping')).toBe(0);
    // The target stays usable.
    const ok = await target.commitBatch(batch(runId, 'person-mapping', [person(1)], 1));
    expect(ok.byEntity['person']?.inserted).toBe(1);
  });

  it('round-trips nasty strings through COPY and reads back records whose hashes match', async () => {
    await target.beginRun(runInfo(runId));
    const people = NASTY.map((note, i) =>
      person(i + 1, { note, tags: [note, { nested: note }], updatedAt: '2024-03-01T10:15:30.123Z', vn: `756.0000.0000.${String(i).padStart(2, '0')}` }),
    );
    await target.commitBatch(batch(runId, 'person-mapping', people, people.length));
    const rows = await query(`SELECT note FROM casebridge.person ORDER BY note`);
    expect(new Set(rows.map((r) => r['note']))).toEqual(new Set(NASTY));
    const stored = await readAll(target, 'person', 4);
    expect(stored).toHaveLength(NASTY.length);
    const byId = new Map(people.map((p) => [p.id, p]));
    for (const s of stored) {
      const original = byId.get(s.id);
      expect(s.record).toEqual(original?.record);
      expect(hashRecord(s.record)).toBe(s.rowHash);
      expect(s.rowHash).toBe(s.lineageHash);
    }
  });

  it('reads back money, dates, numerics, jsonb and absent optionals exactly as mapped', async () => {
    await target.beginRun(runInfo(runId));
    const records: LoadRecord[] = [
      booking(1, 1, 9_007_199_254_740_991, '2023-12-31', { period: '2023-12', sourceAmount: '1234.50', quantity: 3, rate: 0.25 }),
      booking(2, 1, -5, '2024-01-01'),
      booking(3, 2, 0, '2024-02-29', { sourceAmount: '-0.05' }),
    ];
    await target.commitBatch(batch(runId, 'booking-mapping', records, 3));
    const stored = await readAll(target, 'booking', 2);
    expect(stored.map((s) => s.record).sort((a, b) => String(a?.['id']).localeCompare(String(b?.['id'])))).toEqual(
      records.map((r) => r.record).sort((a, b) => String(a['id']).localeCompare(String(b['id']))),
    );
    for (const s of stored) expect(hashRecord(s.record)).toBe(s.lineageHash);
  });

  it('reports a lineage whose row is gone with record and rowHash null', async () => {
    await target.beginRun(runInfo(runId));
    await target.commitBatch(batch(runId, 'person-mapping', [person(1), person(2)], 2));
    await query(`DELETE FROM casebridge.person WHERE id = $1`, [testId('person', 2)]);
    const stored = await readAll(target, 'person');
    const gone = stored.find((s) => s.id === testId('person', 2));
    expect(gone).toMatchObject({ record: null, rowHash: null, lineageHash: person(2).contentHash });
  });

  it('computes exact money totals per year, only over the source system named in lineage', async () => {
    await target.beginRun(runInfo(runId));
    const big = 4_000_000_000_000_001; // sums of these exceed 2^53: only exact text arithmetic gets them right
    const records = [
      booking(1, 1, big, '2023-01-15'),
      booking(2, 1, big, '2023-12-31', { sourceAmount: '0.10' }),
      booking(3, 1, 1, '2024-01-01', { sourceAmount: '0.20' }),
      booking(4, 1, 7, '2024-06-30'),
      booking(6, 1, 13, '2024-01-02', { bookingDate: undefined }),
    ];
    await target.commitBatch(batch(runId, 'booking-mapping', records, 5));
    // Another source system is another tenant: its own run loads it.
    const otherRun = randomUUID();
    await target.beginRun({ ...runInfo(otherRun), sourceSystem: 'other-source' });
    await target.commitBatch(
      batch(otherRun, 'booking-mapping', [loadRecord('booking', 5, { bookingDate: '2024-07-01', amountRappen: 1000 }, 'other-source')], 1),
    );
    const totals = await target.totals({
      entity: 'booking',
      commune: TEST_COMMUNE,
      sourceSystem: 'test-source',
      yearField: 'bookingDate',
      sumFields: ['amountRappen', 'sourceAmount'],
    });
    expect(totals).toEqual([
      { year: null, count: 1, sums: { amountRappen: '13', sourceAmount: '0' } },
      { year: 2023, count: 2, sums: { amountRappen: '8000000000000002', sourceAmount: '0.10' } },
      { year: 2024, count: 2, sums: { amountRappen: '8', sourceAmount: '0.20' } },
    ]);
    const all = await target.totals({ entity: 'booking', commune: TEST_COMMUNE, sourceSystem: 'other-source' });
    expect(all).toEqual([{ year: null, count: 1, sums: {} }]);
  });

  it('keeps both lineages of merged duplicates and counts the record once', async () => {
    await target.beginRun(runInfo(runId));
    const a = person(1);
    const b: LoadRecord = { ...a, lineage: { ...a.lineage, sourceKey: '1-duplicate' } };
    await target.commitBatch(batch(runId, 'person-mapping', [a, b], 2));
    expect(await count(query, 'cb_lineage')).toBe(2);
    expect(await count(query, 'person')).toBe(1);
    const totals = await target.totals({ entity: 'person', commune: TEST_COMMUNE, sourceSystem: 'test-source' });
    expect(totals).toEqual([{ year: null, count: 1, sums: {} }]);
    expect(await readAll(target, 'person', 1)).toHaveLength(2);
  });

  it('finds ids by field value and which ids exist', async () => {
    await target.beginRun(runInfo(runId));
    await target.commitBatch(batch(runId, 'person-mapping', [person(1, { vn: '7561234567897' }), person(2, { vn: '7569999999999' }), person(3)], 3));
    expect(await target.findByField('person', 'vn', ['7561234567897', '7560000000000'])).toEqual([{ id: testId('person', 1), value: '7561234567897' }]);
    const ids = await target.existingIds('person', [testId('person', 1), testId('person', 3), testId('person', 99)]);
    expect([...ids].sort()).toEqual([testId('person', 1), testId('person', 3)].sort());
    const unknown = await target.findByField('person', 'nope', ['x']).catch((e: unknown) => e);
    expect(isCasebridgeError(unknown, ERROR_CODES.SCHEMA_INVALID)).toBe(true);
  });

  it('stamps every row with its commune and source system, and finds duplicates per commune unless asked canton-wide', async () => {
    await target.beginRun(runInfo(runId));
    await target.commitBatch(batch(runId, 'person-mapping', [person(1, { vn: '7561234567897' })], 1));
    const other = randomUUID();
    await target.beginRun({ ...runInfo(other), commune: 261 });
    const foreign = loadRecord('person', 'b-1', { lastName: 'B', vn: '7561234567897' });
    await target.commitBatch(batch(other, 'person-mapping', [{ ...foreign, lineage: { ...foreign.lineage, commune: 261 } }], 1));
    const rows = await query('SELECT cb_commune, cb_source_system FROM casebridge.person ORDER BY cb_commune');
    expect(rows).toEqual([
      { cb_commune: 261, cb_source_system: 'test-source' },
      { cb_commune: TEST_COMMUNE, cb_source_system: 'test-source' },
    ]);
    expect(await target.findByField('person', 'vn', ['7561234567897'], TEST_COMMUNE)).toEqual([{ id: testId('person', 1), value: '7561234567897' }]);
    expect(await target.findByField('person', 'vn', ['7561234567897'])).toHaveLength(2);
    expect(await readAll(target, 'person')).toHaveLength(1);
  });

  it("refuses a batch that would write another commune's row or carries a record of another tenant: CB_TENANT_MISMATCH, nothing written", async () => {
    await target.beginRun(runInfo(runId));
    await target.commitBatch(batch(runId, 'person-mapping', [person(1), person(2)], 2));
    const before = await checksumAllTables(query);
    // Commune 261 arrives with an id commune 351 already holds (a mapping that bypassed ctx.id).
    const other = randomUUID();
    await target.beginRun({ ...runInfo(other), commune: 261 });
    const clash = person(2, { lastName: 'Overwritten' });
    const refused = await target
      .commitBatch(
        batch(
          other,
          'person-mapping',
          [person(3), { ...clash, lineage: { ...clash.lineage, commune: 261 } }].map((r) => ({ ...r, lineage: { ...r.lineage, commune: 261 } })),
          2,
        ),
      )
      .catch((e: unknown) => e);
    expect(isCasebridgeError(refused, ERROR_CODES.TENANT_MISMATCH)).toBe(true);
    // A batch of its own run that carries a record of another commune is refused before any write.
    const mixed = await target
      .commitBatch(batch(runId, 'person-mapping', [person(4), { ...person(5), lineage: { ...person(5).lineage, commune: 261 } }], 5))
      .catch((e: unknown) => e);
    expect(isCasebridgeError(mixed, ERROR_CODES.TENANT_MISMATCH)).toBe(true);
    const after = await checksumAllTables(query);
    // Only the second run's registration differs; no canonical row, lineage or stats changed.
    expect(after['person']).toBe(before['person']);
    expect(after['cb_lineage']).toBe(before['cb_lineage']);
    expect(after['cb_run_mapping']).toBe(before['cb_run_mapping']);
    expect(await count(query, 'person')).toBe(2);
  });

  it('writes quarantine entries and cumulative stats with the target-owned outcome counts', async () => {
    await target.beginRun(runInfo(runId));
    const quarantine = [
      {
        mapping: 'person-mapping',
        recordRef: 'r-1',
        sourceTable: 'legacy_person',
        sourceKey: '10',
        issueCodes: ['swiss.ahvn13.check_digit', 'schema.required'],
        paths: ['/vn', '/lastName'],
      },
      { mapping: 'person-mapping', recordRef: 'r-2', sourceTable: 'legacy_person', sourceKey: '11', issueCodes: ['code "quoted", comma'], paths: ['/a\\b'] },
    ];
    await target.commitBatch(
      batch(runId, 'person-mapping', [person(1)], 11, { quarantine, stats: stats(4, { loaded: 1, quarantined: 2, filtered: { 'test-cases': 1 } }) }),
    );
    await target.commitBatch(
      batch(runId, 'person-mapping', [person(1), person(2)], 20, { stats: stats(3, { loaded: 2, filtered: { 'test-cases': 1, closed: 4 } }) }),
    );
    const rows = await query(`SELECT record_ref, issue_codes, paths FROM casebridge.cb_quarantine ORDER BY record_ref`);
    expect(rows).toEqual([
      { record_ref: 'r-1', issue_codes: ['swiss.ahvn13.check_digit', 'schema.required'], paths: ['/vn', '/lastName'] },
      { record_ref: 'r-2', issue_codes: ['code "quoted", comma'], paths: ['/a\\b'] },
    ]);
    const state = await target.beginRun(runInfo(runId));
    expect(state.mappings['person-mapping']).toEqual({
      checkpoint: { key: [20], rowsRead: 20 },
      done: false,
      stats: { extracted: 7, filtered: { 'test-cases': 2, closed: 4 }, quarantined: 2, loaded: 3, inserted: 2, updated: 0, unchanged: 1 },
    });
  });

  it('resumes an unfinished run from a new target instance after a crash', async () => {
    await target.beginRun(runInfo(runId));
    await target.commitBatch(batch(runId, 'person-mapping', [person(1), person(2)], 2));
    await target.commitBatch(batch(runId, 'person-mapping', [person(3)], 3));
    await target.commitBatch(batch(runId, 'booking-mapping', [booking(1, 1, 100, '2024-01-01')], 1));
    await target.close(); // the process dies: no finishRun
    target = await harness().create();
    const state = await target.beginRun(runInfo(runId));
    expect(state.status).toBe('running');
    expect(state.mappings['person-mapping']?.checkpoint).toEqual({ key: [3], rowsRead: 3 });
    expect(state.mappings['person-mapping']?.stats.inserted).toBe(3);
    expect(state.mappings['booking-mapping']?.checkpoint).toEqual({ key: [1], rowsRead: 1 });
    // Resuming with other mapping versions would mix two loads under one run id.
    const mismatch = await target.beginRun({ ...runInfo(runId), mappingVersions: { 'person-mapping': '2.0.0' } }).catch((e: unknown) => e);
    expect(isCasebridgeError(mismatch, ERROR_CODES.CHECKPOINT_INVALID)).toBe(true);
    await target.finishRun(runId, 'finished', { ok: true });
    const finished = await target.beginRun(runInfo(runId));
    expect(finished.status).toBe('finished');
    expect(finished.mappings['person-mapping']?.done).toBe(true);
    const late = await target.commitBatch(batch(runId, 'person-mapping', [person(9)], 9)).catch((e: unknown) => e);
    expect(isCasebridgeError(late, ERROR_CODES.TARGET_NOT_READY)).toBe(true);
  });

  it('a failed run can be resumed and is running again', async () => {
    await target.beginRun(runInfo(runId));
    await target.finishRun(runId, 'failed', { reason: 'threshold' });
    const state = await target.beginRun(runInfo(runId));
    expect(state.status).toBe('running');
  });

  describe('dry run', () => {
    it('classifies like a real run, sees its own earlier batches and leaves every table identical', async () => {
      // The target as it stands: a real run loaded persons 1 and 2.
      const realRun = randomUUID();
      await target.beginRun(runInfo(realRun));
      await target.commitBatch(batch(realRun, 'person-mapping', [person(1), person(2)], 2));
      await target.commitBatch(batch(realRun, 'booking-mapping', [booking(1, 1, 500, '2024-03-01')], 1));
      await target.finishRun(realRun, 'finished', { real: true });
      const before = await checksumAllTables(query);

      const dryId = randomUUID();
      await target.beginRun(runInfo(dryId, true));
      const first = await target.commitBatch(batch(dryId, 'person-mapping', [person(1), person(2, { lastName: 'Changed' }), person(3)], 3));
      expect(first.byEntity['person']).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
      // A later batch sees the earlier one: person 3 exists now, inside the dry run.
      expect([...(await target.existingIds('person', [testId('person', 3)]))]).toEqual([testId('person', 3)]);
      const second = await target.commitBatch(batch(dryId, 'person-mapping', [person(3)], 4));
      expect(second.byEntity['person']).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
      // A failing batch rolls back to its savepoint; the dry run goes on.
      const bad = loadRecord('booking', 9, { bookingDate: '2024-01-01' });
      const error = await target.commitBatch(batch(dryId, 'booking-mapping', [bad], 9)).catch((e: unknown) => e);
      expect(isCasebridgeError(error, ERROR_CODES.NOT_NULL_VIOLATION)).toBe(true);
      const third = await target.commitBatch(batch(dryId, 'booking-mapping', [booking(1, 1, 999, '2024-03-01'), booking(2, 3, 1, '2025-01-01')], 2));
      expect(third.byEntity['booking']).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
      const totals = await target.totals({ entity: 'booking', commune: TEST_COMMUNE, sourceSystem: 'test-source', sumFields: ['amountRappen'] });
      expect(totals).toEqual([{ year: null, count: 2, sums: { amountRappen: '1000' } }]);
      // Other runs cannot interleave with an open dry run on the same target.
      const other = await target.beginRun(runInfo(randomUUID())).catch((e: unknown) => e);
      expect(isCasebridgeError(other, ERROR_CODES.CONFIGURATION_INVALID)).toBe(true);
      await target.finishRun(dryId, 'finished', { dry: true });

      expect(await checksumAllTables(query)).toEqual(before);
      const runs = await query(`SELECT run_id::text AS run_id FROM casebridge.cb_run`);
      expect(runs).toEqual([{ run_id: realRun }]);
      // The target is usable for real runs afterwards.
      const state = await target.beginRun(runInfo(randomUUID()));
      expect(state.status).toBe('running');
    });

    it('an abandoned dry run (close without finishRun) leaves nothing behind', async () => {
      const before = await checksumAllTables(query);
      const dryId = randomUUID();
      await target.beginRun(runInfo(dryId, true));
      await target.commitBatch(batch(dryId, 'person-mapping', [person(1)], 1));
      await target.close();
      target = await harness().create();
      expect(await checksumAllTables(query)).toEqual(before);
    });
  });

  it('refuses a float for integer Rappen and a property without a column, before writing anything', async () => {
    await target.beginRun(runInfo(runId));
    const float = await target.commitBatch(batch(runId, 'booking-mapping', [booking(1, 1, 10.5, '2024-01-01')], 1)).catch((e: unknown) => e);
    expect(isCasebridgeError(float, ERROR_CODES.DATA_EXCEPTION)).toBe(true);
    const extra = await target.commitBatch(batch(runId, 'person-mapping', [person(1, { unknownField: 1 })], 1)).catch((e: unknown) => e);
    expect(isCasebridgeError(extra, ERROR_CODES.SCHEMA_INVALID)).toBe(true);
    expect(JSON.stringify(extra)).not.toContain('Person 1');
    expect(await count(query, 'cb_run_mapping')).toBe(0);
  });
}

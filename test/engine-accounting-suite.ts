/**
 * The engine against a real canonical target and a real file source with planted bad rows: balanced
 * accounting (each bad row in quarantine with its code, none lost), idempotent re-run, dry run leaving
 * every table untouched, reconciliation catching a corrupted and a dropped row, duplicates (flag and
 * merge), thresholds, and no personal data anywhere in the report. Written once, run against every
 * target (`engine-accounting.test.ts`: PGlite and PostgreSQL).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalTarget } from '../src/core/pipeline/canonical-target.js';
import type { MigrationOptions } from '../src/core/pipeline/migration-definition.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { reconcileMigration } from '../src/core/pipeline/reconcile-migration.js';
import type { ProgressEvent } from '../src/core/pipeline/progress-event.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { PLANTED, addressMapping, ahvn13, expectedAccounting, personMapping, sampleConnector, writeSampleSource } from './fixtures/engine/sample-source.js';
import { tableChecksums } from './helpers/table-checksums.js';
import { TEST_COMMUNE, testId } from './helpers/tenant.js';

/** A canonical target under test, with a way to look into its database. */
export interface HarnessTarget {
  readonly target: CanonicalTarget;
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Closes the target and anything the harness opened for it. */
  close(): Promise<void>;
}

/** Opens fresh, empty targets of one kind. */
export interface TargetHarness {
  readonly kind: string;
  open(): Promise<HarnessTarget>;
}

const PERSONS = 60;

/** Registers the accounting suite for one target kind. */
export function engineAccountingSuite(harness: TargetHarness): void {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cb-engine-'));
    await writeSampleSource(dir, PERSONS);
  });

  function migration(target: CanonicalTarget, options: MigrationOptions = {}) {
    return defineMigration({
      name: 'engine-test',
      source: sampleConnector(dir),
      commune: TEST_COMMUNE,
      sourceSystem: 'legacy-sample',
      mappings: [addressMapping, personMapping],
      target,
      options: { batchSize: 8, thresholds: [], ...options },
    });
  }

  /** No generated name, vn or birth date from the source may appear in a report or event. */
  function assertNoPersonalData(text: string): void {
    const source = readFileSync(path.join(dir, 'persons.csv'), 'utf8');
    expect(source).toContain('Family1,');
    for (const pattern of [/Family\d+/, /Given\d+/, /756\d{10}/, /19\d\d-\d\d-\d\d/, /Street \d+/, /Town\d+/]) expect(text).not.toMatch(pattern);
    expect(text).not.toContain(ahvn13(PLANTED.duplicateA));
  }

  describe(`engine on ${harness.kind}: accounting, idempotency, dry run`, () => {
    let target: HarnessTarget;
    beforeAll(async () => {
      target = await harness.open();
    });
    afterAll(async () => {
      await target.close();
    });

    it('accounts every row: planted bad rows land in quarantine with their code, none is lost', async () => {
      const events: ProgressEvent[] = [];
      const report = await runMigration(migration(target.target), { keepTargetOpen: true, onProgress: (e) => events.push(e) });
      const expected = expectedAccounting(PERSONS);
      const persons = report.entities.find((e) => e.mapping === 'persons')!;
      const addresses = report.entities.find((e) => e.mapping === 'addresses')!;
      expect(report.status).toBe('passed');
      expect(report.exitCode).toBe(0);
      expect(persons).toMatchObject({ name: 'person', ...expected.persons, balanced: true, filteredByRule: { 'test-cases': 1 } });
      expect(persons.quarantinedByCode).toEqual({ 'mapping.date_invalid': 1, 'schema.pattern': 1, 'schema.required': 1 });
      expect(addresses).toMatchObject({ name: 'address', ...expected.addresses, filtered: 0, balanced: true });
      expect(addresses.quarantinedByCode).toEqual({ 'reference.missing': 5 });
      expect(report.records['person']?.inserted).toBe(expected.persons.loaded);
      // The ledger holds one quarantine entry per planted row, by pseudonymous reference and code.
      const q = await target.query<{ mapping: string; n: number }>(
        `SELECT mapping, count(*)::int AS n FROM ${LEDGER_TABLES.quarantine} GROUP BY mapping ORDER BY mapping`,
      );
      expect(q).toEqual([
        { mapping: 'addresses', n: 5 },
        { mapping: 'persons', n: 3 },
      ]);
      // Reconciliation: all three witnesses agree.
      expect(report.reconciliation.status).toBe('passed');
      expect(report.reconciliation.controlTotals.every((c) => c.matched && c.conclusive)).toBe(true);
      expect(report.reconciliation.hashes).toMatchObject({ checked: 2 * expected.persons.loaded, mismatchedCount: 0, missingCount: 0 });
      // Duplicates are flagged, both loaded.
      expect(report.duplicates.groupCount).toBe(1);
      expect(report.duplicates.groups[0]!.members.map((m) => m.id).sort()).toEqual(
        [testId('legacy-sample', 'person', PLANTED.duplicateA), testId('legacy-sample', 'person', PLANTED.duplicateB)].sort(),
      );
      expect(events.filter((e) => e.type === 'batch-committed').length).toBe(Math.ceil(PERSONS / 8) + Math.ceil((PERSONS + 1) / 8));
      assertNoPersonalData(JSON.stringify(report));
      assertNoPersonalData(JSON.stringify(events));
    });

    it('is idempotent: a second run inserts nothing and finds everything unchanged', async () => {
      const report = await runMigration(migration(target.target), { keepTargetOpen: true });
      expect(report.status).toBe('passed');
      for (const e of report.entities) {
        expect(e.inserted).toBe(0);
        expect(e.updated).toBe(0);
        expect(e.unchanged).toBe(e.loaded);
      }
    });

    it('dry run leaves every table (data and ledger) untouched and reports what would change', async () => {
      const before = await tableChecksums((sql) => target.query(sql));
      const changed = path.join(dir, 'changed');
      await writeSampleSource(changed, PERSONS + 10);
      const def = defineMigration({
        name: 'engine-test',
        source: sampleConnector(changed),
        commune: TEST_COMMUNE,
        sourceSystem: 'legacy-sample',
        mappings: [personMapping, addressMapping],
        target: target.target,
        options: { batchSize: 8 },
      });
      const report = await runMigration(def, { dryRun: true, keepTargetOpen: true });
      expect(report.dryRun).toBe(true);
      expect(report.changes?.['person']).toEqual({ insert: 10, update: 0, unchanged: expectedAccounting(PERSONS).persons.loaded });
      expect(await tableChecksums((sql) => target.query(sql))).toEqual(before);
    });

    it('reconciliation catches a silently corrupted row and a dropped row', async () => {
      const corrupted = testId('legacy-sample', 'person', 20);
      const dropped = testId('legacy-sample', 'address', 21);
      await target.query(`UPDATE ${STORE_SCHEMA}.person SET first_name = 'Tampered' WHERE id = $1`, [corrupted]);
      await target.query(`DELETE FROM ${STORE_SCHEMA}.address WHERE id = $1`, [dropped]);
      const rec = await reconcileMigration(migration(target.target), { keepTargetOpen: true });
      expect(rec.status).toBe('failed');
      expect(rec.hashes?.mismatched).toEqual([{ entity: 'person', id: corrupted, reason: 'content' }]);
      expect(rec.hashes?.missing).toEqual([{ entity: 'address', id: dropped }]);
      // The dropped row also shows in the control totals (one address fewer in the target).
      expect(rec.controlTotals.find((c) => c.entity === 'address')?.target.count).toBe(expectedAccounting(PERSONS).addresses.loaded - 1);
    });
  });

  describe(`engine on ${harness.kind}: duplicates and thresholds`, () => {
    it('merge folds the duplicate into one canonical person and re-points its address', async () => {
      const target = await harness.open();
      const report = await runMigration(migration(target.target, { duplicatePolicy: 'merge' }), { keepTargetOpen: true });
      try {
        expect(report.reasons).toEqual([]);
        const survivor = testId('legacy-sample', 'person', PLANTED.duplicateA);
        const merged = testId('legacy-sample', 'person', PLANTED.duplicateB);
        expect(report.status).toBe('passed');
        expect(report.duplicates.groups[0]).toMatchObject({ policy: 'merge', survivorId: survivor });
        expect(report.duplicates.groups[0]!.members.find((m) => m.id === merged)).toMatchObject({ merged: true });
        const persons = await target.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}.person WHERE id = $1`, [merged]);
        expect(persons[0]!.n).toBe(0);
        const addr = await target.query<{ person_id: string }>(`SELECT person_id FROM ${STORE_SCHEMA}.address WHERE id = $1`, [
          testId('legacy-sample', 'address', PLANTED.duplicateB),
        ]);
        expect(addr[0]!.person_id).toBe(survivor);
        // The merged row still counts as loaded: conservation holds.
        expect(report.entities.every((e) => e.balanced)).toBe(true);
        // Both source rows are traceable, each to exactly one canonical person: the merged one to the survivor.
        const lineageSql = `SELECT source_key, canonical_id::text AS canonical_id, merged FROM ${STORE_SCHEMA}.cb_lineage_view WHERE entity = 'person' AND source_table = 'persons' ORDER BY source_key, canonical_id`;
        const lineage = await target.query<{ source_key: string; canonical_id: string; merged: boolean }>(lineageSql);
        const personsRow = report.entities.find((e) => e.mapping === 'persons')!;
        expect(lineage.length).toBe(personsRow.loaded);
        expect(new Set(lineage.map((l) => l.source_key)).size).toBe(lineage.length);
        expect(lineage.filter((l) => l.merged)).toEqual([{ source_key: String(PLANTED.duplicateB), canonical_id: survivor, merged: true }]);
        expect(lineage.find((l) => l.source_key === String(PLANTED.duplicateA))).toEqual({
          source_key: String(PLANTED.duplicateA),
          canonical_id: survivor,
          merged: false,
        });
        // The hash witness skips the merged lineage row (it describes the folded record, not a stored row).
        expect(report.reconciliation.hashes).toMatchObject({
          mismatchedCount: 0,
          missingCount: 0,
          checked: personsRow.loaded - 1 + report.entities.find((e) => e.mapping === 'addresses')!.loaded,
        });
        // A re-run merges again and leaves the lineage as it was.
        const again = await runMigration(migration(target.target, { duplicatePolicy: 'merge' }), { keepTargetOpen: true });
        expect(again.status).toBe('passed');
        expect(await target.query(lineageSql)).toEqual(lineage);
      } finally {
        await target.close();
      }
    });

    it.each([
      { name: 'no thresholds', thresholds: [], status: 'passed', exit: 0 },
      { name: 'warning on any quarantine', thresholds: [{ metric: 'quarantined', maxCount: 0, severity: 'warning' }], status: 'passed_with_warnings', exit: 0 },
      {
        name: 'error over 5 % quarantined addresses',
        thresholds: [{ entity: 'address', metric: 'quarantined', maxPercent: 5, severity: 'error' }],
        status: 'failed',
        exit: 2,
      },
      {
        name: 'error under the limit',
        thresholds: [{ entity: 'address', metric: 'quarantined', maxPercent: 50, severity: 'error' }],
        status: 'passed',
        exit: 0,
      },
      { name: 'per-code rule', thresholds: [{ entity: 'persons', metric: 'issue:schema.pattern', maxCount: 0, severity: 'error' }], status: 'failed', exit: 2 },
      { name: 'per-filter rule', thresholds: [{ metric: 'filter:test-cases', maxCount: 1, severity: 'warning' }], status: 'passed', exit: 0 },
    ] as const)('thresholds: $name → $status', async ({ thresholds, status, exit }) => {
      const target = await harness.open();
      const report = await runMigration(migration(target.target, { thresholds, reconcile: false }), { dryRun: true });
      await target.close();
      expect(report.status).toBe(status);
      expect(report.exitCode).toBe(exit);
    });
  });
}

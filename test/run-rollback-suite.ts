/**
 * Undoing runs (`rollbackRun`), shared by the PGlite and PostgreSQL tests: a first load rolled back
 * leaves the store as empty as before; a delivery that updated, deleted (tombstones) and inserted
 * records rolled back leaves the store exactly as the run before it left it (every canonical table,
 * lineage, tombstones, high-water marks and documents, dumped row by row), and can be delivered again
 * with the same result; an earlier run is refused while a later one stands; the ledger shows it all.
 */
import type { NamedStores } from './helpers/named-stores.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { getModel } from '../src/core/model/model-registry.js';
import { generateFlatFileExport, flatFileMigration, FLAT_FILE_SOURCE_SYSTEM } from '../src/profiles/flat-file/index.js';
import { DELIVERY_TABLES } from '../src/targets/ledger/delivery-ledger-ddl.js';
import { LEDGER_TABLES } from '../src/targets/ledger/ledger-ddl.js';
import { RUN_HISTORY_TABLES } from '../src/targets/ledger/run-history-ledger-ddl.js';
import { DOCUMENT_TABLES } from '../src/targets/documents/document-store-ddl.js';
import { buildModelLayout } from '../src/targets/shared/entity-layout.js';
import { rollbackRun } from '../src/targets/store/index.js';
import { readExport, writeExport } from './deliveries-suite.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

/** A store under test (see `describeOnNamedStores`). */
export type RollbackBackend = NamedStores;

const TIMEOUT = 900_000;

/** Every table a run writes data into: the canonical tables, lineage, tombstones, marks and documents. */
function dataTables(): string[] {
  return [
    ...buildModelLayout(getModel()).entities.map((e) => e.qualified),
    LEDGER_TABLES.lineage,
    DELIVERY_TABLES.tombstone,
    DELIVERY_TABLES.highWater,
    DOCUMENT_TABLES.document,
    DOCUMENT_TABLES.content,
  ];
}

/** The store's data, every row of every data table as text, in order (the tables a store lacks are empty). */
async function dump(backend: RollbackBackend, name: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of dataTables()) {
    const exists = await backend.query(name, `SELECT to_regclass($1) IS NOT NULL AS ok`, [table]);
    if (exists[0]?.['ok'] !== true) {
      out[table] = '';
      continue;
    }
    const rows = await backend.query(name, `SELECT coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '') AS d FROM ${table} x`);
    out[table] = String(rows[0]?.['d'] ?? '');
  }
  return out;
}

/** The live records (id → content hash) per entity: what a delivery's result is, whichever run wrote it. */
async function liveRecords(backend: RollbackBackend, name: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const layout of buildModelLayout(getModel()).entities) {
    const rows = await backend.query(
      name,
      `SELECT coalesce(string_agg(t."id"::text || '=' || t.content_hash, ',' ORDER BY t."id"), '') AS d FROM ${layout.qualified} t
        WHERE NOT EXISTS (SELECT 1 FROM ${DELIVERY_TABLES.tombstone} d WHERE d.entity = $1 AND d.canonical_id = t."id" AND d.restored_run_id IS NULL)`,
      [layout.entity],
    );
    out[layout.entity] = String(rows[0]?.['d'] ?? '');
  }
  return out;
}

function delivered(report: RunReport): Record<string, { inserted: number; updated: number; deleted: number }> {
  return Object.fromEntries((report.delivery?.entities ?? []).map((e) => [e.entity, { inserted: e.inserted, updated: e.updated, deleted: e.deleted }]));
}

/** Registers the rollback tests for one backend. */
export function rollbackTests(backend: RollbackBackend): void {
  it(
    'rolls back a first load to the empty store, and a delivery to the store as the run before left it; refuses an earlier run while a later one stands',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cb-rollback-'));
      await generateFlatFileExport({ dir, persons: 20, seed: 21 });
      const target = await backend.target('store');
      const run = (): Promise<RunReport> =>
        runMigration(flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: { batchSize: 40 } }), {
          keepTargetOpen: true,
        });
      const empty = Object.fromEntries(dataTables().map((t) => [t, '']));

      // A first load, rolled back: nothing of it is left.
      const first = await run();
      expect(first.errors).toEqual([]);
      expect(target.loadPaths()['first-load']).toBeGreaterThan(0);
      // The first-load path keeps no history: every row it wrote is an insert, known by its run id.
      expect(await backend.query('store', `SELECT 1 FROM ${RUN_HISTORY_TABLES.history}`)).toHaveLength(0);
      const undone = await rollbackRun(target, first.runId, { actor: 'ops-1' });
      expect(undone.dryRun).toBe(false);
      expect(undone.entities.find((e) => e.entity === 'booking')?.removed).toBeGreaterThan(0);
      expect(undone.entities.every((e) => e.restored === 0)).toBe(true);
      expect(await dump(backend, 'store')).toEqual(empty);
      await expect(rollbackRun(target, first.runId)).rejects.toMatchObject({ code: 'CB_ROLLBACK_REFUSED', details: { reason: 'rolled-back' } });

      // Run 1 again, then delivery 2: one payment changed, one deleted, one new.
      const one = await run();
      expect(one.errors).toEqual([]);
      const afterOne = await dump(backend, 'store');
      const [header, ...payments] = readExport(dir, 'ZAHLUNGEN.csv');
      const changed = payments[1]!;
      const deleted = payments[2]!;
      writeExport(dir, 'ZAHLUNGEN.csv', [
        header!,
        ...payments.filter((r) => r[0] !== deleted[0]).map((r) => (r[0] === changed[0] ? [...r.slice(0, 6), "1'234.55", ...r.slice(7)] : r)),
        ['799001', ...payments[3]!.slice(1)],
      ]);
      const two = await run();
      expect(two.errors).toEqual([]);
      expect(delivered(two)['booking']).toEqual({ inserted: 1, updated: 1, deleted: 1 });
      const afterTwo = await dump(backend, 'store');
      const liveAfterTwo = await liveRecords(backend, 'store');
      // History holds exactly what delivery 2 overwrote: the changed booking and its lineage row.
      const kept = await backend.query('store', `SELECT kind, entity FROM ${RUN_HISTORY_TABLES.history} WHERE run_id = $1 ORDER BY 1, 2`, [two.runId]);
      expect(kept).toEqual([
        { kind: 'canonical', entity: 'booking' },
        { kind: 'lineage', entity: 'booking' },
      ]);

      // Run 1 cannot be undone while run 2 stands; the refusal names run 2 and changes nothing.
      await expect(rollbackRun(target, one.runId)).rejects.toMatchObject({
        code: 'CB_ROLLBACK_REFUSED',
        details: { runId: one.runId, reason: 'later-run', laterRunId: two.runId },
      });
      await expect(rollbackRun(target, one.runId)).rejects.toThrow(two.runId);

      // A dry run says what would happen and changes nothing.
      const dry = await rollbackRun(target, two.runId, { dryRun: true });
      expect(dry.dryRun).toBe(true);
      expect(dry.entities.find((e) => e.entity === 'booking')).toEqual({ entity: 'booking', removed: 1, restored: 1, undeleted: 1, redeleted: 0 });
      expect(await dump(backend, 'store')).toEqual(afterTwo);

      const rolled = await rollbackRun(target, two.runId, { actor: 'ops-1' });
      expect({ ...rolled, dryRun: true }).toEqual(dry);
      expect(await dump(backend, 'store')).toEqual(afterOne);
      expect(await backend.query('store', `SELECT 1 FROM ${RUN_HISTORY_TABLES.history} WHERE run_id = $1`, [two.runId])).toHaveLength(0);

      // The ledger shows both rollbacks: the runs marked, one entry each with counts and no record content.
      const runs = await backend.query('store', `SELECT run_id::text AS run_id, status FROM ${LEDGER_TABLES.run} ORDER BY started_at`);
      expect(runs).toEqual([
        { run_id: first.runId, status: 'rolled_back' },
        { run_id: one.runId, status: 'finished' },
        { run_id: two.runId, status: 'rolled_back' },
      ]);
      const entries = await backend.query(
        'store',
        `SELECT run_id::text AS run_id, commune, source_system, actor, counts FROM ${RUN_HISTORY_TABLES.rollback} ORDER BY rollback_id`,
      );
      expect(entries.map((e) => [e['run_id'], e['commune'], e['source_system'], e['actor']])).toEqual([
        [first.runId, TEST_COMMUNE, FLAT_FILE_SOURCE_SYSTEM, 'ops-1'],
        [two.runId, TEST_COMMUNE, FLAT_FILE_SOURCE_SYSTEM, 'ops-1'],
      ]);
      expect(entries[1]?.['counts']).toMatchObject({ lineage: rolled.lineage, entities: rolled.entities });
      expect(JSON.stringify(entries)).not.toMatch(/1'?234\.55|123455/);

      // A rolled-back run cannot be resumed: its id is spent.
      const resumed = await runMigration(
        flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: { batchSize: 40 } }),
        { keepTargetOpen: true, runId: two.runId, resume: true },
      ).catch((error: unknown) => error);
      expect(resumed).toMatchObject({ code: 'CB_CHECKPOINT_INVALID' });
      expect(await dump(backend, 'store')).toEqual(afterOne);

      // Delivery 2 again: the same outcome as the first time.
      const again = await run();
      expect(again.errors).toEqual([]);
      expect(delivered(again)).toEqual(delivered(two));
      expect(await liveRecords(backend, 'store')).toEqual(liveAfterTwo);
      // Run 1 still cannot go while the new delivery stands.
      await expect(rollbackRun(target, one.runId)).rejects.toMatchObject({ details: { laterRunId: again.runId } });
    },
    TIMEOUT,
  );
}

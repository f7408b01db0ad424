/**
 * Repeated deliveries of the flat-file reference profile, shared by the PGlite and PostgreSQL tests:
 * three deliveries with edits in between (a deleted payment, a changed payment, a new payment, a
 * deleted dossier with everything hanging off it, a payment changed back, a deleted payment delivered
 * again), each balancing and reconciling; the store's live rows equal a fresh migration of the final
 * source; a half-empty export stops at the mass-deletion guard before writing.
 */
import type { NamedStores } from './helpers/named-stores.js';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import type { MigrationOptions } from '../src/core/pipeline/migration-definition.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { getModel } from '../src/core/model/model-registry.js';
import { generateFlatFileExport, flatFileMigration, type FlatFileManifest } from '../src/profiles/flat-file/index.js';
import { DELIVERY_TABLES } from '../src/targets/ledger/delivery-ledger-ddl.js';
import { renderRunReportHtml } from '../src/core/report/render-html.js';
import { buildModelLayout } from '../src/targets/shared/entity-layout.js';
import { applyChangeFeed, applyChangeSet, emptyFeedConsumer, publishChangeSet, type FeedConsumerState } from '../src/targets/jsonl/index.js';
import { FLAT_FILE_SOURCE_SYSTEM } from '../src/profiles/flat-file/index.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

/** A store under test (see `describeOnNamedStores`). */
export type DeliveryBackend = NamedStores;

type Rows = string[][];

/** Reads a Windows-1252 semicolon export file as rows of cells (header first). */
export function readExport(dir: string, file: string): Rows {
  const text = iconv.decode(readFileSync(path.join(dir, file)), 'win1252');
  return text
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l.split(';'));
}

/** Writes rows back as the export does (Windows-1252, semicolons, CRLF). */
export function writeExport(dir: string, file: string, rows: Rows): void {
  writeFileSync(path.join(dir, file), iconv.encode(`${rows.map((r) => r.join(';')).join('\r\n')}\r\n`, 'win1252'));
}

function editExport(dir: string, file: string, edit: (body: Rows) => Rows): void {
  const [header, ...body] = readExport(dir, file);
  writeExport(dir, file, [header!, ...edit(body)]);
}

const OPTIONS: MigrationOptions = { batchSize: 48 };
/** Several deliveries into fresh stores: generous on a shared, loaded machine. */
const TIMEOUT = 900_000;

function expectDeliveryPasses(report: RunReport): void {
  expect(report.errors).toEqual([]);
  expect(report.reconciliation.status).toBe('passed');
  expect(report.entities.every((e) => e.balanced && e.extracted === e.loaded + e.filtered + e.quarantined)).toBe(true);
  expect(report.delivery?.deletions).toBe('detected');
  expect(report.delivery?.balanced).toBe(true);
  for (const e of report.delivery?.entities ?? []) expect(e.live, e.entity).toBe(e.previousLive + e.inserted - e.deleted);
}

function deliveryOf(report: RunReport, entity: string): NonNullable<RunReport['delivery']>['entities'][number] {
  const found = report.delivery?.entities.find((e) => e.entity === entity);
  if (found === undefined) throw new Error(`no delivery figures for ${entity}`);
  return found;
}

/** Live rows (id → content hash) of every canonical table of the store `name`. */
async function liveRows(backend: DeliveryBackend, name: string): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const layout of buildModelLayout(getModel()).entities) {
    const rows = await backend.query(
      name,
      `SELECT t."id"::text AS id, t.content_hash FROM ${layout.qualified} t
        WHERE NOT EXISTS (SELECT 1 FROM ${DELIVERY_TABLES.tombstone} d WHERE d.entity = $1 AND d.canonical_id = t."id" AND d.restored_run_id IS NULL)
        ORDER BY 1`,
      [layout.entity],
    );
    if (rows.length > 0) out[layout.entity] = Object.fromEntries(rows.map((r) => [String(r['id']), String(r['content_hash'])]));
  }
  return out;
}

/** The consumer's records in the shape of {@link liveRows}. */
function consumerRows(state: FeedConsumerState): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [entity, byId] of state.records) {
    if (byId.size === 0) continue;
    out[entity] = Object.fromEntries([...byId].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, r]) => [id, r.contentHash]));
  }
  return out;
}

/** Dossier keys with no planted defect on them or on their payments, members, budgets or documents. */
function cleanDossiers(dir: string, manifest: FlatFileManifest): string[] {
  const defectKeys = new Set(manifest.defects.map((d) => d.key));
  const dirty = new Set<string>();
  for (const [file, dossierColumn] of [
    ['ZAHLUNGEN.csv', 1],
    ['HAUSHALTSMITGLIEDER.csv', 1],
    ['BUDGETS.csv', 1],
    ['DOKUMENTE.csv', 1],
  ] as const) {
    for (const row of readExport(dir, file).slice(1)) if (defectKeys.has(row[0]!)) dirty.add(row[dossierColumn]!);
  }
  const payers = new Set(
    readExport(dir, 'ZAHLUNGEN.csv')
      .slice(1)
      .map((r) => r[1]!),
  );
  return readExport(dir, 'DOSSIERS.csv')
    .slice(1)
    .filter((r) => !defectKeys.has(r[0]!) && !dirty.has(r[0]!) && r[10] === 'N' && payers.has(r[0]!))
    .map((r) => r[0]!);
}

/** Registers the delivery tests for one backend. */
export function deliveryTests(backend: DeliveryBackend): void {
  it(
    'three deliveries with edits in between all balance and reconcile, and end where a fresh migration of the final source ends',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cb-deliveries-'));
      const manifest = await generateFlatFileExport({ dir, persons: 30, seed: 12 });
      const target = await backend.target('delivered');
      const feed = mkdtempSync(path.join(tmpdir(), 'cb-feed-'));
      // Every real delivery is published to the change feed right after it finished.
      const run = async (): Promise<RunReport> => {
        const report = await runMigration(flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: OPTIONS }), {
          keepTargetOpen: true,
        });
        await publishChangeSet({ dir: feed, store: target, runId: report.runId, sourceSystem: FLAT_FILE_SOURCE_SYSTEM });
        return report;
      };

      const first = await run();
      expectDeliveryPasses(first);
      expect(first.delivery?.deletedCount).toBe(0);

      // Delivery 2: one payment deleted, one changed, one new, one dossier deleted with everything of it.
      const [keep, drop] = cleanDossiers(dir, manifest);
      expect(keep).toBeDefined();
      expect(drop).toBeDefined();
      const payments = readExport(dir, 'ZAHLUNGEN.csv').slice(1);
      const ofKeep = payments.filter((r) => r[1] === keep);
      const deletedPayment = ofKeep[0]!;
      const changed = payments.find((r) => r[1] !== keep && r[1] !== drop && cleanDossiers(dir, manifest).includes(r[1]!))!;
      const changedOriginal = [...changed];
      const dropPayments = payments.filter((r) => r[1] === drop).length;
      const dropBudgets = readExport(dir, 'BUDGETS.csv')
        .slice(1)
        .filter((r) => r[1] === drop)
        .map((r) => r[0]!);
      editExport(dir, 'ZAHLUNGEN.csv', (rows) => {
        const out = rows
          .filter((r) => r[0] !== deletedPayment[0] && r[1] !== drop)
          .map((r) => (r[0] === changed[0] ? [...r.slice(0, 6), "1'234.55", ...r.slice(7)] : r));
        out.push(['799001', ...deletedPayment.slice(1)]);
        return out;
      });
      editExport(dir, 'DOSSIERS.csv', (rows) => rows.filter((r) => r[0] !== drop));
      editExport(dir, 'HAUSHALTSMITGLIEDER.csv', (rows) => rows.filter((r) => r[1] !== drop));
      editExport(dir, 'BUDGETS.csv', (rows) => rows.filter((r) => r[1] !== drop));
      editExport(dir, 'BUDGETPOSITIONEN.csv', (rows) => rows.filter((r) => !dropBudgets.includes(r[1]!)));
      editExport(dir, 'DOKUMENTE.csv', (rows) => rows.filter((r) => r[1] !== drop));

      // A dry run first: record by record what the delivery would change, then nothing of it stays.
      const changeFile = path.join(dir, 'changes.jsonl');
      const dry = await runMigration(
        flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: { ...OPTIONS, reportListLimit: 3 } }),
        { keepTargetOpen: true, dryRun: true, changeListFile: changeFile },
      );
      expect(dry.reconciliation.status).not.toBe('failed');
      const dryBookings = dry.changeList?.entities.find((e) => e.entity === 'booking');
      expect(dryBookings).toMatchObject({ insert: 1, update: 1, delete: 1 + dropPayments });
      expect(dryBookings?.records.length).toBe(3);
      const listed = readFileSync(changeFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { entity: string; change: string; fields?: string[]; reason?: string });
      expect(listed).toHaveLength(dry.changeList!.entities.reduce((t, e) => t + e.insert + e.update + e.delete, 0));
      expect(listed.find((l) => l.entity === 'booking' && l.change === 'update')?.fields).toEqual(['amountRappen']);
      expect(listed.filter((l) => l.entity === 'case' && l.change === 'delete')).toHaveLength(1);
      expect(JSON.stringify(dry)).not.toMatch(/1'?234\.55|123455/);
      expect(renderRunReportHtml(dry)).toContain('id="change-list"');
      expect(await backend.query('delivered', `SELECT 1 FROM ${DELIVERY_TABLES.tombstone}`)).toHaveLength(0);

      const second = await run();
      expectDeliveryPasses(second);
      const bookings2 = deliveryOf(second, 'booking');
      expect(renderRunReportHtml(second)).toContain('id="delivery"');
      expect(bookings2).toMatchObject({ inserted: 1, updated: 1, deleted: 1 + dropPayments, deletedBySnapshot: 1 + dropPayments });
      expect(deliveryOf(second, 'case')).toMatchObject({ inserted: 0, deleted: 1 });
      expect(second.delivery?.deleted.map((d) => d.reason)).not.toContain('cascade');
      // Control totals per booking year compare the source with the target's live rows.
      expect(second.reconciliation.controlTotals.filter((t) => t.entity === 'booking').every((t) => t.matched && t.conclusive)).toBe(true);

      // Delivery 3: the changed payment changed back, the deleted payment delivered again.
      editExport(dir, 'ZAHLUNGEN.csv', (rows) => [...rows.map((r) => (r[0] === changed[0] ? changedOriginal : r)), deletedPayment]);
      const third = await run();
      expectDeliveryPasses(third);
      expect(deliveryOf(third, 'booking')).toMatchObject({ inserted: 1, updated: 1, deleted: 0 });
      const history = await backend.query(
        'delivered',
        `SELECT reason, restored_run_id IS NOT NULL AS restored FROM ${DELIVERY_TABLES.tombstone} WHERE entity = 'booking' ORDER BY deleted_at`,
      );
      expect(history.filter((h) => h['restored'] === true)).toHaveLength(1);

      // A fourth delivery of the same source changes nothing.
      const fourth = await run();
      expectDeliveryPasses(fourth);
      for (const e of fourth.delivery?.entities ?? [])
        expect({ entity: e.entity, inserted: e.inserted, updated: e.updated, deleted: e.deleted }).toEqual({
          entity: e.entity,
          inserted: 0,
          updated: 0,
          deleted: 0,
        });

      const fresh = await backend.target('fresh');
      const reference = await runMigration(
        flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target: fresh, options: OPTIONS }),
        { keepTargetOpen: true },
      );
      expect(reference.reconciliation.status).toBe('passed');
      const expected = await liveRows(backend, 'fresh');
      expect(await liveRows(backend, 'delivered')).toEqual(expected);

      // The feed applied in order to an empty consumer holds exactly the same records.
      const consumer = emptyFeedConsumer();
      expect(await applyChangeFeed(consumer, feed)).toBe(4);
      expect(consumerRows(consumer)).toEqual(expected);
      // Only what changed travels: the fourth delivery changed nothing, the third a few bookings.
      const third3 = JSON.parse(readFileSync(path.join(feed, 'changes-000003.manifest.json'), 'utf8')) as {
        counts: Record<string, { upserts: number; deletes: number }>;
        previous: { seq: number };
      };
      expect(third3.counts['booking']).toEqual({ upserts: 2, deletes: 0 });
      expect(third3.previous.seq).toBe(2);
      expect(JSON.parse(readFileSync(path.join(feed, 'changes-000004.manifest.json'), 'utf8'))).toMatchObject({ counts: {}, file: { lines: 0 } });
      // A replayed change set and a skipped one are refused before anything is applied.
      await expect(applyChangeSet(consumer, feed, 2)).rejects.toMatchObject({ code: 'CB_FEED_REPLAY' });
      const skipping = emptyFeedConsumer();
      await applyChangeSet(skipping, feed, 1);
      await expect(applyChangeSet(skipping, feed, 3)).rejects.toMatchObject({ code: 'CB_FEED_GAP' });
      expect(skipping.lastSeq).toBe(1);
      // A run is published once.
      await expect(publishChangeSet({ dir: feed, store: target, runId: fourth.runId, sourceSystem: FLAT_FILE_SOURCE_SYSTEM })).rejects.toMatchObject({
        code: 'CB_CONFIGURATION_INVALID',
      });
    },
    TIMEOUT,
  );

  it(
    'stops a half-empty export at the mass-deletion guard before writing anything',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cb-guard-'));
      await generateFlatFileExport({ dir, persons: 30, seed: 13 });
      const target = await backend.target('guarded');
      const first = await runMigration(flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: OPTIONS }), {
        keepTargetOpen: true,
      });
      expectDeliveryPasses(first);
      const half = mkdtempSync(path.join(tmpdir(), 'cb-guard-half-'));
      cpSync(dir, half, { recursive: true });
      editExport(half, 'ZAHLUNGEN.csv', (rows) => rows.slice(0, Math.floor(rows.length / 2)));
      const stopped = await runMigration(
        flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir: half, target, options: OPTIONS }),
        { keepTargetOpen: true },
      );
      expect(stopped.status).toBe('failed');
      expect(stopped.errors.map((e) => e.code)).toEqual(['CB_DELETION_GUARD']);
      expect(stopped.errors[0]?.details).toMatchObject({ mapping: 'payments' });
      expect(stopped.entities.every((e) => e.extracted === 0)).toBe(true);
      expect(await backend.query('guarded', `SELECT 1 FROM ${DELIVERY_TABLES.tombstone}`)).toHaveLength(0);
      // With a higher guard for this one delivery, the deletions go through and reconcile.
      const allowed = await runMigration(
        flatFileMigration({
          commune: TEST_COMMUNE,
          sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
          dir: half,
          target,
          options: { ...OPTIONS, deletions: { maxShare: 0.9 } },
        }),
        { keepTargetOpen: true },
      );
      expectDeliveryPasses(allowed);
      expect(deliveryOf(allowed, 'booking').deleted).toBeGreaterThan(5);
    },
    TIMEOUT,
  );
}

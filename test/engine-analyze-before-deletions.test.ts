/**
 * The deletion pass after a wave counts and scans the tables the wave has just bulk-loaded: the engine
 * has the target analyze them first (without statistics PostgreSQL's live count took seconds per
 * million rows), and the load stage's closing `afterLoad` does not analyze them a second time.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import type { CanonicalTarget, DeletionRequest } from '../src/core/pipeline/canonical-target.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { getModel } from '../src/core/model/model-registry.js';
import { FLAT_FILE_SOURCE_SYSTEM, flatFileMigration, generateFlatFileExport } from '../src/profiles/flat-file/index.js';
import { buildModelLayout } from '../src/targets/shared/entity-layout.js';
import { describeOnNamedStores, type NamedStores } from './helpers/named-stores.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const TIMEOUT = 300_000;

/** The real target, with its `afterLoad` calls and the tables' row estimates at each deletion pass recorded. */
function observed(
  stores: NamedStores,
  name: string,
  target: CanonicalTarget,
): { target: CanonicalTarget; analyzed: string[][]; estimates: Record<string, number>[] } {
  const layout = buildModelLayout(getModel());
  const analyzed: string[][] = [];
  const estimates: Record<string, number>[] = [];
  const proxy = new Proxy(target, {
    get(t, property) {
      if (property === 'afterLoad')
        return async (entities: readonly string[]) => {
          analyzed.push([...entities]);
          await t.afterLoad!(entities);
        };
      if (property === 'applyDeletions')
        return async (request: DeletionRequest) => {
          const seen: Record<string, number> = {};
          for (const { entity } of request.entities) {
            // reltuples is -1 until the table was first analyzed (or vacuumed).
            const rows = await stores.query(name, `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)`, [layout.entity(entity).qualified]);
            seen[entity] = Number(rows[0]?.['n']);
          }
          estimates.push(seen);
          return t.applyDeletions!(request);
        };
      const value: unknown = Reflect.get(t, property, t);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
  return { target: proxy, analyzed, estimates };
}

await describeOnNamedStores('statistics before the deletion pass', 'cbanalyze', (stores) => {
  it(
    'analyzes every loaded table once per run, each wave before its deletion pass, and still tombstones what a delivery lost',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'cb-analyze-'));
      const manifest = await generateFlatFileExport({ dir, persons: 12, seed: 5 });
      const defects = new Set(manifest.defects.map((d) => d.key));
      const store = await stores.target('store');
      const produced = [
        ...new Set(flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target: store }).mappings.flatMap((m) => m.produces)),
      ];

      for (const delivery of [1, 2]) {
        if (delivery === 2) {
          // The second delivery lost one payment: the deletion pass finds it on analyzed tables.
          const file = path.join(dir, 'ZAHLUNGEN.csv');
          const lines = iconv.decode(readFileSync(file), 'win1252').split('\r\n');
          const lost = lines.findIndex((l, i) => i > 0 && l !== '' && !defects.has(l.split(';')[0]!));
          writeFileSync(file, iconv.encode(lines.filter((_, i) => i !== lost).join('\r\n'), 'win1252'));
        }
        const { target, analyzed, estimates } = observed(stores, 'store', store);
        const report = await runMigration(
          flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: { batchSize: 16 } }),
          { keepTargetOpen: true },
        );
        expect(report.errors).toEqual([]);
        expect(report.reconciliation.status).toBe('passed');
        expect(report.delivery?.deletions).toBe('detected');
        expect(report.delivery?.deletedCount).toBe(delivery === 1 ? 0 : 1);
        // Each produced entity analyzed exactly once in the run.
        const all = analyzed.flat();
        expect([...all].sort()).toEqual([...produced].sort());
        // Several waves, each analyzed before its own deletion pass: no table was without statistics then.
        expect(estimates.length).toBeGreaterThan(1);
        for (const seen of estimates) for (const [entity, n] of Object.entries(seen)) expect(n, entity).toBeGreaterThanOrEqual(0);
      }
    },
    TIMEOUT,
  );
});

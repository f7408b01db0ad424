/**
 * Four communes into one PostgreSQL canton store: the two reference profiles, each twice with another
 * seed (so legacy keys overlap: every export numbers its records from 1). No collision, every report
 * balanced and reconciled, each commune's rows counted apart, and the store is the same whatever the
 * order of the runs (per-table checksum of the business columns, i.e. without run id and load time).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connector } from '../src/core/connector/connector.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { createPostgresConnector } from '../src/connectors/postgres/postgres-connector.js';
import {
  FLAT_FILE_SOURCE_SYSTEM,
  flatFileConnector,
  flatFileMappings,
  generateFlatFileExport,
  loadFlatFileCodeLists,
} from '../src/profiles/flat-file/index.js';
import { generateRelationalSource, RELATIONAL_SOURCE_SYSTEM, relationalProfile } from '../src/profiles/relational/index.js';
import { createPostgresTarget } from '../src/targets/postgres/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { businessChecksums } from './helpers/business-checksums.js';

interface CommunePlan {
  readonly commune: number;
  readonly sourceSystem: string;
  readonly source: () => Connector;
  readonly mappings: () => Parameters<typeof defineMigration>[0]['mappings'];
}

await describeWithService('postgres', 'four communes into one PostgreSQL canton store', () => {
  const sources: TestDatabase[] = [];
  const stores: TestDatabase[] = [];
  let plans: CommunePlan[] = [];

  beforeAll(async () => {
    const flat = async (seed: number): Promise<string> => {
      const dir = mkdtempSync(path.join(tmpdir(), `cb-canton-${String(seed)}-`));
      await generateFlatFileExport({ dir, persons: 30, seed });
      return dir;
    };
    const relational = async (seed: number): Promise<string> => {
      const db = await createPostgresDatabase('cbcantonsrc');
      sources.push(db);
      await generateRelationalSource({ dialect: 'postgres', connection: db.url, persons: 40, seed, maxDocuments: 4 });
      return db.url;
    };
    const [f1, f2, r1, r2] = await Promise.all([flat(11), flat(12), relational(21), relational(22)]);
    const flatPlan = (commune: number, dir: string): CommunePlan => ({
      commune,
      sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
      source: () => flatFileConnector(dir),
      mappings: () => flatFileMappings(loadFlatFileCodeLists()),
    });
    const relPlan = (commune: number, url: string): CommunePlan => ({
      commune,
      sourceSystem: RELATIONAL_SOURCE_SYSTEM,
      source: () => createPostgresConnector({ name: RELATIONAL_SOURCE_SYSTEM, connectionString: url }),
      mappings: () => relationalProfile.mappings(),
    });
    plans = [flatPlan(351, f1), flatPlan(261, f2), relPlan(371, r1), relPlan(942, r2)];
  }, 300_000);

  afterAll(async () => {
    for (const db of [...sources, ...stores]) await db.drop();
  });

  async function runAll(order: readonly CommunePlan[]): Promise<{ url: string; reports: Map<number, RunReport>; ms: number }> {
    const store = await createPostgresDatabase('cbcanton');
    stores.push(store);
    const reports = new Map<number, RunReport>();
    const started = performance.now();
    for (const p of order) {
      const definition = defineMigration({
        name: `commune-${String(p.commune)}`,
        source: p.source(),
        commune: p.commune,
        sourceSystem: p.sourceSystem,
        mappings: p.mappings(),
        target: createPostgresTarget({ connectionString: store.url }),
        options: { batchSize: 200 },
      });
      reports.set(p.commune, await runMigration(definition));
    }
    return { url: store.url, reports, ms: performance.now() - started };
  }

  it('loads without collision, balanced and reconciled per commune, and the store does not depend on the order of the runs', async () => {
    const forward = await runAll(plans);
    for (const [commune, report] of forward.reports) {
      expect({ commune, balanced: report.entities.every((e) => e.balanced), reconciliation: report.reconciliation.status }).toEqual({
        commune,
        balanced: true,
        reconciliation: 'passed',
      });
      // Every record of a commune is new: none overwrote (updated) another commune's row.
      expect(report.entities.reduce((a, e) => a + e.updated + e.unchanged, 0)).toBe(0);
    }
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: forward.url });
    await client.connect();
    const perCommune = new Map<number, number>();
    try {
      const rows = await client.query<{ cb_commune: number; n: number }>('SELECT cb_commune, count(*)::int AS n FROM casebridge.person GROUP BY 1 ORDER BY 1');
      for (const r of rows.rows) perCommune.set(r.cb_commune, r.n);
    } finally {
      await client.end();
    }
    for (const [commune, report] of forward.reports) {
      const loaded = report.entities.filter((e) => e.name === 'person').reduce((a, e) => a + e.loaded, 0);
      expect({ commune, persons: perCommune.get(commune) }).toEqual({ commune, persons: loaded });
    }
    const backward = await runAll([...plans].reverse());
    expect(await businessChecksums(backward.url)).toEqual(await businessChecksums(forward.url));
    const figures = [...forward.reports].map(([commune, r]) => `${String(commune)}: ${String(r.entities.reduce((a, e) => a + e.loaded, 0))} rows`);
    console.info(
      `[canton figures] four communes sequential: ${figures.join(', ')}; wall ${String(Math.round(forward.ms))} ms (reverse order ${String(Math.round(backward.ms))} ms)`,
    );
  }, 900_000);
});

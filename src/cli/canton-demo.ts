/**
 * `casebridge demo --canton`: four synthetic communes (the flat-file reference profile with four seeds,
 * so that their legacy keys overlap and some people appear in two communes) migrated one after the
 * other into one embedded PGlite canton store, each with its own tenant key and run report, and the
 * canton overview over all four. No server needed; parallel canton runs on pg-boss need PostgreSQL
 * (docs/canton-store.md).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { assembleCantonOverview, personIndexOf, type CantonCommuneInput, type CantonOverview } from '../canton/canton-overview.js';
import type { Queryable } from '../canton/canton-tasks.js';
import { writeCantonOverview } from '../canton/render-canton-overview.js';
import { ConfigurationError } from '../core/errors.js';
import { createPgliteTarget } from '../targets/pglite/index.js';
import { cliContext } from './cli-context.js';
import { importProfileModule } from './config/builtin-profiles.js';

/** The demo's communes: BFS number and generator seed. */
export const CANTON_DEMO_COMMUNES = Object.freeze([
  { commune: 351, seed: 11 },
  { commune: 371, seed: 12 },
  { commune: 942, seed: 13 },
  { commune: 261, seed: 14 },
] as const);

function discard(): Writable {
  return new Writable({ write: (_c, _e, cb) => cb() });
}

/** Runs the canton demo in `out` (a prepared demo folder); returns the overview and where it was written. */
export async function runCantonDemo(
  command: Command,
  out: string,
  note: (line: string) => void,
): Promise<{ overview: CantonOverview; html: string; json: string }> {
  const { io, invoke } = cliContext(command);
  if (invoke === undefined) throw new ConfigurationError('casebridge demo --canton must be started through the casebridge CLI (runCli).');
  const mod = await importProfileModule('flat-file');
  const generate = mod['generateFlatFileExport'] as (o: { dir: string; persons: number; seed: number }) => Promise<unknown>;
  const connectorConfig = mod['flatFileConnectorConfig'] as (dir: string) => { name: string; tables: Record<string, unknown> };
  const reportsDir = path.join(out, 'canton-reports');
  const communes: CantonCommuneInput[] = [];
  for (const { commune, seed } of CANTON_DEMO_COMMUNES) {
    const dir = path.join(out, 'communes', String(commune));
    note(`Commune ${String(commune)}: generating its export and migrating it into the canton store …`);
    await generate({ dir: path.join(dir, 'source'), persons: 60, seed });
    const config = {
      name: `demo-commune-${String(commune)}`,
      tenant: { commune, sourceSystem: connectorConfig('source').name },
      source: { connector: 'files', name: connectorConfig('source').name, baseDir: 'source', tables: connectorConfig('source').tables },
      mappings: 'flat-file',
      target: { kind: 'pglite', dir: '../../store' },
      reports: { dir: path.relative(dir, path.join(reportsDir, String(commune), 'run')) },
      pseudonyms: { keyFile: '../../keys/pseudonyms.key' },
      options: { batchSize: 500, thresholds: [{ metric: 'quarantined', maxPercent: 10, severity: 'warning' }] },
    };
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'casebridge.config.json');
    await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, 'utf8');
    const started = Date.now();
    const exitCode = await invoke(['--no-progress', 'run', '--config', file, '--json'], { stdout: discard(), stderr: discard(), env: io.env, cwd: dir });
    const ok = exitCode === 0 || exitCode === 1;
    communes.push({
      commune,
      wave: 'demo',
      stages: [
        {
          stage: 'run',
          status: ok ? 'succeeded' : 'failed',
          attempts: 1,
          exitCode,
          errorCode: ok ? null : `exit-${String(exitCode)}`,
          durationMs: Date.now() - started,
        },
      ],
      runReportDir: ok ? path.join(reportsDir, String(commune), 'run') : null,
    });
  }
  const store = createPgliteTarget({ dataDir: path.join(out, 'store') });
  await store.open();
  let personIndex: Awaited<ReturnType<typeof personIndexOf>>;
  try {
    const db: Queryable = { query: (async (sql: string, params?: unknown[]) => store.pglite.query(sql, params)) as unknown as Queryable['query'] };
    personIndex = await personIndexOf(db);
  } finally {
    await store.close();
  }
  const overview = await assembleCantonOverview({ plan: 'demo-canton', reportsDir, communes, personIndex });
  return { overview, ...(await writeCantonOverview(overview, reportsDir)) };
}

/**
 * Canton runs on pg-boss (issue 11): four communes (the two reference profiles, each twice with another
 * seed, so legacy keys overlap) planned as two waves into one PostgreSQL canton store and served by two
 * worker processes, one of them SIGKILLed while it runs a commune's migration. The survivor notices the
 * lost heartbeat, fails the job, pg-boss retries it, and the retry resumes the same run id. The final
 * store equals four sequential CLI runs (per-table checksum of the business columns), every commune's
 * report balances, and the canton overview (JSON + HTML) says so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkCantonPlan } from '../src/canton/canton-plan.js';
import type { CantonOverview } from '../src/canton/canton-overview.js';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { FLAT_FILE_SOURCE_SYSTEM, flatFileConnectorConfig, generateFlatFileExport } from '../src/profiles/flat-file/index.js';
import { generateRelationalSource, RELATIONAL_SOURCE_SYSTEM } from '../src/profiles/relational/index.js';
import { createPostgresDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';
import { businessChecksums } from './helpers/business-checksums.js';

const WORKER = path.resolve('test/fixtures/canton/canton-worker-process.ts');
const COMMUNES = [351, 261, 371, 942] as const;

interface Event {
  readonly worker: string;
  readonly at: number;
  readonly kind?: string;
  readonly commune?: number;
  readonly stage?: string;
  readonly attempt?: number;
  readonly done?: boolean;
}

function startWorker(planFile: string, id: string, events: Event[]): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, planFile, id, '6'], { stdio: ['ignore', 'pipe', 'pipe'] });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as Event);
    } catch {
      // not an event line
    }
  });
  child.stderr!.on('data', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

await describeWithService('postgres', 'canton runs on pg-boss: two worker processes, one killed', () => {
  const databases: TestDatabase[] = [];
  let sequentialStore: TestDatabase;
  let cantonStore: TestDatabase;
  const root = mkdtempSync(path.join(tmpdir(), 'cb-canton-runs-'));
  const sources: Record<number, { source: Record<string, unknown>; sourceSystem: string; mappings: string }> = {};
  let sequentialMs = 0;

  function writeConfig(commune: number, storeUrl: string, folder: string): string {
    const s = sources[commune]!;
    const file = path.join(root, folder, `commune-${String(commune)}.json`);
    const config = {
      name: `commune-${String(commune)}`,
      tenant: { commune, sourceSystem: s.sourceSystem },
      source: s.source,
      mappings: s.mappings,
      target: { kind: 'postgres', url: storeUrl },
      reports: { dir: `reports-${String(commune)}` },
      pseudonyms: { keyFile: path.join(root, 'canton.key') },
    };
    writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  }

  beforeAll(async () => {
    const flat = async (commune: number, seed: number): Promise<void> => {
      const dir = mkdtempSync(path.join(tmpdir(), `cb-canton-flat-${String(seed)}-`));
      await generateFlatFileExport({ dir, persons: 30, seed });
      const c = flatFileConnectorConfig(dir);
      sources[commune] = {
        source: { connector: 'files', name: c.name, baseDir: dir, tables: c.tables },
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        mappings: 'flat-file',
      };
    };
    const relational = async (commune: number, seed: number): Promise<void> => {
      const db = await createPostgresDatabase('cbcantonrunsrc');
      databases.push(db);
      await generateRelationalSource({ dialect: 'postgres', connection: db.url, persons: 60, seed, maxDocuments: 4 });
      sources[commune] = {
        source: { connector: 'postgres', name: RELATIONAL_SOURCE_SYSTEM, connectionString: db.url },
        sourceSystem: RELATIONAL_SOURCE_SYSTEM,
        mappings: 'relational',
      };
    };
    await Promise.all([flat(351, 11), flat(261, 12), relational(371, 21), relational(942, 22)]);
    sequentialStore = await createPostgresDatabase('cbcantonseq');
    cantonStore = await createPostgresDatabase('cbcantonpar');
    databases.push(sequentialStore, cantonStore);
    mkdirSync(path.join(root, 'seq'), { recursive: true });
  }, 300_000);

  afterAll(async () => {
    for (const db of databases) await db.drop().catch(() => undefined);
  });

  it('rejects a plan with a typo, an unknown commune or a statistics stage without a period, naming the field', () => {
    expect(() => checkCantonPlan({ name: 'p', store: 'postgres://x/y', wavs: [] }, root)).toThrow(/unknown field "wavs"/);
    expect(() =>
      checkCantonPlan({ name: 'p', store: 'postgres://x/y', waves: [{ name: 'w', communes: [{ commune: 9998, config: 'a.json' }] }] }, root),
    ).toThrow(/9998 is not a BFS municipality number/);
    expect(() =>
      checkCantonPlan(
        { name: 'p', store: 'postgres://x/y', waves: [{ name: 'w', communes: [{ commune: 351, config: 'a.json', stages: ['run', 'statistics'] }] }] },
        root,
      ),
    ).toThrow(/statisticsPeriod/);
    expect(() => checkCantonPlan({ name: 'p', store: 'pglite:store', waves: [{ name: 'w', communes: [{ commune: 351, config: 'a.json' }] }] }, root)).toThrow(
      /PostgreSQL URL/,
    );
  });

  it('four communes on two workers, one SIGKILLed mid-run: every commune balances and the store equals four sequential runs', async () => {
    // Baseline: the four communes one after the other through the CLI.
    const t0 = performance.now();
    for (const commune of COMMUNES) {
      const config = writeConfig(commune, sequentialStore.url, 'seq');
      const io = captureIo({ cwd: path.dirname(config) });
      expect(await runCli(['--no-progress', 'run', '--config', config], io), `sequential run of ${String(commune)}: ${io.err()}`).toBe(0);
    }
    sequentialMs = performance.now() - t0;
    const expected = await businessChecksums(sequentialStore.url);

    // The canton plan: two waves, two communes each.
    const planFile = path.join(root, 'plan.json');
    const configs = Object.fromEntries(COMMUNES.map((c) => [c, path.basename(writeConfig(c, cantonStore.url, '.'))]));
    writeFileSync(
      planFile,
      JSON.stringify({
        name: 'bern-test',
        store: cantonStore.url,
        // One stage at a time per worker, so that both workers take work from the start.
        concurrency: 1,
        retry: { limit: 3, delaySeconds: 1 },
        reportsDir: 'canton-reports',
        statisticsPeriod: '2024',
        waves: [
          {
            name: 'wave-1',
            communes: [
              { commune: 371, config: configs[371], stages: ['dry-run', 'run'] },
              { commune: 351, config: configs[351], stages: ['run'] },
            ],
          },
          {
            name: 'wave-2',
            communes: [
              { commune: 942, config: configs[942], stages: ['run'] },
              { commune: 261, config: configs[261], stages: ['dry-run', 'run', 'statistics'] },
            ],
          },
        ],
      }),
    );
    const planIo = captureIo({ cwd: root });
    expect(await runCli(['canton', 'plan', '--plan', planFile], planIo), planIo.err()).toBe(0);
    expect(planIo.out()).toContain('7 tasks over 2 wave(s), 2 queued now');

    const events: Event[] = [];
    const t1 = performance.now();
    const a = startWorker(planFile, 'worker-a', events);
    const b = startWorker(planFile, 'worker-b', events);
    // Kill the first worker that runs a commune's migration (the run stage, not a dry run), mid-run.
    await until(() => events.some((e) => e.kind === 'started' && e.stage === 'run'), 400_000, 'a worker to start a run stage');
    const victim = events.find((e) => e.kind === 'started' && e.stage === 'run')!;
    const [killed, survivor] = victim.worker === 'worker-a' ? [a, b] : [b, a];
    const survivorId = victim.worker === 'worker-a' ? 'worker-b' : 'worker-a';
    await new Promise((r) => setTimeout(r, 700));
    const killedAt = Date.now();
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toBeNull();
    expect(await survivor.exited).toBe(0);
    const parallelMs = performance.now() - t1;

    // The lost stage was noticed by the survivor and finished by it on a later attempt.
    const lost = events.find((e) => e.kind === 'lost' && e.commune === victim.commune && e.stage === 'run');
    expect(lost?.worker).toBe(survivorId);
    const resumed = events.find((e) => e.worker === survivorId && e.kind === 'succeeded' && e.commune === victim.commune && e.stage === 'run');
    expect(resumed?.attempt).toBeGreaterThan(1);
    const done = events.find((e) => e.worker === survivorId && e.done === true) as Event & { tasks: { status: string }[] };
    expect(done.tasks.map((t) => t.status)).toEqual(Array(7).fill('succeeded'));
    console.info(
      `canton: sequential ${(sequentialMs / 1000).toFixed(1)} s, two workers ${(parallelMs / 1000).toFixed(1)} s; ` +
        `killed worker cost ${((resumed!.at - killedAt) / 1000).toFixed(1)} s from the kill to the resumed run's end (commune ${String(victim.commune)})`,
    );

    // Same store as the sequential runs, to the business column.
    expect(await businessChecksums(cantonStore.url)).toEqual(expected);

    // Every commune's run report balances and reconciles; the overview says so.
    const statusIo = captureIo({ cwd: root });
    expect(await runCli(['--json', 'canton', 'status', '--plan', planFile], statusIo), statusIo.err()).toBe(0);
    const overview = JSON.parse(readFileSync(path.join(root, 'canton-reports', 'canton-overview.json'), 'utf8')) as CantonOverview;
    expect(overview.status).toBe('done');
    expect(overview.totals).toMatchObject({ communes: 4, succeeded: 4, failed: 0, pending: 0 });
    for (const c of overview.communes) {
      const report = JSON.parse(readFileSync(path.join(root, 'canton-reports', c.run!.reportJson!), 'utf8')) as RunReport;
      expect(
        report.entities.every((e) => e.balanced),
        String(c.commune),
      ).toBe(true);
      expect(c.run).toMatchObject({
        conservation: 'balanced',
        reconciliation: 'passed',
        status: report.status,
        loaded: report.entities.reduce((t, e) => t + e.loaded, 0),
      });
    }
    expect(overview.communes.find((c) => c.commune === victim.commune)!.stages.find((s) => s.stage === 'run')!.attempts).toBeGreaterThan(1);
    // The statistics stage ran the canton indicators of the commune (suppressed counts only).
    const stats = JSON.parse(statusIo.out()) as { tasks: { commune: number; stage: string; outcome: { indicators?: { scope?: string } } | null }[] };
    expect(stats.tasks.find((t) => t.commune === 261 && t.stage === 'statistics')?.outcome?.indicators?.scope).toContain('261');
    expect(
      overview.personIndex?.communes
        .filter((c) => c.commune !== null)
        .map((c) => c.commune)
        .sort(),
    ).toEqual([...COMMUNES].sort());
  }, 900_000);
});

/**
 * Canton figures (issue 11): N synthetic communes (flat-file reference profile, overlapping legacy keys)
 * migrated into one PostgreSQL canton store, first one after the other (`casebridge run` per commune),
 * then by W `casebridge canton run` worker processes on pg-boss, and optionally once more with one
 * worker SIGKILLed mid-run (what a lost worker costs). Prints and writes bench/results/canton-<N>.md.
 *
 *   npx tsx bench/canton.ts [--communes 4] [--persons 300] [--workers 2] [--concurrency 1] [--kill]
 *
 * Uses the built CLI (bin/casebridge.js → dist; `npm run build` first).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateFlatFileExport, flatFileConnectorConfig, FLAT_FILE_SOURCE_SYSTEM } from '../src/profiles/flat-file/index.js';
import { createPgDatabase, dropPgDatabase, PG_ADMIN_URL, databaseUrl } from './lib/bench-databases.js';

const { values } = parseArgs({
  options: {
    communes: { type: 'string', default: '4' },
    persons: { type: 'string', default: '300' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '1' },
    kill: { type: 'boolean', default: false },
  },
});
const N = Number(values.communes);
const PERSONS = Number(values.persons);
const WORKERS = Number(values.workers);
const CONCURRENCY = Number(values.concurrency);
const BFS = [351, 371, 942, 261, 939, 402, 404, 405, 406, 407, 408, 409];
const CLI = path.resolve('bin/casebridge.js');
const root = mkdtempSync(path.join(tmpdir(), 'cb-bench-canton-'));

function cli(args: string[], cwd: string): Promise<number | null> {
  return new Promise((resolve) => spawn(process.execPath, [CLI, '--no-progress', ...args], { cwd, stdio: 'ignore' }).on('exit', (code) => resolve(code)));
}

/** The task states of a plan (`canton status --json`). */
function statuses(plan: string, cwd: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--json', 'canton', 'status', '--plan', plan], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('exit', () => {
      try {
        resolve(
          (JSON.parse(Buffer.concat(out).toString('utf8')) as { tasks: { status: string; attempts: number }[] }).tasks.map(
            (t) => `${t.status}×${String(t.attempts)}`,
          ),
        );
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

async function main(): Promise<void> {
  const communes = BFS.slice(0, N);
  const sources: Record<number, string> = {};
  for (const [i, commune] of communes.entries()) {
    const dir = path.join(root, 'sources', String(commune));
    await generateFlatFileExport({ dir, persons: PERSONS, seed: 100 + i });
    sources[commune] = dir;
  }
  const stores = ['seq', 'par', ...(values.kill ? ['kill'] : [])].map((s) => `cbbench_canton_${String(process.pid)}_${s}`);
  for (const s of stores) await createPgDatabase(s);
  const figures: Record<string, number> = {};
  const attempts: Record<string, string> = {};
  try {
    const configFor = (variant: string, commune: number, store: string): string => {
      const dir = path.join(root, variant);
      mkdirSync(dir, { recursive: true });
      const c = flatFileConnectorConfig(sources[commune]!);
      const file = path.join(dir, `commune-${String(commune)}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          name: `bench-${String(commune)}`,
          tenant: { commune, sourceSystem: FLAT_FILE_SOURCE_SYSTEM },
          source: { connector: 'files', name: c.name, baseDir: sources[commune], tables: c.tables },
          mappings: 'flat-file',
          target: { kind: 'postgres', url: databaseUrl(PG_ADMIN_URL, store) },
          reports: { dir: `reports-${String(commune)}` },
          pseudonyms: { keyFile: path.join(root, 'bench.key') },
          options: { thresholds: [] },
        }),
      );
      return file;
    };
    const t = performance.now();
    for (const commune of communes) {
      const code = await cli(['run', '--config', configFor('seq', commune, stores[0]!)], root);
      if (code !== 0 && code !== 1) throw new Error(`sequential run of ${String(commune)} exited ${String(code)}`);
    }
    figures['sequential'] = performance.now() - t;

    const parallel = async (variant: string, store: string, kill: boolean): Promise<number> => {
      const plan = path.join(root, variant, 'plan.json');
      writeFileSync(
        plan,
        JSON.stringify({
          name: `bench-${variant}`,
          store: databaseUrl(PG_ADMIN_URL, store),
          concurrency: CONCURRENCY,
          retry: { limit: 3, delaySeconds: 1 },
          waves: [{ name: 'all', communes: communes.map((c) => ({ commune: c, config: configFor(variant, c, store), stages: ['run'] })) }],
        }),
      );
      const start = performance.now();
      const workers = Array.from({ length: WORKERS }, () =>
        spawn(process.execPath, [CLI, '--no-progress', 'canton', 'run', '--plan', plan, '--stale-seconds', '6'], { cwd: root, stdio: 'ignore' }),
      );
      const exits = workers.map((w) => new Promise<number | null>((resolve) => w.on('exit', (code) => resolve(code))));
      if (kill) {
        await new Promise((r) => setTimeout(r, 4000));
        workers[0]!.kill('SIGKILL');
      }
      await Promise.all(exits);
      const took = performance.now() - start;
      const states = await statuses(plan, root);
      if (!states.every((st) => st.startsWith('succeeded'))) throw new Error(`${variant}: not every commune succeeded: ${states.join(', ')}`);
      attempts[variant] = states.join(', ');
      return took;
    };
    figures['parallel'] = await parallel('par', stores[1]!, false);
    if (values.kill) figures['parallelKilled'] = await parallel('kill', stores[2]!, true);
  } finally {
    for (const s of stores) await dropPgDatabase(s).catch(() => undefined);
  }
  const s = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
  const md = [
    `# Canton runs: ${String(N)} communes × ${String(PERSONS)} persons (flat-file profile)`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on this machine (2 cores, shared); \`npx tsx bench/canton.ts --communes ${String(N)} --persons ${String(PERSONS)} --workers ${String(WORKERS)} --concurrency ${String(CONCURRENCY)}${values.kill ? ' --kill' : ''}\`.`,
    '',
    '| Variant | Wall time | Tasks (status × attempts) |',
    '| --- | ---: | --- |',
    `| ${String(N)} sequential \`casebridge run\` (one process each) | ${s(figures['sequential'])} | all exit 0/1 |`,
    `| ${String(WORKERS)} \`canton run\` workers × concurrency ${String(CONCURRENCY)} | ${s(figures['parallel'])} | ${attempts['par'] ?? ''} |`,
    ...(values.kill
      ? [`| the same, one worker SIGKILLed after 4 s (its stage resumed by another) | ${s(figures['parallelKilled'])} | ${attempts['kill'] ?? ''} |`]
      : []),
    '',
    'Wall times include starting each process (the CLI and its imports). A lost worker costs the stale',
    'heartbeat window (`--stale-seconds 6` here), the retry back-off and the redone part of the killed batch.',
    '',
  ].join('\n');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/canton-${String(N)}.md`, md);
  console.log(md);
}

await main();

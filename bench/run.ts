/**
 * `npm run bench` — generates synthetic legacy data at a chosen scale into MariaDB and PostgreSQL
 * sources, then measures on the same data, each loader in its own process with its peak RSS sampled
 * from /proc: the raw baseline (mysql2 stream → COPY; multi-row INSERT), pgloader when installed, and
 * the full casebridge migration into PostgreSQL (dry run first into the empty target, then the real
 * run with reconciliation). Writes `bench/results/<workload>-<scale>.{json,md}` and the scale curve.
 *
 * Usage: npm run bench -- [--scale 0.1m|1m|5m|10m | --bookings N | --tiny] [--workload ledger|relational]
 *        [--no-pgloader] [--no-insert] [--no-dry] [--pg-source] [--cpu-prof] [--rerun] [--compare-upsert] [--batch 1000] [--ids uuidv5|ordered] [--workers N] [--keep]
 *        [--out bench/results]
 *        npm run bench -- --render bench/results/<file>.json   (re-render the Markdown of a result)
 *        npm run bench -- --delta --scale 1m [--delta-snapshot]   (a delivery of 1 % changes with a stamp: bench/delta-delivery.ts)
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createMariaDatabase, createPgDatabase, dropMariaDatabase, dropPgDatabase } from './lib/bench-databases.js';
import { lastJsonLine, runMeasured } from './lib/child-process-run.js';
import { workloadNamed } from './lib/bench-workload.js';
import './lib/profile-workload.js';
import { figures, loadRatio, pgloaderFigures, renderMarkdown, round, writeScaleCurve, type BenchResult } from './lib/bench-results.js';
import type { MigrationChildResult } from './lib/migration-child.js';
import { runPgloader } from './lib/pgloader-run.js';

const SCALES: Readonly<Record<string, number>> = { tiny: 2_000, '0.1m': 100_000, '1m': 1_000_000, '5m': 5_000_000, '10m': 10_000_000 };
const here = path.dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string' },
    bookings: { type: 'string' },
    tiny: { type: 'boolean', default: false },
    workload: { type: 'string', default: 'ledger' },
    'no-pgloader': { type: 'boolean', default: false },
    'no-insert': { type: 'boolean', default: false },
    'no-dry': { type: 'boolean', default: false },
    'pg-source': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    rerun: { type: 'boolean', default: false },
    'compare-upsert': { type: 'boolean', default: false },
    batch: { type: 'string', default: '1000' },
    // The casebridge runs' id scheme (every run of one bench goes into fresh stores, so any scheme works).
    ids: { type: 'string', default: 'uuidv5' },
    // Map worker threads of the casebridge runs (0: map, validate and hash on the main thread).
    workers: { type: 'string', default: '0' },
    keep: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(here, 'results') },
    render: { type: 'string' },
    delta: { type: 'boolean', default: false },
    'delta-snapshot': { type: 'boolean', default: false },
  },
});

if (args.render !== undefined) {
  // Re-renders the Markdown of an existing result (after a change of the table layout).
  const file = path.resolve(args.render);
  const result = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
  writeFileSync(file.replace(/\.json$/, '.md'), renderMarkdown(result));
  writeScaleCurve(path.dirname(file), result.workload);
  process.exit(0);
}

const scale = args.tiny ? 'tiny' : (args.scale ?? (args.bookings ? `${args.bookings}` : '0.1m'));
const requested = args.bookings ? Number(args.bookings) : SCALES[scale];
if (requested === undefined || !Number.isInteger(requested) || requested < 100)
  throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')} (or --bookings N ≥ 100)`);
const bookings: number = requested;
if (args.ids !== 'uuidv5' && args.ids !== 'ordered') throw new Error('--ids must be uuidv5 or ordered');
const workers = Number(args.workers);
if (!Number.isInteger(workers) || workers < 0) throw new Error('--workers must be an integer from 0 and up');
const workload = workloadNamed(args.workload);
const outDir = path.resolve(args.out);
mkdirSync(outDir, { recursive: true });
const profileDir = path.join(outDir, 'profiles');

if (args.delta) {
  // Issue 12: a delivery of 1 % changes with a modification stamp (bench/delta-delivery.ts); --scale counts source rows.
  const { runDeltaBench } = await import('./delta-delivery.js');
  process.stdout.write(
    `${await runDeltaBench({ rows: bookings, scale, outDir, keep: args.keep, snapshot: args['delta-snapshot'], batchSize: Number(args.batch) })}\n`,
  );
  process.exit(0);
}
const log = (msg: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

const tsxNode = (script: string, scriptArgs: readonly string[], prof: string | null): [string, string[]] => [
  process.execPath,
  [
    ...(prof === null ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${prof}.cpuprofile`]),
    '--import',
    'tsx',
    path.join(here, 'lib', script),
    ...scriptArgs,
  ],
];

async function countRows(url: string, schema: string, tables: readonly string[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let total = 0;
    for (const t of tables) {
      const r = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${schema}"."${t}"`).catch(() => ({ rows: [{ n: '0' }] }));
      total += Number(r.rows[0]!.n);
    }
    return total;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const tag = `cbbench_${process.pid}`;
  const names = {
    maria: `${tag}_src`,
    pgSource: `${tag}_src`,
    raw: `${tag}_raw`,
    rawInsert: `${tag}_ins`,
    pgloader: `${tag}_pgl`,
    target: `${tag}_cb`,
    targetPg: `${tag}_cbpg`,
  };
  const loadAtStart = round(os.loadavg()[0]!, 1);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-'));
  const created: { pg: string[]; maria: string[] } = { pg: [], maria: [] };
  const pgDb = async (name: string): Promise<string> => {
    created.pg.push(name);
    return createPgDatabase(name);
  };
  try {
    log(`workload ${workload.name}, scale ${scale} (${bookings.toLocaleString('en-US')} bookings)`);
    created.maria.push(names.maria);
    const mariaUrl = await createMariaDatabase(names.maria);
    const pgSourceUrl = await pgDb(names.pgSource);
    const t0 = performance.now();
    const sourceRows = await workload.generate({ bookings, mariaUrl, pgUrl: pgSourceUrl, workDir, seed: 42 });
    const generateSeconds = round((performance.now() - t0) / 1000, 1);
    const totalRows = Object.values(sourceRows).reduce((a, b) => a + b, 0);
    log(`generated ${totalRows.toLocaleString('en-US')} source rows in ${generateSeconds} s`);
    const prof = (name: string): string | null => (args['cpu-prof'] ? `${workload.name}-${scale}-${name}` : null);

    const rawUrl = await pgDb(names.raw);
    const raw = await runMeasured(...tsxNode('raw-copy-child.ts', ['copy', workload.name, mariaUrl, rawUrl], prof('raw-copy')));
    const rawOut = lastJsonLine<{ rows: number; seconds: number; cpuSeconds: number; dbCpuSeconds?: number }>(raw, 'raw COPY');
    const rawCopy = {
      ...figures(rawOut.rows, rawOut.seconds, raw.peakRssMb, rawOut.cpuSeconds),
      ...(rawOut.dbCpuSeconds === undefined ? {} : { dbCpuSeconds: rawOut.dbCpuSeconds }),
    };
    log(
      `raw COPY: ${rawCopy.rowsPerSecond.toLocaleString('en-US')} rows/s, ${rawCopy.peakRssMb} MB, CPU ${rawCopy.cpuSeconds ?? '–'} s + db ${rawOut.dbCpuSeconds ?? '–'} s`,
    );
    await dropPgDatabase(names.raw);

    let rawInsert: BenchResult['rawInsert'] = null;
    if (!args['no-insert']) {
      const insUrl = await pgDb(names.rawInsert);
      const ins = await runMeasured(...tsxNode('raw-copy-child.ts', ['insert', workload.name, mariaUrl, insUrl], null));
      const insOut = lastJsonLine<{ rows: number; seconds: number; cpuSeconds: number }>(ins, 'raw INSERT');
      rawInsert = figures(insOut.rows, insOut.seconds, ins.peakRssMb, insOut.cpuSeconds);
      log(`raw INSERT: ${rawInsert.rowsPerSecond.toLocaleString('en-US')} rows/s`);
      await dropPgDatabase(names.rawInsert);
    }

    let pgloader: BenchResult['pgloader'] = { skipped: 'disabled by --no-pgloader' };
    if (!args['no-pgloader']) {
      const pglUrl = await pgDb(names.pgloader);
      const r = await runPgloader(mariaUrl, pglUrl, workDir);
      pgloader = pgloaderFigures(r, r.ran ? await countRows(pglUrl, names.maria, workload.tables) : 0);
      log(
        `pgloader: ${'skipped' in pgloader ? pgloader.skipped : `${pgloader.rowsPerSecond.toLocaleString('en-US')} rows/s, ${pgloader.rows} rows, ${pgloader.peakRssMb} MB`}`,
      );
      await dropPgDatabase(names.pgloader);
    }

    const targetUrl = await pgDb(names.target);
    const cbRun = async (
      mode: 'real' | 'dry',
      source: 'mariadb' | 'postgres',
      sourceUrl: string,
      url: string,
      variant = '',
      env: NodeJS.ProcessEnv = {},
    ): Promise<MigrationChildResult & { peakRssMb: number; wallSeconds: number }> => {
      const [command, childArgs] = tsxNode(
        'migration-child.ts',
        [mode, workload.name, source, sourceUrl, url, args.batch],
        prof(`casebridge-${mode}${variant}-${source}`),
      );
      const run = await runMeasured(command, childArgs, { env: { ...process.env, BENCH_IDS: args.ids, BENCH_WORKERS: String(workers), ...env } });
      const out = lastJsonLine<MigrationChildResult>(run, `casebridge ${mode} run`);
      log(
        `casebridge ${mode} (${source}): ${out.rows} rows in ${round(out.seconds)} s, status ${out.status}, reconciliation ${out.reconciliation}, ${round(run.peakRssMb, 1)} MB, CPU ${out.cpuSeconds} s (main thread ${out.mainThreadSeconds ?? '–'} s CPU, ${out.mainThreadBusySeconds ?? '–'} s busy; ${workers} workers) + db ${out.dbCpuSeconds ?? '–'} s`,
      );
      return { ...out, peakRssMb: round(run.peakRssMb, 1), wallSeconds: round(out.seconds) };
    };
    const dry = args['no-dry'] ? null : await cbRun('dry', 'mariadb', mariaUrl, targetUrl);
    const real = await cbRun('real', 'mariadb', mariaUrl, targetUrl);
    // The same source again into the same store: every batch takes the upsert path, every record unchanged.
    const rerun = args.rerun ? await cbRun('real', 'mariadb', mariaUrl, targetUrl, '-rerun') : null;
    // The first-load path switched off, into a fresh store: the staged upsert path the fast path replaces.
    const upsertOnly = args['compare-upsert']
      ? await cbRun('real', 'mariadb', mariaUrl, await pgDb(`${names.target}_upsert`), '-upsert', { BENCH_FIRST_LOAD: '0' })
      : null;
    let fromPostgres: BenchResult['casebridge']['fromPostgres'] = null;
    if (args['pg-source']) fromPostgres = await cbRun('real', 'postgres', pgSourceUrl, await pgDb(names.targetPg));

    const loadMs = real.durationsMs['total']! - real.durationsMs['reconcile']!;
    const pipelineRowsPerSecond = Math.round(real.rows / (loadMs / 1000));
    const stages = Object.fromEntries(
      ['extract', 'map', 'validate', 'load', 'reconcile'].map((s) => [
        s,
        { ms: real.durationsMs[s]!, rowsPerSecond: Math.round((real.rows / Math.max(1, real.durationsMs[s]!)) * 1000) },
      ]),
    );
    const ratios: BenchResult['ratios'] = {
      pipelineVsRawCopy: round(pipelineRowsPerSecond / rawCopy.rowsPerSecond),
      pipelineVsRawInsert: rawInsert ? round(pipelineRowsPerSecond / rawInsert.rowsPerSecond) : null,
      pipelineVsPgloader: 'skipped' in pgloader ? null : round(pipelineRowsPerSecond / pgloader.rowsPerSecond),
      reconcileVsLoad: round(real.durationsMs['reconcile']! / loadMs),
      dryVsReal: dry ? round((dry.wallSeconds * 1000) / loadMs) : null,
    };
    const result: BenchResult = {
      benchVersion: 1,
      workload: workload.name,
      scale,
      bookings,
      sourceRows,
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
      measuredAt: new Date().toISOString(),
      loadAverage: { start: loadAtStart, end: round(os.loadavg()[0]!, 1) },
      generateSeconds,
      idScheme: args.ids,
      workers,
      rawCopy,
      rawInsert,
      pgloader,
      casebridge: { source: 'mariadb', real, dry, pipelineRowsPerSecond, stages, fromPostgres, rerun, upsertOnly },
      ratios,
      targets: {
        'pipeline rows/s ÷ raw COPY': { value: ratios.pipelineVsRawCopy, bound: '≥ 0.5', met: ratios.pipelineVsRawCopy >= 0.5 },
        'peak RSS MB (real run)': { value: real.peakRssMb, bound: '< 300', met: real.peakRssMb < 300 },
        'reconciliation ÷ load': { value: ratios.reconcileVsLoad, bound: '≤ 0.3', met: ratios.reconcileVsLoad <= 0.3 },
        'dry run ÷ real load': { value: ratios.dryVsReal, bound: '≤ 1.2', met: ratios.dryVsReal === null ? null : ratios.dryVsReal <= 1.2 },
        ...(rerun === null
          ? {}
          : {
              're-run of an unchanged source ÷ raw COPY': {
                value: loadRatio(rerun, rawCopy.rowsPerSecond),
                bound: '≥ 0.25',
                met: loadRatio(rerun, rawCopy.rowsPerSecond) >= 0.25,
              },
            }),
        'status / reconciliation': { value: null, bound: 'passed / passed', met: real.reconciliation === 'passed' && real.status !== 'failed' },
      },
      cpuProfiles: args['cpu-prof']
        ? readdirSync(profileDir)
            .filter((f) => f.startsWith(`${workload.name}-${scale}-`))
            .map((f) => path.relative(process.cwd(), path.join(profileDir, f)))
        : [],
    };
    const base = path.join(outDir, `${workload.name}-${scale}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    const md = renderMarkdown(result);
    writeFileSync(`${base}.md`, md);
    writeScaleCurve(outDir, workload.name);
    process.stdout.write(`${md}\n`);
    log(`results: ${path.relative(process.cwd(), base)}.{json,md}`);
  } finally {
    if (!args.keep) {
      for (const name of created.pg) await dropPgDatabase(name).catch(() => undefined);
      for (const name of created.maria) await dropMariaDatabase(name).catch(() => undefined);
      rmSync(workDir, { recursive: true, force: true });
    }
  }
}

await main();

/**
 * One casebridge migration as its own process (so its peak RSS is its own): the workload's mappings
 * from a MariaDB or PostgreSQL source into the PostgreSQL canonical target, real or dry run. Prints one
 * JSON line with the report's figures (counts, stage durations, reconciliation) — no personal data.
 * Usage: tsx bench/lib/migration-child.ts <real|dry> <workload> <mariadb|postgres> <sourceUrl> <targetUrl> [batchSize]
 * `BENCH_FIRST_LOAD=0` turns the target's first-load path off (every batch staged and upserted), to
 * compare the two paths in one bench run. `BENCH_IDS=ordered` runs under the ordered id scheme. `BENCH_WORKERS=n`
 * maps, validates and hashes in n worker threads (the workload's `workerModule`). `BENCH_TIMELINE=1` prints the overlap of Node and PostgreSQL
 * work over the load stage (`overlap-timeline.ts`) to stderr; `BENCH_SQL_TIMING=1` the time per statement.
 */
import { readFileSync } from 'node:fs';
import { createMysqlConnector } from '../../src/connectors/mysql/index.js';
import { createPostgresConnector } from '../../src/connectors/postgres/index.js';
import { defineMigration } from '../../src/mappings/define-migration.js';
import { runMigration } from '../../src/core/pipeline/run-migration.js';
import { createPostgresTarget } from '../../src/targets/postgres/index.js';
import { workloadNamed } from './bench-workload.js';
import { BackendCpu, trackedPool } from './backend-cpu.js';
import { SQL_TIMINGS, timedPool } from './timed-pool.js';
import { OverlapTimeline } from './overlap-timeline.js';
import './profile-workload.js';

/** The figures a migration child reports. */
export interface MigrationChildResult {
  readonly mode: 'real' | 'dry';
  readonly status: string;
  /** Why the run failed (the report's reason codes), empty when it passed. */
  readonly reasons: readonly string[];
  /** Error-severity case-check findings by code (they count toward the run's thresholds). */
  readonly caseErrorsByCode: Readonly<Record<string, number>>;
  readonly reconciliation: string;
  readonly exitCode: number;
  readonly rows: number;
  readonly loaded: number;
  readonly filtered: number;
  readonly quarantined: number;
  readonly quarantinedByCode: Readonly<Record<string, number>>;
  readonly hashesChecked: number;
  readonly durationsMs: Readonly<Record<string, number>>;
  readonly entities: readonly { name: string; extracted: number; loaded: number; filtered: number; quarantined: number }[];
  readonly seconds: number;
  readonly selfPeakRssMb: number;
  /** CPU seconds (user + system) of this process: steadier than wall time on a shared machine. */
  readonly cpuSeconds: number;
  /** Map worker threads (0: map, validate and hash on the main thread). */
  readonly workers?: number;
  /**
   * CPU seconds of the main thread alone (Linux `/proc/self/task/<pid>/stat`; Node 20 has no
   * `process.threadCpuUsage`): `cpuSeconds` also counts the worker threads and V8's helper threads.
   */
  readonly mainThreadSeconds?: number;
  /** Seconds the main thread's event loop was not idle (`performance.eventLoopUtilization`; includes waiting for a core). */
  readonly mainThreadBusySeconds?: number;
  /** CPU seconds of the target database's backends serving this run (`backend-cpu.ts`). */
  readonly dbCpuSeconds?: number;
  /** Batches written by each path of the target (first-load COPY, staged upsert). */
  readonly loadPaths?: Readonly<Record<string, number>>;
}

/** User + system CPU seconds of the main thread (the task whose id is the pid), or undefined off Linux. */
function mainThreadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`: 100 on Linux). */
const CLOCK_TICKS = 100;

async function main(): Promise<void> {
  const [mode, workloadName, sourceKind, sourceUrl, targetUrl, batch] = process.argv.slice(2) as [string, string, string, string, string, string | undefined];
  const workload = workloadNamed(workloadName);
  const { mappings, sourceSystem, thresholds } = await workload.migration();
  const source =
    sourceKind === 'postgres'
      ? createPostgresConnector({ name: sourceSystem, connectionString: sourceUrl })
      : createMysqlConnector({ name: sourceSystem, connectionString: sourceUrl });
  const backends = new BackendCpu();
  const pool = trackedPool(targetUrl, backends, process.env.BENCH_SQL_TIMING === '1' ? timedPool(targetUrl) : undefined);
  const target = createPostgresTarget({ pool, firstLoad: process.env.BENCH_FIRST_LOAD !== '0' });
  const workers = Number(process.env.BENCH_WORKERS ?? '0');
  if (workers > 0 && workload.workerModule === undefined) throw new Error(`The ${workload.name} workload has no worker module.`);
  const definition = defineMigration({
    name: `bench-${workload.name}`,
    source,
    commune: 351,
    sourceSystem,
    mappings,
    target,
    options: {
      batchSize: Number(batch ?? 1000),
      idScheme: process.env.BENCH_IDS === 'ordered' ? 'ordered' : 'uuidv5',
      ...(thresholds === undefined ? {} : { thresholds }),
      ...(workers > 0 && workload.workerModule !== undefined ? { workers: { count: workers, ...workload.workerModule } } : {}),
    },
  });
  const timeline = process.env.BENCH_TIMELINE === '1' ? new OverlapTimeline(backends) : undefined;
  const started = performance.now();
  const eluStart = performance.eventLoopUtilization();
  const mainCpuStart = mainThreadCpuSeconds();
  const report = await runMigration(definition, {
    dryRun: mode === 'dry',
    ...(timeline === undefined
      ? {}
      : {
          onProgress: (event) => {
            if (event.type === 'batch-committed') timeline.batchCommitted();
            if (event.type === 'stage' && event.stage === 'reconcile') timeline.loadEnded();
          },
        }),
  });
  if (timeline !== undefined) process.stderr.write(`${timeline.stop()}\n`);
  const seconds = (performance.now() - started) / 1000;
  const mainThreadBusySeconds = Math.round(performance.eventLoopUtilization(eluStart).active / 10) / 100;
  const mainCpuEnd = mainThreadCpuSeconds();
  const mainThreadSeconds = mainCpuStart === undefined || mainCpuEnd === undefined ? undefined : Math.round((mainCpuEnd - mainCpuStart) * 100) / 100;
  const dbCpuSeconds = backends.seconds();
  await pool.end();
  const result: MigrationChildResult = {
    mode: mode === 'dry' ? 'dry' : 'real',
    status: report.status,
    reasons: report.reasons,
    caseErrorsByCode: report.caseChecks?.errorsByCode ?? {},
    reconciliation: report.reconciliation.status,
    exitCode: report.exitCode,
    rows: report.entities.reduce((t, e) => t + e.extracted, 0),
    loaded: report.entities.reduce((t, e) => t + e.loaded, 0),
    filtered: report.entities.reduce((t, e) => t + e.filtered, 0),
    quarantined: report.quarantine.total,
    quarantinedByCode: report.quarantine.byCode,
    hashesChecked: report.reconciliation.hashes?.checked ?? 0,
    durationsMs: report.durationsMs,
    entities: report.entities.map((e) => ({ name: e.name, extracted: e.extracted, loaded: e.loaded, filtered: e.filtered, quarantined: e.quarantined })),
    seconds,
    selfPeakRssMb: process.resourceUsage().maxRSS / 1024,
    cpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e4) / 100,
    workers,
    ...(mainThreadSeconds === undefined ? {} : { mainThreadSeconds }),
    mainThreadBusySeconds,
    dbCpuSeconds,
    loadPaths: target.loadPaths(),
  };
  if (process.env.BENCH_SQL_TIMING === '1') {
    for (const [k, v] of [...SQL_TIMINGS].sort((a, b) => b[1].ms - a[1].ms))
      process.stderr.write(`${v.ms.toFixed(0).padStart(8)} ms ${String(v.calls).padStart(6)}x  ${k}\n`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();

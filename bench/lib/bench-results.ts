/**
 * The result of one benchmark run (JSON, commit-worthy) and its Markdown rendering, plus the scale
 * curve across all results of a workload found in the results directory.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MigrationChildResult } from './migration-child.js';
import type { PgloaderResult } from './pgloader-run.js';

/** A loader measured from the outside. */
export interface LoaderFigures {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly peakRssMb: number;
  /** CPU seconds of the loader's own process (user + system), when it reports them. */
  readonly cpuSeconds?: number;
  /** CPU seconds of the PostgreSQL backends that served the loader, when measured. */
  readonly dbCpuSeconds?: number;
}

/** A loader's CPU seconds, with its database backends' when measured (`11.3 + 20.1 db`). */
function cpu(f: { readonly cpuSeconds?: number; readonly dbCpuSeconds?: number }): string {
  if (f.cpuSeconds === undefined) return '–';
  return f.dbCpuSeconds === undefined ? String(f.cpuSeconds) : `${f.cpuSeconds} + ${f.dbCpuSeconds} db`;
}

/** Everything one `npm run bench` measured. */
export interface BenchResult {
  readonly benchVersion: 1;
  readonly workload: string;
  readonly scale: string;
  readonly bookings: number;
  readonly sourceRows: Readonly<Record<string, number>>;
  readonly machine: { readonly cpus: number; readonly node: string; readonly platform: string; readonly memoryGb: number };
  readonly measuredAt: string;
  /** 1-minute load average before and after the run: the machine is shared, so read wall times with it. */
  readonly loadAverage?: { readonly start: number; readonly end: number };
  readonly generateSeconds: number;
  /** The casebridge runs' id scheme (`--ids`; absent in results from before the option: `uuidv5`). */
  readonly idScheme?: string;
  /** Map worker threads of the casebridge runs (absent or 0: none). */
  readonly workers?: number;
  readonly rawCopy: LoaderFigures;
  readonly rawInsert: LoaderFigures | null;
  readonly pgloader: (LoaderFigures & { readonly version: string; readonly errors: number }) | { readonly skipped: string };
  readonly casebridge: {
    readonly source: string;
    readonly real: MigrationChildResult & { readonly peakRssMb: number; readonly wallSeconds: number };
    readonly dry: (MigrationChildResult & { readonly peakRssMb: number; readonly wallSeconds: number }) | null;
    /** Source rows per second of the load (real run without reconciliation). */
    readonly pipelineRowsPerSecond: number;
    /** Per stage: summed busy time and rows/s over it (stages overlap through read-ahead). */
    readonly stages: Readonly<Record<string, { ms: number; rowsPerSecond: number }>>;
    readonly fromPostgres: (MigrationChildResult & { readonly peakRssMb: number }) | null;
    /** `--rerun`: the same source again into the same store (upsert path, every record unchanged). */
    readonly rerun?: (MigrationChildResult & { readonly peakRssMb: number; readonly wallSeconds: number }) | null;
    /** `--compare-upsert`: a real run into a fresh store with the first-load path switched off. */
    readonly upsertOnly?: (MigrationChildResult & { readonly peakRssMb: number; readonly wallSeconds: number }) | null;
  };
  readonly ratios: {
    /** Headline: casebridge pipeline rows/s ÷ raw COPY rows/s (target ≥ 0.5). */
    readonly pipelineVsRawCopy: number;
    readonly pipelineVsRawInsert: number | null;
    readonly pipelineVsPgloader: number | null;
    /** Reconciliation time ÷ load time (target ≤ 0.3). */
    readonly reconcileVsLoad: number;
    /** Dry-run wall time ÷ real-run load time (target ≤ 1.2). */
    readonly dryVsReal: number | null;
  };
  readonly targets: Readonly<Record<string, { readonly value: number | null; readonly bound: string; readonly met: boolean | null }>>;
  readonly cpuProfiles: readonly string[];
}

/** Source rows/s of a casebridge run's load (without reconciliation) ÷ raw COPY rows/s. */
export function loadRatio(run: MigrationChildResult, rawCopyRowsPerSecond: number): number {
  const loadMs = run.durationsMs['total']! - run.durationsMs['reconcile']!;
  return round(run.rows / (loadMs / 1000) / rawCopyRowsPerSecond);
}

/** One table row for an extra casebridge real run (re-run, upsert-only comparison). */
function extraRunRow(label: string, run: MigrationChildResult & { readonly peakRssMb: number }, rawCopyRowsPerSecond: number): string {
  const loadSeconds = round((run.durationsMs['total']! - run.durationsMs['reconcile']!) / 1000);
  const paths =
    run.loadPaths === undefined
      ? ''
      : ` (batches: ${Object.entries(run.loadPaths)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`;
  return `| ${label}${paths} | ${n(run.rows)} | ${loadSeconds} | ${n(Math.round(run.rows / loadSeconds))} | ${round(run.peakRssMb, 1)} | ${loadRatio(run, rawCopyRowsPerSecond)} | ${cpu(run)} |`;
}

/** Loader figures from rows, seconds and RSS. */
export function figures(rows: number, seconds: number, peakRssMb: number, cpuSeconds?: number): LoaderFigures {
  return {
    rows,
    seconds: round(seconds, 2),
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMb: round(peakRssMb, 1),
    ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
  };
}

/** Rounds to `digits` decimals. */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** pgloader result → figures, or the reason it was skipped. */
export function pgloaderFigures(r: PgloaderResult, rows: number): BenchResult['pgloader'] {
  if (!r.ran) return { skipped: r.reason };
  return { ...figures(rows, r.seconds, r.peakRssMb), version: r.version, errors: r.errors };
}

const n = (x: number): string => x.toLocaleString('en-US');
const ok = (met: boolean | null): string => (met === null ? '–' : met ? 'met' : '**missed**');

/** Markdown table of one result. */
export function renderMarkdown(r: BenchResult): string {
  const cb = r.casebridge;
  const lines = [
    `# casebridge benchmark — workload \`${r.workload}\`, scale ${r.scale} (${n(r.bookings)} bookings)`,
    '',
    `Measured ${r.measuredAt} on ${r.machine.cpus} CPUs, ${r.machine.memoryGb} GB, Node ${r.machine.node}${r.loadAverage ? ` (shared machine: load average ${r.loadAverage.start} at start, ${r.loadAverage.end} at end)` : ''}. Source rows: ${Object.entries(
      r.sourceRows,
    )
      .map(([t, c]) => `${t} ${n(c)}`)
      .join(
        ', ',
      )} (total ${n(cb.real.rows)}); generation took ${r.generateSeconds} s.${r.idScheme === undefined || r.idScheme === 'uuidv5' ? '' : ` casebridge id scheme: ${r.idScheme}.`}${r.workers === undefined || r.workers === 0 ? '' : ` casebridge map workers: ${r.workers} (main thread ${cb.real.mainThreadSeconds ?? '–'} CPU s of ${cb.real.cpuSeconds} s).`}`,
    '',
    '| Loader (MariaDB → PostgreSQL) | rows | seconds | rows/s | peak RSS MB | vs raw COPY | loader CPU s (+ PostgreSQL backend CPU s) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| raw copy: mysql2 stream → COPY (1,000-row chunks) | ${n(r.rawCopy.rows)} | ${r.rawCopy.seconds} | ${n(r.rawCopy.rowsPerSecond)} | ${r.rawCopy.peakRssMb} | 1.00 | ${cpu(r.rawCopy)} |`,
  ];
  if (r.rawInsert)
    lines.push(
      `| raw copy: multi-row INSERT (1,000 rows) | ${n(r.rawInsert.rows)} | ${r.rawInsert.seconds} | ${n(r.rawInsert.rowsPerSecond)} | ${r.rawInsert.peakRssMb} | ${round(r.rawInsert.rowsPerSecond / r.rawCopy.rowsPerSecond)} | ${r.rawInsert.cpuSeconds ?? '–'} |`,
    );
  if ('skipped' in r.pgloader) lines.push(`| pgloader | – | – | – | – | skipped: ${r.pgloader.skipped} | – |`);
  else
    lines.push(
      `| ${r.pgloader.version} (whole database) | ${n(r.pgloader.rows)} | ${r.pgloader.seconds} | ${n(r.pgloader.rowsPerSecond)} | ${r.pgloader.peakRssMb} | ${round(r.pgloader.rowsPerSecond / r.rawCopy.rowsPerSecond)} | – |`,
    );
  const loadSeconds = round((cb.real.durationsMs['total']! - cb.real.durationsMs['reconcile']!) / 1000);
  lines.push(
    `| **casebridge full pipeline** (map, validate, hash, lineage, ledger) | ${n(cb.real.rows)} | ${loadSeconds} | **${n(cb.pipelineRowsPerSecond)}** | ${round(cb.real.peakRssMb, 1)} | **${r.ratios.pipelineVsRawCopy}** | ${cpu(cb.real)} |`,
    `| casebridge incl. reconciliation (3 witnesses) | ${n(cb.real.rows)} | ${round(cb.real.wallSeconds)} | ${n(Math.round(cb.real.rows / cb.real.wallSeconds))} | ${round(cb.real.peakRssMb, 1)} | ${round(cb.real.rows / cb.real.wallSeconds / r.rawCopy.rowsPerSecond)} | (same process) |`,
  );
  if (cb.dry)
    lines.push(
      `| casebridge dry run (rolled back) | ${n(cb.dry.rows)} | ${round(cb.dry.wallSeconds)} | ${n(Math.round(cb.dry.rows / cb.dry.wallSeconds))} | ${round(cb.dry.peakRssMb, 1)} | ${round(cb.dry.rows / cb.dry.wallSeconds / r.rawCopy.rowsPerSecond)} | ${cpu(cb.dry)} |`,
    );
  if (cb.upsertOnly) lines.push(extraRunRow('casebridge pipeline, first-load path off (staged upsert, fresh store)', cb.upsertOnly, r.rawCopy.rowsPerSecond));
  if (cb.rerun) lines.push(extraRunRow('casebridge re-run of the unchanged source (upsert path)', cb.rerun, r.rawCopy.rowsPerSecond));
  if (cb.fromPostgres)
    lines.push(
      `| casebridge from the PostgreSQL source | ${n(cb.fromPostgres.rows)} | ${round(cb.fromPostgres.seconds)} | ${n(Math.round(cb.fromPostgres.rows / cb.fromPostgres.seconds))} | ${round(cb.fromPostgres.peakRssMb, 1)} | ${round(cb.fromPostgres.rows / cb.fromPostgres.seconds / r.rawCopy.rowsPerSecond)} | ${cb.fromPostgres.cpuSeconds ?? '–'} |`,
    );
  lines.push(
    '',
    `casebridge run: status \`${cb.real.status}\`, reconciliation \`${cb.real.reconciliation}\` (${n(cb.real.hashesChecked)} record hashes re-checked), loaded ${n(cb.real.loaded)}, filtered ${n(cb.real.filtered)}, quarantined ${n(cb.real.quarantined)} (${
      Object.entries(cb.real.quarantinedByCode)
        .map(([c, k]) => `${c} ${n(k)}`)
        .join(', ') || 'none'
    })${
      cb.real.loadPaths === undefined
        ? ''
        : `; batches by load path: ${Object.entries(cb.real.loadPaths)
            .map(([k, v]) => `${k} ${n(v)}`)
            .join(', ')}`
    }.`,
    '',
    '| Stage (busy time, overlapping) | ms | rows/s |',
    '|---|---:|---:|',
    ...Object.entries(cb.stages).map(([s, v]) => `| ${s} | ${n(v.ms)} | ${n(v.rowsPerSecond)} |`),
    '',
    '| Target | value | bound | |',
    '|---|---:|---|---|',
    ...Object.entries(r.targets).map(([k, t]) => `| ${k} | ${t.value === null ? '–' : t.value} | ${t.bound} | ${ok(t.met)} |`),
    '',
  );
  if (r.cpuProfiles.length > 0) lines.push(`CPU profiles: ${r.cpuProfiles.map((p) => `\`${p}\``).join(', ')}`, '');
  return lines.join('\n');
}

/** Rebuilds `scale-curve-<workload>.md` from every result JSON of the workload in `dir`. */
export function writeScaleCurve(dir: string, workload: string): string {
  const results = readdirSync(dir)
    .filter((f) => f.startsWith(`${workload}-`) && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as BenchResult)
    .filter((r) => r.workload === workload)
    .sort((a, b) => a.bookings - b.bookings);
  const base = results.find((r) => r.bookings >= 1_000_000);
  const lines = [
    `# Scale curve — workload \`${workload}\``,
    '',
    '| scale | bookings | source rows | casebridge s (load) | rows/s | vs raw COPY | casebridge CPU s (+ db) | peak RSS MB | RSS vs 1M | reconcile s | dry run s | raw COPY rows/s | pgloader rows/s | load avg |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const cb = r.casebridge;
    const load = (cb.real.durationsMs['total']! - cb.real.durationsMs['reconcile']!) / 1000;
    lines.push(
      `| ${r.scale} | ${n(r.bookings)} | ${n(cb.real.rows)} | ${round(load)} | ${n(cb.pipelineRowsPerSecond)} | ${r.ratios.pipelineVsRawCopy} | ${cpu(cb.real)} | ${round(cb.real.peakRssMb, 1)} | ${base ? round(cb.real.peakRssMb / base.casebridge.real.peakRssMb) : '–'} | ${round(cb.real.durationsMs['reconcile']! / 1000)} | ${cb.dry ? round(cb.dry.wallSeconds) : '–'} | ${n(r.rawCopy.rowsPerSecond)} | ${'skipped' in r.pgloader ? '–' : n(r.pgloader.rowsPerSecond)} | ${r.loadAverage ? `${r.loadAverage.start}–${r.loadAverage.end}` : '–'} |`,
    );
  }
  const file = path.join(dir, `scale-curve-${workload}.md`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

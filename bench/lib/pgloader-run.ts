/**
 * pgloader (Debian package) on the same MariaDB source, into its own PostgreSQL database, measured from
 * the outside like every other loader. Skipped, with the reason recorded, when it is not installed.
 * A command file is used so the run is reproducible and its settings are visible in the results.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runMeasured } from './child-process-run.js';

/** pgloader's figures, or why it did not run. */
export type PgloaderResult =
  | {
      readonly ran: true;
      readonly version: string;
      readonly seconds: number;
      readonly peakRssMb: number;
      readonly rows: number;
      readonly errors: number;
      readonly exitCode: number | null;
    }
  | { readonly ran: false; readonly reason: string };

/** The installed pgloader version, or null. */
export function pgloaderVersion(): string | null {
  const r = spawnSync('pgloader', ['--version'], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) return null;
  return r.stdout.split('\n')[0]?.trim() ?? 'pgloader';
}

/** Runs pgloader from `mariaUrl` into `pgUrl`; `rows` is what it reports as imported. */
export async function runPgloader(mariaUrl: string, pgUrl: string, workDir: string): Promise<PgloaderResult> {
  const version = pgloaderVersion();
  if (version === null) return { ran: false, reason: 'pgloader is not installed (apt-get install -y pgloader)' };
  const commandFile = path.join(workDir, 'bench.load');
  // Default settings on purpose (what a user gets), plus the zero-date cast so no row is lost on
  // MariaDB `0000-00-00` (pgloader's default drops the whole row on it).
  writeFileSync(
    commandFile,
    `LOAD DATABASE FROM ${mariaUrl.replace(/^mysql:/, 'mysql:')} INTO ${pgUrl}
 WITH include drop, create tables, create indexes, reset sequences
 CAST type date drop not null drop default using zero-dates-to-null,
      type datetime to timestamptz drop default drop not null using zero-dates-to-null;
`,
  );
  const run = await runMeasured('pgloader', ['--no-ssl-cert-verification', commandFile], { cwd: workDir });
  // The summary's "Total import time" line: "Total import time  ✓  <rows>  <bytes>  <time>".
  const total = /Total import time\s+\S+\s+(\d+)/.exec(run.stdout + run.stderr);
  const errorsLine = /Total import time\s+(\d+)\s+(\d+)/.exec(run.stdout + run.stderr);
  const rows = total ? Number(total[1]) : errorsLine ? Number(errorsLine[2]) : 0;
  const errors = (run.stdout + run.stderr).split('\n').filter((l) => /\bERROR\b/.test(l)).length;
  return { ran: true, version, seconds: run.seconds, peakRssMb: run.peakRssMb, rows, errors, exitCode: run.exitCode };
}

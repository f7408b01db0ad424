/**
 * Runs one stage of one commune by invoking the casebridge CLI in-process (the same code path a commune
 * uses by hand, so the stage writes the same reports). The CLI is injected: the canton layer does not
 * import the CLI (which itself offers the `canton` command).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { CliIo } from '../cli/cli-io.js';
import type { CantonPlan, CantonStage } from './canton-plan.js';

/** Runs the CLI with user arguments on the given io and returns its exit code (`runCli` of `casebridge/cli`). */
export type CliInvoker = (args: readonly string[], io: CliIo) => Promise<number>;

/** How the run stage starts: a fresh run, a resume of the interrupted one, or nothing (already finished). */
export type RunStart = 'fresh' | 'resume' | 'finished';

/** What one attempt of a stage did. */
export interface StageResult {
  readonly exitCode: number;
  /** Succeeded: exit 0 (or 1: passed with warnings). */
  readonly ok: boolean;
  /** A failure worth retrying: connection lost (69), internal (70), lock held or temporary (75). */
  readonly retryable: boolean;
  /** The stable error code of a failure, when the CLI named one. */
  readonly errorCode: string | null;
  /** The stage's JSON summary (run status, figures, report paths; never personal data). */
  readonly outcome: Record<string, unknown> | null;
}

/** Exit codes after which a retry can succeed without anyone changing anything. */
const RETRYABLE = new Set([69, 70, 75]);

/** The folder of a commune's stage reports. */
export function stageReportsDir(plan: CantonPlan, commune: number, stage: CantonStage): string {
  return path.join(plan.reportsDir, String(commune), stage);
}

/** The CLI arguments of a stage. */
export function stageArgs(plan: CantonPlan, task: { commune: number; stage: CantonStage; runId: string; config: string }, start: RunStart): string[] {
  const dir = stageReportsDir(plan, task.commune, task.stage);
  switch (task.stage) {
    case 'profile':
      return ['profile', '--config', task.config, '--out', dir, '--json'];
    case 'dry-run':
      return ['dry-run', '--config', task.config, '--reports', dir, '--run-id', task.runId, '--json'];
    case 'run':
      return ['run', '--config', task.config, '--reports', dir, '--run-id', task.runId, ...(start === 'resume' ? ['--resume'] : []), '--json'];
    case 'statistics':
      return ['stats', 'indicators', '--config', task.config, '--period', plan.statisticsPeriod ?? '', '--commune', String(task.commune), '--json'];
  }
}

function lastJson(text: string): Record<string, unknown> | null {
  // `--json` prints one JSON document; notes (if any) go to stderr.
  const start = text.indexOf('{');
  if (start < 0) return null;
  try {
    return JSON.parse(text.slice(start)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function sink(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      into.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      callback();
    },
  });
}

/** Runs a stage through the CLI and classifies its end. */
export async function executeStage(
  invoke: CliInvoker,
  plan: CantonPlan,
  task: { commune: number; stage: CantonStage; runId: string; config: string },
  start: RunStart,
  env: Readonly<Record<string, string | undefined>>,
): Promise<StageResult> {
  if (start === 'finished') return { exitCode: 0, ok: true, retryable: false, errorCode: null, outcome: { resumed: 'already finished' } };
  await mkdir(stageReportsDir(plan, task.commune, task.stage), { recursive: true });
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: sink(out), stderr: sink(err), env, cwd: path.dirname(task.config) };
  const exitCode = await invoke(stageArgs(plan, task, start), io);
  const json = lastJson(out.join('')) ?? lastJson(err.join(''));
  const error = json?.['error'] as { code?: unknown } | undefined;
  const named = typeof error?.code === 'string' ? error.code : typeof json?.['code'] === 'string' ? json['code'] : null;
  const errorCode = named ?? (exitCode === 0 || exitCode === 1 ? null : `exit-${String(exitCode)}`);
  // A worker killed before the run's first batch leaves nothing to resume: start the same run id afresh.
  if (start === 'resume' && errorCode === 'CB_CHECKPOINT_INVALID') return executeStage(invoke, plan, task, 'fresh', env);
  return {
    exitCode,
    ok: exitCode === 0 || exitCode === 1,
    retryable: RETRYABLE.has(exitCode),
    errorCode,
    outcome: json === null ? null : summarize(task.stage, json),
  };
}

/** The parts of a stage's JSON worth keeping in the task row (figures and paths, not lists). */
function summarize(stage: CantonStage, json: Record<string, unknown>): Record<string, unknown> {
  if (stage === 'statistics') return { indicators: json };
  const keep: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) {
    if (Array.isArray(v) && v.length > 50) continue;
    keep[k] = v;
  }
  return keep;
}

/**
 * `casebridge canton plan|run|status|retry`: many communes into one canton store on pg-boss. `plan`
 * records a plan's tasks; `run` serves the plan as one worker (start it on as many machines as you
 * like) until nothing is left, then writes the canton overview; `status` prints where every commune
 * stands and rewrites the overview; `retry` puts failed stages back in line.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { CANTON_STAGES, loadCantonPlan, type CantonPlan, type CantonStage } from '../../canton/canton-plan.js';
import { listTasks, type CantonTask } from '../../canton/canton-tasks.js';
import { openCanton, queueReady, runCantonWorker } from '../../canton/canton-worker.js';
import { buildCantonOverview } from '../../canton/canton-overview.js';
import { writeCantonOverview } from '../../canton/render-canton-overview.js';
import { retryFailedTasks } from '../../canton/retry-canton.js';
import { ConfigurationError } from '../../core/errors.js';
import { cliContext, globalFlags, noteLine, printJson, printLine } from '../cli-context.js';
import { EXIT_CODES } from '../exit-codes.js';

interface PlanOption {
  readonly plan: string;
}

async function planOf(opts: PlanOption, command: Command): Promise<CantonPlan> {
  const { io } = cliContext(command);
  return loadCantonPlan(path.resolve(io.cwd, opts.plan), io.env);
}

function statusLines(tasks: readonly CantonTask[]): string[] {
  const byCommune = new Map<number, CantonTask[]>();
  for (const t of tasks) byCommune.set(t.commune, [...(byCommune.get(t.commune) ?? []), t]);
  return [...byCommune.entries()].map(
    ([commune, own]) =>
      `  ${String(commune).padStart(4)}  ${own.map((t) => `${t.stage}: ${t.status}${t.attempts > 1 ? ` ×${String(t.attempts)}` : ''}${t.errorCode !== null && t.status !== 'succeeded' ? ` (${t.errorCode})` : ''}`).join(', ')}`,
  );
}

/** Rewrites the canton overview (one open of the store); returns the tasks it was built from and where it is. */
async function overview(plan: CantonPlan): Promise<{ json: string; html: string; status: string; tasks: CantonTask[] }> {
  const { pool, close } = await openCanton(plan);
  try {
    const o = await buildCantonOverview(pool, plan);
    return { ...(await writeCantonOverview(o, plan.reportsDir)), status: o.status, tasks: await listTasks(pool, plan.name) };
  } finally {
    await close();
  }
}

/** The human lines of `run` and `status`: the plan's verdict, each commune's stages, the overview's path. */
function printPlanStatus(command: Command, plan: CantonPlan, status: string, tasks: readonly CantonTask[], html: string): void {
  printLine(command, `Plan ${plan.name}: ${status.toUpperCase().replace('_', ' ')}`);
  for (const line of statusLines(tasks)) printLine(command, line);
  printLine(command, `Canton overview: ${html}`);
}

/** Registers `canton` with `plan`, `run`, `status` and `retry`. */
export function registerCantonCommand(program: Command): void {
  const canton = program
    .command('canton')
    .description('migrate many communes into one canton store on pg-boss (needs PostgreSQL): plan, run workers, watch, retry');

  canton
    .command('plan')
    .description('record a canton plan and its tasks (one per commune and stage) and queue what can start')
    .requiredOption('--plan <file>', 'canton plan (JSON)')
    .action(async (opts: PlanOption, command: Command) => {
      const plan = await planOf(opts, command);
      const { pool, boss, close } = await openCanton(plan);
      try {
        const queued = await queueReady(pool, boss, plan);
        const tasks = await listTasks(pool, plan.name);
        if (globalFlags(command).json) return printJson(command, { plan: plan.name, tasks: tasks.length, queued });
        printLine(command, `Plan ${plan.name}: ${String(tasks.length)} tasks over ${String(plan.waves.length)} wave(s), ${String(queued)} queued now.`);
        for (const line of statusLines(tasks)) printLine(command, line);
        printLine(command, `Start workers with: casebridge canton run --plan ${opts.plan}`);
      } finally {
        await close();
      }
    });

  canton
    .command('run')
    .description('serve the plan as one worker until every commune has finished (or failed), then write the canton overview')
    .requiredOption('--plan <file>', 'canton plan (JSON)')
    .option('--stale-seconds <n>', 'take a running stage as lost when its worker has not beaten for this long', (v) => Number.parseInt(v, 10), 60)
    .action(async (opts: PlanOption & { staleSeconds: number }, command: Command) => {
      const context = cliContext(command);
      if (context.invoke === undefined) throw new ConfigurationError('casebridge canton run must be started through the casebridge CLI (runCli).');
      if (!Number.isInteger(opts.staleSeconds) || opts.staleSeconds < 5)
        throw new ConfigurationError('--stale-seconds must be a whole number of at least 5.', { details: { option: '--stale-seconds' } });
      const plan = await planOf(opts, command);
      const json = globalFlags(command).json;
      const tasks = await runCantonWorker({
        plan,
        invoke: context.invoke,
        env: context.io.env,
        staleSeconds: opts.staleSeconds,
        heartbeatSeconds: Math.max(1, Math.floor(opts.staleSeconds / 4)),
        onEvent: (e) => {
          if (!json)
            noteLine(
              command,
              `commune ${String(e.commune)} ${e.stage}: ${e.kind}${e.attempt !== undefined ? ` (attempt ${String(e.attempt)})` : ''}${e.errorCode ? ` ${e.errorCode}` : ''}`,
            );
        },
      });
      const written = await overview(plan);
      const failed = tasks.filter((t) => t.status === 'failed').length;
      if (failed > 0) context.exitCode = EXIT_CODES.RUN_FAILED;
      if (json) return printJson(command, { plan: plan.name, status: written.status, failed, overview: { json: written.json, html: written.html } });
      printPlanStatus(command, plan, written.status, tasks, written.html);
    });

  canton
    .command('status')
    .description('print where every commune of the plan stands and rewrite the canton overview (HTML + JSON)')
    .requiredOption('--plan <file>', 'canton plan (JSON)')
    .action(async (opts: PlanOption, command: Command) => {
      const plan = await planOf(opts, command);
      const written = await overview(plan);
      if (globalFlags(command).json)
        return printJson(command, { plan: plan.name, status: written.status, tasks: written.tasks, overview: { json: written.json, html: written.html } });
      printPlanStatus(command, plan, written.status, written.tasks, written.html);
    });

  canton
    .command('retry')
    .description('put failed stages back in line (all, or of one commune and/or stage); a worker (canton run) picks them up')
    .requiredOption('--plan <file>', 'canton plan (JSON)')
    .option('--commune <bfs>', 'only this commune', (v) => Number.parseInt(v, 10))
    .option('--stage <stage>', `only this stage (${CANTON_STAGES.join(', ')})`)
    .action(async (opts: PlanOption & { commune?: number; stage?: string }, command: Command) => {
      if (opts.stage !== undefined && !(CANTON_STAGES as readonly string[]).includes(opts.stage))
        throw new ConfigurationError(`--stage must be one of ${CANTON_STAGES.join(', ')}.`, { details: { option: '--stage' } });
      if (opts.commune !== undefined && !Number.isInteger(opts.commune))
        throw new ConfigurationError('--commune takes a BFS number.', { details: { option: '--commune' } });
      const plan = await planOf(opts, command);
      const { pool, boss, close } = await openCanton(plan);
      try {
        const reset = await retryFailedTasks(pool, plan, {
          ...(opts.commune !== undefined ? { commune: opts.commune } : {}),
          ...(opts.stage !== undefined ? { stage: opts.stage as CantonStage } : {}),
        });
        const queued = await queueReady(pool, boss, plan);
        if (globalFlags(command).json) return printJson(command, { plan: plan.name, reset, queued });
        printLine(command, `${String(reset)} failed stage(s) put back, ${String(queued)} queued; start a worker: casebridge canton run --plan ${opts.plan}`);
      } finally {
        await close();
      }
    });
}

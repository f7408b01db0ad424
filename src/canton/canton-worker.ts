/**
 * A canton worker: takes stage jobs of a plan from the pg-boss queue in the canton store and runs them,
 * `plan.concurrency` at a time. Any number of workers, on any number of machines, may serve one plan:
 * pg-boss hands each job to one of them (`SKIP LOCKED`), the task table says who holds what, and a
 * worker that dies (SIGKILL, power loss) stops its heartbeat; another worker then fails its job, pg-boss
 * retries it with back-off, and the retry resumes the interrupted run from the ledger (same run id).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConnectionError, ConfigurationError } from '../core/errors.js';
import type { CantonPlan, CantonStage } from './canton-plan.js';
import { executeStage, type CliInvoker, type RunStart, type StageResult } from './canton-stage.js';
import {
  beat,
  CANTON_BOSS_SCHEMA,
  ensureCantonSchema,
  getTask,
  listTasks,
  markEnded,
  markQueued,
  markRunning,
  readyTasks,
  recordPlan,
  setJob,
  staleTasks,
  type CantonTask,
} from './canton-tasks.js';
import { LEDGER_TABLES } from '../targets/ledger/ledger-ddl.js';
import type PgBossType from 'pg-boss';
import type pg from 'pg';

/** The job payload: which task. */
interface StageJob {
  readonly plan: string;
  readonly commune: number;
  readonly stage: CantonStage;
}

/** Something a worker did, for progress lines (pseudonymous: commune numbers and stages only). */
export interface CantonEvent {
  readonly kind: 'queued' | 'started' | 'succeeded' | 'failed' | 'retrying' | 'lost';
  readonly commune: number;
  readonly stage: CantonStage;
  readonly attempt?: number;
  readonly errorCode?: string | null;
}

/** Options of {@link runCantonWorker}. */
export interface CantonWorkerOptions {
  readonly plan: CantonPlan;
  /** The CLI entry (`runCli`); stages run through it in-process. */
  readonly invoke: CliInvoker;
  /** Environment of the stages (secrets named by the commune configs). Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Name of this worker in the task table (default host:pid:random). */
  readonly workerId?: string;
  /** Heartbeat interval (default 5 s). */
  readonly heartbeatSeconds?: number;
  /** A running task whose heartbeat is older than this is taken as lost (default 60 s). */
  readonly staleSeconds?: number;
  /** Return when no task of the plan can run any more (default true); false serves until `signal` aborts. */
  readonly untilDone?: boolean;
  /** Stops serving (running stages are abandoned and resumed by another worker later). */
  readonly signal?: AbortSignal;
  /** Called for every stage a worker queues, starts, finishes, retries or finds lost. */
  readonly onEvent?: (event: CantonEvent) => void;
}

/** The pg-boss queue of a plan. */
export function cantonQueueName(plan: string): string {
  return `casebridge-canton-${plan}`;
}

async function loadDriver(): Promise<{ PgBoss: typeof PgBossType; Pool: typeof pg.Pool }> {
  try {
    const [boss, pgModule] = await Promise.all([import('pg-boss'), import('pg')]);
    return { PgBoss: boss.default, Pool: pgModule.default.Pool };
  } catch (cause) {
    throw new ConfigurationError('Canton runs need the optional packages pg-boss (10.x) and pg: npm install pg-boss@10 pg', {
      cause,
      details: { package: 'pg-boss' },
    });
  }
}

/** How the run stage of a task starts: resume an interrupted run of its run id, skip a finished one. */
async function runStart(pool: pg.Pool, task: CantonTask): Promise<RunStart> {
  if (task.stage !== 'run' || task.attempts <= 1) return 'fresh';
  try {
    const { rows } = await pool.query<{ status: string }>(`SELECT status FROM ${LEDGER_TABLES.run} WHERE run_id = $1`, [task.runId]);
    const status = rows[0]?.status;
    if (status === undefined) return 'fresh';
    return status === 'finished' ? 'finished' : 'resume';
  } catch {
    // The commune's target is another database (no ledger here): let the CLI decide on --resume.
    return 'resume';
  }
}

/** The canton store's connections of one process: a pool for the task table, pg-boss for the queue. */
export interface CantonConnection {
  /** Pool on the canton store (task table, ledger reads). */
  readonly pool: pg.Pool;
  /** The started pg-boss instance of the store's queue. */
  readonly boss: PgBossType;
  /** Stops pg-boss and ends the pool. */
  close(): Promise<void>;
}

/** Opens the canton store for a plan: tables, the plan's tasks, the queue. Shared by workers and `canton plan`. */
export async function openCanton(plan: CantonPlan): Promise<CantonConnection> {
  const { PgBoss, Pool } = await loadDriver();
  const pool = new Pool({ connectionString: plan.storeUrl, max: plan.concurrency + 4 });
  pool.on('error', () => undefined);
  const boss = new PgBoss({
    connectionString: plan.storeUrl,
    schema: CANTON_BOSS_SCHEMA,
    max: plan.concurrency + 2,
    supervise: true,
    maintenanceIntervalSeconds: 30,
    monitorStateIntervalSeconds: 60,
  });
  boss.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      // Workers started together would race to install pg-boss and create the queue (a deadlock in
      // pg-boss's create_queue was seen): one process at a time sets the store up, the others wait.
      await client.query(`SELECT pg_advisory_lock(hashtextextended('casebridge_canton.setup', 0))`);
      try {
        await ensureCantonSchema(client);
        await recordPlan(client, plan);
        await boss.start();
        await boss.createQueue(cantonQueueName(plan.name), {
          name: cantonQueueName(plan.name),
          retryLimit: plan.retryLimit,
          retryDelay: plan.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: 12 * 3600,
        });
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtextextended('casebridge_canton.setup', 0))`).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  } catch (cause) {
    // Nothing may keep the process alive after a failed start: pg-boss's timers would.
    await boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw new ConnectionError(`Cannot open the canton store for plan ${plan.name}.`, { cause, details: { plan: plan.name } });
  }
  return {
    pool,
    boss,
    close: async () => {
      await boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}

/**
 * Queues every task that may run now (first open stage of each commune of the open wave), each in one
 * transaction with its job, so two workers never queue a task twice. Returns how many were queued.
 */
export async function queueReady(pool: pg.Pool, boss: PgBossType, plan: CantonPlan, onEvent?: (e: CantonEvent) => void): Promise<number> {
  let queued = 0;
  const client = await pool.connect();
  try {
    for (const task of await readyTasks(client, plan.name)) {
      await client.query('BEGIN');
      try {
        if (!(await markQueued(client, plan.name, task.commune, task.stage))) {
          await client.query('ROLLBACK');
          continue;
        }
        const db = { executeSql: async (text: string, values: unknown[]) => client.query(text, values) };
        const jobId = await boss.send(cantonQueueName(plan.name), { plan: plan.name, commune: task.commune, stage: task.stage } satisfies StageJob, { db });
        if (jobId !== null) await setJob(client, plan.name, task.commune, task.stage, jobId);
        await client.query('COMMIT');
        queued += 1;
        onEvent?.({ kind: 'queued', commune: task.commune, stage: task.stage });
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
  } finally {
    client.release();
  }
  return queued;
}

/** True when no task of the plan is queued or running and none can be queued (done, or blocked by a failure). */
async function settled(pool: pg.Pool, plan: string): Promise<boolean> {
  const client = await pool.connect();
  try {
    const tasks = await listTasks(client, plan);
    if (tasks.some((t) => t.status === 'queued' || t.status === 'running')) return false;
    return (await readyTasks(client, plan)).length === 0;
  } finally {
    client.release();
  }
}

/**
 * Serves a plan: records it, queues what is ready, runs stage jobs until nothing is left (or until
 * `signal` aborts), and returns the plan's tasks as they stand.
 */
export async function runCantonWorker(options: CantonWorkerOptions): Promise<CantonTask[]> {
  const { plan, invoke } = options;
  const env = options.env ?? process.env;
  const worker = options.workerId ?? `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`;
  const heartbeatMs = (options.heartbeatSeconds ?? 5) * 1000;
  const staleSeconds = options.staleSeconds ?? 60;
  const emit = (e: CantonEvent): void => options.onEvent?.(e);
  const { pool, boss, close } = await openCanton(plan);
  const queue = cantonQueueName(plan.name);
  const timers: NodeJS.Timeout[] = [];
  try {
    await queueReady(pool, boss, plan, emit);

    const handle = async (jobs: PgBossType.Job<StageJob>[]): Promise<void> => {
      for (const job of jobs) {
        const { commune, stage } = job.data;
        const before = await getTask(pool, plan.name, commune, stage);
        if (before === undefined || before.status === 'succeeded' || before.status === 'failed') continue;
        await markRunning(pool, plan.name, commune, stage, worker, job.id);
        const task = (await getTask(pool, plan.name, commune, stage))!;
        emit({ kind: 'started', commune, stage, attempt: task.attempts });
        const heartbeat = setInterval(() => void beat(pool, plan.name, commune, stage, worker).catch(() => undefined), heartbeatMs);
        let result: StageResult;
        try {
          result = await executeStage(invoke, plan, task, await runStart(pool, task), env);
        } catch (error) {
          result = { exitCode: 70, ok: false, retryable: true, errorCode: (error as { code?: string }).code ?? 'CB_INTERNAL', outcome: null };
        } finally {
          clearInterval(heartbeat);
        }
        if (result.ok) {
          await markEnded(pool, task, { status: 'succeeded', exitCode: result.exitCode, errorCode: null, outcome: result.outcome });
          emit({ kind: 'succeeded', commune, stage, attempt: task.attempts });
          await queueReady(pool, boss, plan, emit);
        } else if (result.retryable && task.attempts <= plan.retryLimit) {
          await markEnded(pool, task, { status: 'queued', exitCode: result.exitCode, errorCode: result.errorCode, outcome: result.outcome });
          emit({ kind: 'retrying', commune, stage, attempt: task.attempts, errorCode: result.errorCode });
          // Throwing fails the job: pg-boss retries it after the back-off delay.
          throw new Error(`stage ${stage} of commune ${String(commune)} failed with ${result.errorCode ?? String(result.exitCode)}; retrying`);
        } else {
          await markEnded(pool, task, { status: 'failed', exitCode: result.exitCode, errorCode: result.errorCode, outcome: result.outcome });
          emit({ kind: 'failed', commune, stage, attempt: task.attempts, errorCode: result.errorCode });
        }
      }
    };
    for (let i = 0; i < plan.concurrency; i += 1) await boss.work<StageJob>(queue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, handle);

    // The reaper: a task whose worker stopped beating is lost; its job fails now so that pg-boss retries it.
    const reap = async (): Promise<void> => {
      for (const lost of await staleTasks(pool, plan.name, staleSeconds)) {
        const final = lost.attempts > plan.retryLimit;
        await markEnded(pool, lost, { status: final ? 'failed' : 'queued', exitCode: null, errorCode: 'CB_WORKER_LOST', outcome: null });
        emit({ kind: 'lost', commune: lost.commune, stage: lost.stage, attempt: lost.attempts, errorCode: 'CB_WORKER_LOST' });
        if (lost.jobId !== null) await boss.fail(queue, lost.jobId, { reason: 'worker lost' }).catch(() => undefined);
      }
    };
    timers.push(setInterval(() => void reap().catch(() => undefined), Math.max(1000, (staleSeconds * 1000) / 3)));

    await new Promise<void>((resolve) => {
      const check = async (): Promise<void> => {
        if (options.signal?.aborted === true) return resolve();
        if (options.untilDone !== false && (await settled(pool, plan.name).catch(() => false))) return resolve();
        timers.push(setTimeout(() => void check(), 1000));
      };
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
      void check();
    });
    await boss.offWork(queue).catch(() => undefined);
    const client = await pool.connect();
    try {
      return await listTasks(client, plan.name);
    } finally {
      client.release();
    }
  } finally {
    for (const t of timers) clearTimeout(t);
    await close();
  }
}

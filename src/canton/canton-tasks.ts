/**
 * The tasks of canton plans, in the canton store: one row per plan, commune and stage, with its
 * status, attempts, the worker that holds it and that worker's heartbeat. The job queue (pg-boss)
 * delivers and retries the work; this table is what `canton status` and the overview read, and how a
 * worker that died is noticed (its heartbeat stops) so that its job is failed and retried at once.
 */
import type pg from 'pg';
import { v5 as uuidv5 } from 'uuid';
import type { CantonPlan, CantonStage } from './canton-plan.js';

/** Schema of the canton orchestration tables (apart from the canonical store's own schema). */
export const CANTON_SCHEMA = 'casebridge_canton';
/** Schema pg-boss keeps its queue in. */
export const CANTON_BOSS_SCHEMA = 'casebridge_boss';

/** A pg client or pool: whatever runs one statement. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** Where a task stands. */
export type CantonTaskStatus = 'pending' | 'queued' | 'running' | 'succeeded' | 'failed';

/** One task as stored. */
export interface CantonTask {
  readonly plan: string;
  readonly commune: number;
  readonly stage: CantonStage;
  readonly wave: number;
  /** Order of the stage within its commune (0-based). */
  readonly step: number;
  readonly status: CantonTaskStatus;
  /** Deterministic per plan, commune and stage: a retry resumes the same run. */
  readonly runId: string;
  readonly jobId: string | null;
  readonly attempts: number;
  readonly worker: string | null;
  readonly heartbeatAt: Date | null;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  /** CLI exit code of the last attempt. */
  readonly exitCode: number | null;
  /** Stable error code of the last failure (never a message: messages may carry source values). */
  readonly errorCode: string | null;
  /** What the stage produced: run status, figures, report paths (no personal data). */
  readonly outcome: Readonly<Record<string, unknown>> | null;
}

const TASKS = `${CANTON_SCHEMA}.task`;
const PLANS = `${CANTON_SCHEMA}.plan`;
/** Namespace of the deterministic run ids of canton tasks. */
const RUN_ID_NAMESPACE = '5b0f3c1e-2d5a-4c4e-9d8e-6a0c1f7b2e11';

/** The run id of a task: the same for every attempt, so a retry resumes the interrupted run. */
export function cantonRunId(plan: string, commune: number, stage: CantonStage): string {
  return uuidv5(`${plan}|${String(commune)}|${stage}`, RUN_ID_NAMESPACE);
}

/** Creates the orchestration tables when missing (idempotent, safe to race). */
export async function ensureCantonSchema(client: pg.PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('casebridge_canton.schema', 0))`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${CANTON_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${PLANS} (
      plan text PRIMARY KEY,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${TASKS} (
      plan text NOT NULL REFERENCES ${PLANS} (plan) ON DELETE CASCADE,
      commune integer NOT NULL,
      stage text NOT NULL,
      wave integer NOT NULL,
      step integer NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'queued', 'running', 'succeeded', 'failed')),
      run_id uuid NOT NULL,
      config text NOT NULL,
      job_id uuid,
      attempts integer NOT NULL DEFAULT 0,
      worker text,
      heartbeat_at timestamptz,
      started_at timestamptz,
      finished_at timestamptz,
      exit_code integer,
      error_code text,
      outcome jsonb,
      PRIMARY KEY (plan, commune, stage)
    )`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Records a plan and its tasks (idempotent: an existing plan keeps its tasks and their states). */
export async function recordPlan(client: Queryable, plan: CantonPlan): Promise<void> {
  await client.query(`INSERT INTO ${PLANS} (plan, definition) VALUES ($1, $2) ON CONFLICT (plan) DO UPDATE SET definition = EXCLUDED.definition`, [
    plan.name,
    JSON.stringify(plan),
  ]);
  for (const [w, wave] of plan.waves.entries()) {
    for (const c of wave.communes) {
      for (const [step, stage] of c.stages.entries()) {
        await client.query(
          `INSERT INTO ${TASKS} (plan, commune, stage, wave, step, status, run_id, config) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)
           ON CONFLICT (plan, commune, stage) DO NOTHING`,
          [plan.name, c.commune, stage, w, step, cantonRunId(plan.name, c.commune, stage), c.config],
        );
      }
    }
  }
}

interface TaskRow {
  plan: string;
  commune: number;
  stage: CantonStage;
  wave: number;
  step: number;
  status: CantonTaskStatus;
  run_id: string;
  config: string;
  job_id: string | null;
  attempts: number;
  worker: string | null;
  heartbeat_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  exit_code: number | null;
  error_code: string | null;
  outcome: Record<string, unknown> | null;
}

function toTask(r: TaskRow): CantonTask & { readonly config: string } {
  return {
    plan: r.plan,
    commune: r.commune,
    stage: r.stage,
    wave: r.wave,
    step: r.step,
    status: r.status,
    runId: r.run_id,
    config: r.config,
    jobId: r.job_id,
    attempts: r.attempts,
    worker: r.worker,
    heartbeatAt: r.heartbeat_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    exitCode: r.exit_code,
    errorCode: r.error_code,
    outcome: r.outcome,
  };
}

/** Every task of a plan, by wave, commune and step. */
export async function listTasks(client: Queryable, plan: string): Promise<(CantonTask & { readonly config: string })[]> {
  const { rows } = await client.query<TaskRow>(`SELECT * FROM ${TASKS} WHERE plan = $1 ORDER BY wave, commune, step`, [plan]);
  return rows.map(toTask);
}

/** One task. */
export async function getTask(
  client: Queryable,
  plan: string,
  commune: number,
  stage: CantonStage,
): Promise<(CantonTask & { readonly config: string }) | undefined> {
  const { rows } = await client.query<TaskRow>(`SELECT * FROM ${TASKS} WHERE plan = $1 AND commune = $2 AND stage = $3`, [plan, commune, stage]);
  return rows[0] === undefined ? undefined : toTask(rows[0]);
}

/**
 * The tasks that may be queued now: for each commune the first stage not yet succeeded, provided the
 * commune's wave is open (every task of every earlier wave succeeded). Only `pending` ones are returned.
 */
export async function readyTasks(client: Queryable, plan: string): Promise<(CantonTask & { readonly config: string })[]> {
  const { rows } = await client.query<TaskRow>(
    `SELECT t.* FROM ${TASKS} t
      WHERE t.plan = $1 AND t.status = 'pending'
        AND NOT EXISTS (SELECT 1 FROM ${TASKS} e WHERE e.plan = t.plan AND e.wave < t.wave AND e.status <> 'succeeded')
        AND NOT EXISTS (SELECT 1 FROM ${TASKS} p WHERE p.plan = t.plan AND p.commune = t.commune AND p.step < t.step AND p.status <> 'succeeded')
      ORDER BY t.wave, t.commune, t.step`,
    [plan],
  );
  return rows.map(toTask);
}

/** Moves a task from pending (or failed, for a retry) to queued; false when another process did it first. */
export async function markQueued(
  client: Queryable,
  plan: string,
  commune: number,
  stage: CantonStage,
  from: readonly CantonTaskStatus[] = ['pending'],
): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE ${TASKS} SET status = 'queued', job_id = NULL, worker = NULL, finished_at = NULL WHERE plan = $1 AND commune = $2 AND stage = $3 AND status = ANY($4::text[])`,
    [plan, commune, stage, [...from]],
  );
  return rowCount === 1;
}

/** Notes the job id pg-boss gave a queued task. */
export async function setJob(client: Queryable, plan: string, commune: number, stage: CantonStage, jobId: string): Promise<void> {
  await client.query(`UPDATE ${TASKS} SET job_id = $4 WHERE plan = $1 AND commune = $2 AND stage = $3`, [plan, commune, stage, jobId]);
}

/** A worker takes a task: running, one more attempt, its heartbeat starts now. */
export async function markRunning(client: Queryable, plan: string, commune: number, stage: CantonStage, worker: string, jobId: string): Promise<void> {
  await client.query(
    `UPDATE ${TASKS} SET status = 'running', worker = $4, job_id = $5, attempts = attempts + 1, heartbeat_at = now(), started_at = coalesce(started_at, now()), exit_code = NULL, error_code = NULL
      WHERE plan = $1 AND commune = $2 AND stage = $3`,
    [plan, commune, stage, worker, jobId],
  );
}

/** The holder's heartbeat. */
export async function beat(client: Queryable, plan: string, commune: number, stage: CantonStage, worker: string): Promise<void> {
  await client.query(`UPDATE ${TASKS} SET heartbeat_at = now() WHERE plan = $1 AND commune = $2 AND stage = $3 AND worker = $4 AND status = 'running'`, [
    plan,
    commune,
    stage,
    worker,
  ]);
}

/** Records how an attempt ended. A failure with retries left goes back to `queued` (pg-boss retries the job). */
export async function markEnded(
  client: Queryable,
  task: { plan: string; commune: number; stage: CantonStage },
  end: { status: 'succeeded' | 'failed' | 'queued'; exitCode: number | null; errorCode: string | null; outcome: Record<string, unknown> | null },
): Promise<void> {
  await client.query(
    `UPDATE ${TASKS} SET status = $4, exit_code = $5, error_code = $6, outcome = coalesce($7::jsonb, outcome), heartbeat_at = NULL,
            finished_at = CASE WHEN $4 = 'queued' THEN NULL ELSE now() END
      WHERE plan = $1 AND commune = $2 AND stage = $3`,
    [task.plan, task.commune, task.stage, end.status, end.exitCode, end.errorCode, end.outcome === null ? null : JSON.stringify(end.outcome)],
  );
}

/** Running tasks whose worker stopped beating for longer than `staleSeconds` (the worker died). */
export async function staleTasks(client: Queryable, plan: string | null, staleSeconds: number): Promise<(CantonTask & { readonly config: string })[]> {
  const { rows } = await client.query<TaskRow>(
    `SELECT * FROM ${TASKS} WHERE status = 'running' AND ($1::text IS NULL OR plan = $1) AND heartbeat_at < now() - make_interval(secs => $2)`,
    [plan, staleSeconds],
  );
  return rows.map(toTask);
}

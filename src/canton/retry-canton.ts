/** `canton retry`: puts failed tasks of a plan back in line (all, or one commune and/or stage). */
import type { CantonPlan, CantonStage } from './canton-plan.js';
import { CANTON_SCHEMA, type Queryable } from './canton-tasks.js';

/** Resets failed tasks to pending, with a fresh attempt budget; the next worker queues them. Returns how many. */
export async function retryFailedTasks(
  db: Queryable,
  plan: CantonPlan,
  which: { readonly commune?: number; readonly stage?: CantonStage } = {},
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE ${CANTON_SCHEMA}.task SET status = 'pending', attempts = 0, job_id = NULL, worker = NULL, finished_at = NULL
      WHERE plan = $1 AND status = 'failed' AND ($2::int IS NULL OR commune = $2) AND ($3::text IS NULL OR stage = $3)`,
    [plan.name, which.commune ?? null, which.stage ?? null],
  );
  return rowCount ?? 0;
}

/**
 * The first-load write of one batch (see `first-load.ts`), in two parts: `stageFirstLoad` builds every
 * COPY text and row digest without a session, so it can run while the previous batch's transaction is
 * still in PostgreSQL; `writeFirstLoad` is then the transaction's I/O alone.
 */
import type { LoadBatch, LoadOutcome, LoadRecord, LoadResult } from '../../core/pipeline/canonical-target.js';
import { outcomeKey } from '../../core/pipeline/canonical-target.js';
import type { Tenant } from '../../core/pipeline/tenant.js';
import { assertBatchTenant, assertRunRunning, recordBatchInLedger } from '../ledger/ledger-writes.js';
import { prepareLineage, type PreparedLineage } from '../ledger/lineage-writes.js';
import { groupInLoadOrder, type ModelLayout } from './entity-layout.js';
import { copyStagedRecords, stageEntityRecords, type FirstLoadPlan, type StagedEntityRecords } from './first-load.js';
import type { SqlSession } from './sql-session.js';
import { yieldToIo } from '../../core/pipeline/io-yield.js';

/** A batch's first-load COPY text, built for one tenant. */
export interface StagedFirstLoad {
  readonly tenant: Tenant;
  /** Per entity in model order (referenced entities first). */
  readonly entities: readonly StagedEntityRecords[];
  readonly digests: ReadonlyMap<LoadRecord, string>;
  readonly lineage: PreparedLineage;
}

/** Builds `batch`'s first-load COPY text for `tenant` (the run's). */
async function stageFirstLoad(model: ModelLayout, batch: LoadBatch, tenant: Tenant): Promise<StagedFirstLoad> {
  const digests = new Map<LoadRecord, string>();
  const entities: StagedEntityRecords[] = [];
  for (const [layout, group] of groupInLoadOrder(model, batch.records)) entities.push(await stageEntityRecords(layout, batch.runId, tenant, group, digests));
  await yieldToIo();
  return { tenant, entities, digests, lineage: prepareLineage(batch.runId, batch.records, batch.mergedLineage ?? [], digests) };
}

/**
 * `batch`'s first-load COPY text when the batch will probably take that path (`plan` has not taken one
 * of its `entities` off it), else null. A wrong guess costs only the text: the transaction decides
 * again, and rebuilds the text for a tenant other than the run's.
 */
export async function stageIfFirstLoad(
  plan: FirstLoadPlan,
  model: ModelLayout,
  batch: LoadBatch,
  entities: readonly string[],
): Promise<StagedFirstLoad | null> {
  if (plan.runId !== batch.runId || batch.records.length === 0 || plan.known(entities) === false) return null;
  try {
    return await stageFirstLoad(model, batch, plan.tenant);
  } catch {
    // An unknown entity or a bad record: the transaction raises the same error where it belongs.
    return null;
  }
}

/**
 * Writes `batch` on the first-load path in the caller's transaction: every record COPYed straight into
 * its table as an insert, then the ledger. Uses `staged` when it was built for the run's tenant.
 * `asyncCommit`: the transaction's commit does not wait for its WAL flush (see `assertRunRunning`).
 */
export async function writeFirstLoad(
  session: SqlSession,
  model: ModelLayout,
  batch: LoadBatch,
  staged: StagedFirstLoad | null,
  asyncCommit: boolean,
): Promise<LoadResult> {
  const tenant = assertBatchTenant(await assertRunRunning(session, batch.runId, asyncCommit), batch);
  const text =
    staged !== null && staged.tenant.commune === tenant.commune && staged.tenant.sourceSystem === tenant.sourceSystem
      ? staged
      : await stageFirstLoad(model, batch, tenant);
  const outcomes = new Map<string, LoadOutcome>();
  const byEntity: Record<string, { inserted: number; updated: number; unchanged: number }> = {};
  let inserted = 0;
  for (const entity of text.entities) {
    const rows = await copyStagedRecords(session, entity);
    for (const row of rows) outcomes.set(outcomeKey(entity.layout.entity, row.id), row.outcome);
    byEntity[entity.layout.entity] = { inserted: rows.length, updated: 0, unchanged: 0 };
    inserted += rows.length;
  }
  // No `cb_run_seen` rows: every record gets a lineage row of this run, which deletion detection
  // counts as seen (see `notSeen` in tombstone-sql.ts).
  await recordBatchInLedger(session, batch, { ...batch.stats, inserted, updated: 0, unchanged: 0 }, byEntity, text.digests, false, text.lineage);
  return { outcomes, byEntity };
}

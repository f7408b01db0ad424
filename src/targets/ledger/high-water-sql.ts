/**
 * High-water marks of delta mappings in `cb_high_water`, one row per source system, commune and
 * mapping. Written by `finishRun` inside the run's finishing transaction (the tenant comes from the
 * run's ledger row), so a mark never advances without its run being finished.
 */
import type { HighWaterMark } from '../../core/pipeline/canonical-target.js';
import type { Tenant } from '../../core/pipeline/tenant.js';
import type { SqlSession } from '../shared/sql-session.js';
import { DELIVERY_TABLES } from './delivery-ledger-ddl.js';
import { LEDGER_TABLES } from './ledger-ddl.js';
import { saveHighWaterHistory } from '../shared/run-history-sql.js';

/** The marks of `tenant`, by mapping. */
export async function selectHighWaterMarks(session: SqlSession, tenant: Tenant): Promise<HighWaterMark[]> {
  const result = await session.query<{ mapping: string; mode: 'stamp' | 'growing-key'; column_name: string; value: string }>(
    `SELECT mapping, mode, column_name, value FROM ${DELIVERY_TABLES.highWater} WHERE source_system = $1 AND commune = $2 ORDER BY mapping`,
    [tenant.sourceSystem, tenant.commune],
  );
  return result.rows.map((r) => ({ mapping: r.mapping, mode: r.mode, column: r.column_name, value: r.value }));
}

/** Stores the marks of the finished run `runId` for its tenant (replacing the previous ones). */
export async function upsertHighWaterMarks(session: SqlSession, runId: string, marks: readonly HighWaterMark[]): Promise<void> {
  // The marks the run replaces are kept, so that rolling the run back puts them back.
  await saveHighWaterHistory(
    session,
    runId,
    marks.map((m) => m.mapping),
  );
  for (const mark of marks) {
    await session.query(
      `INSERT INTO ${DELIVERY_TABLES.highWater} (source_system, commune, mapping, mode, column_name, value, run_id)
       SELECT r.source_system, r.commune, $2, $3, $4, $5, r.run_id FROM ${LEDGER_TABLES.run} r WHERE r.run_id = $1::uuid AND r.commune IS NOT NULL
       ON CONFLICT (source_system, commune, mapping)
       DO UPDATE SET mode = EXCLUDED.mode, column_name = EXCLUDED.column_name, value = EXCLUDED.value, run_id = EXCLUDED.run_id, updated_at = now()`,
      [runId, mark.mapping, mark.mode, mark.column, mark.value],
    );
  }
}

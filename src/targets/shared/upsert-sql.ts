/**
 * The bulk write of one entity's records, shared by both targets: COPY into a session-local staging
 * table, then one statement that upserts (`INSERT … ON CONFLICT (id) DO UPDATE … WHERE the hash
 * differs`) and classifies every staged id as inserted / updated / unchanged. An unchanged record is not
 * touched at all (not even `run_id`/`loaded_at`), which is what makes a re-run a no-op.
 */
import { SchemaError } from '../../core/errors.js';
import type { LoadOutcome, LoadRecord } from '../../core/pipeline/canonical-target.js';
import { quoteIdentifier } from '../typeorm/store-identifiers.js';
import { copyLine } from './copy-text.js';
import type { EntityLayout } from './entity-layout.js';
import { recordToFields } from './record-row.js';
import type { SqlSession } from './sql-session.js';

/** Columns the engine owns besides the model's (see `src/targets/typeorm/system-columns.ts`). */
const STAGE_EXTRA = ['cb_ord', 'content_hash', 'run_id'] as const;

/** The name of the staging table of `layout` (temporary, so it lives in the session's own schema). */
export function stagingTableName(layout: EntityLayout): string {
  return quoteIdentifier(`cb_stage_${layout.table}`);
}

/** DDL of the staging table: the property columns with their store types, no constraints. */
export function stagingTableDdl(layout: EntityLayout): string {
  const columns = layout.columns.map((c) => `${c.quoted} ${c.sqlType}`);
  return (
    `CREATE TEMPORARY TABLE ${stagingTableName(layout)} (cb_ord integer NOT NULL, ${columns.join(', ')}, ` +
    `content_hash text NOT NULL, run_id uuid NOT NULL) ON COMMIT DROP`
  );
}

/**
 * Upserts the staged rows (distinct ids: see `lastPerId`) and returns `(id, outcome)` per staged id.
 * All CTEs see the snapshot from before the statement, so `prior` tells what existed before the write.
 */
export function upsertAndClassifySql(layout: EntityLayout): string {
  const cols = layout.columns.map((c) => c.quoted);
  const stage = stagingTableName(layout);
  const updates = layout.columns
    .filter((c) => c.property !== 'id')
    .map((c) => `${c.quoted} = excluded.${c.quoted}`)
    .concat(['content_hash = excluded.content_hash', 'run_id = excluded.run_id', 'loaded_at = excluded.loaded_at']);
  return `WITH s AS (
  SELECT * FROM ${stage}
), prior AS (
  SELECT t."id" FROM ${layout.qualified} t WHERE t."id" IN (SELECT "id" FROM s)
), up AS (
  INSERT INTO ${layout.qualified} AS t (${cols.join(', ')}, content_hash, run_id, loaded_at)
  SELECT ${cols.map((c) => `s.${c}`).join(', ')}, s.content_hash, s.run_id, now() FROM s
  ON CONFLICT ("id") DO UPDATE SET ${updates.join(', ')}
  WHERE t.content_hash IS DISTINCT FROM excluded.content_hash
  RETURNING t."id"
)
SELECT s."id"::text AS id,
  CASE WHEN prior."id" IS NULL THEN 'inserted' WHEN up."id" IS NOT NULL THEN 'updated' ELSE 'unchanged' END AS outcome
FROM s LEFT JOIN prior ON prior."id" = s."id" LEFT JOIN up ON up."id" = s."id"`;
}

/**
 * One record per id: when a batch holds the same id twice (merged duplicates), the later record wins,
 * as a sequence of single writes would have. Done here rather than in SQL (DISTINCT ON) because the
 * sort costs more than the whole upsert on PGlite.
 */
export function lastPerId(records: readonly LoadRecord[]): LoadRecord[] {
  const byId = new Map<string, LoadRecord>();
  for (const record of records) {
    byId.delete(record.id); // re-insert so that Map order follows the last occurrence
    byId.set(record.id, record);
  }
  return [...byId.values()];
}

/** Writes `records` (all of `layout`'s entity) in the caller's transaction; returns each id's outcome. */
export async function upsertEntityRecords(
  session: SqlSession,
  layout: EntityLayout,
  runId: string,
  records: readonly LoadRecord[],
): Promise<{ id: string; outcome: LoadOutcome }[]> {
  const lines = lastPerId(records).map((r, i) => {
    if (r.record['id'] !== undefined && r.record['id'] !== r.id) {
      throw new SchemaError('A load record carries an id that differs from its record id.', { details: { entity: layout.entity, id: r.id } });
    }
    return copyLine([String(i), ...recordToFields(layout, r.id, { ...r.record, id: r.id }), r.contentHash, runId]);
  });
  const stage = stagingTableName(layout);
  await session.query(stagingTableDdl(layout));
  await session.copyFrom(stage, [...STAGE_EXTRA.slice(0, 1), ...layout.columns.map((c) => c.quoted), ...STAGE_EXTRA.slice(1)], lines);
  const result = await session.query<{ id: string; outcome: LoadOutcome }>(upsertAndClassifySql(layout));
  // Dropped now, not only at COMMIT: a dry run keeps one transaction open across many batches.
  await session.query(`DROP TABLE ${stage}`);
  return result.rows;
}

/**
 * Undoing one run in the caller's transaction (`SqlCanonicalTarget#rollbackRun`): what the run overwrote
 * comes back from the run-history ledger, what it inserted goes, its tombstones are withdrawn, and the
 * run is marked `rolled_back` with a `cb_rollback` entry (counts only). Order matters: updated rows are
 * restored first (in model order), so that every row still carrying the run's id afterwards is one the
 * run inserted; those are deleted children first (reverse model order), so foreign keys hold.
 */
import { RollbackRefusedError } from '../../core/errors.js';
import { DELIVERY_TABLES } from '../ledger/delivery-ledger-ddl.js';
import { LEDGER_TABLES } from '../ledger/ledger-ddl.js';
import { COMPACT_LINEAGE_KEY } from '../ledger/lineage-compact-ddl.js';
import { RUN_HISTORY_TABLES } from '../ledger/run-history-ledger-ddl.js';
import { DOCUMENT_TABLES } from '../documents/document-store-ddl.js';
import type { ModelLayout } from './entity-layout.js';
import type { SqlSession } from './sql-session.js';

/** What a rollback did (or, as a dry run, would do) to one entity's records. */
export interface RollbackEntityCounts {
  /** The entity (model name). */
  readonly entity: string;
  /** Records the run inserted, deleted again. */
  readonly removed: number;
  /** Records the run updated, restored to their image from before the run. */
  readonly restored: number;
  /** Tombstones the run wrote, withdrawn (the records are live again). */
  readonly undeleted: number;
  /** Tombstones the run had lifted (records delivered again), in force again. */
  readonly redeleted: number;
}

/** Removed and restored rows of one ledger table. */
export interface RollbackRowCounts {
  /** Rows the run inserted, deleted again. */
  readonly removed: number;
  /** Rows the run changed, restored to their image from before the run. */
  readonly restored: number;
}

/** The outcome of `rollbackRun`: counts only, no record content. */
export interface RollbackResult {
  /** The run rolled back. */
  readonly runId: string;
  /** Its commune (BFS number; null for a run recorded before the tenant key). */
  readonly commune: number | null;
  /** Its source system. */
  readonly sourceSystem: string;
  /** True when nothing was changed (`dryRun` option): the counts say what a rollback would do. */
  readonly dryRun: boolean;
  /** Per entity that the rollback touches, in model order. */
  readonly entities: readonly RollbackEntityCounts[];
  /** Lineage rows (`cb_lineage`). */
  readonly lineage: RollbackRowCounts;
  /** High-water marks of delta mappings (`cb_high_water`). */
  readonly highWaterMarks: RollbackRowCounts;
  /** Stored documents (`cb_document`, with their chunks). */
  readonly documents: RollbackRowCounts;
}

/** The run row a rollback reads (and locks). */
interface RunRow {
  readonly status: string;
  readonly commune: number | null;
  readonly source_system: string;
  readonly dry_run: boolean;
}

/** Refuses unless `runId` may be rolled back now; returns its ledger row (locked FOR UPDATE). */
export async function assertRollbackAllowed(session: SqlSession, runId: string): Promise<RunRow> {
  const found = await session.query<RunRow>(`SELECT status, commune, source_system, dry_run FROM ${LEDGER_TABLES.run} WHERE run_id = $1::uuid FOR UPDATE`, [
    runId,
  ]);
  const run = found.rows[0];
  if (run === undefined) {
    throw new RollbackRefusedError('The target ledger knows no run with this id; nothing was rolled back.', { details: { runId, reason: 'unknown-run' } });
  }
  if (run.status === 'running') {
    throw new RollbackRefusedError('The run is still running (or was interrupted and may be resumed); finish or fail it before rolling it back.', {
      details: { runId, reason: 'running' },
    });
  }
  if (run.status === 'rolled_back') {
    throw new RollbackRefusedError('The run was rolled back already.', { details: { runId, reason: 'rolled-back' } });
  }
  // A later run of the same tenant may have built on this one's rows: it must be rolled back first.
  const later = await session.query<{ run_id: string }>(
    `SELECT o.run_id::text AS run_id FROM ${LEDGER_TABLES.run} o, ${LEDGER_TABLES.run} r
      WHERE r.run_id = $1::uuid AND o.run_id <> r.run_id AND o.source_system = r.source_system AND o.commune IS NOT DISTINCT FROM r.commune
        AND NOT o.dry_run AND o.status <> 'rolled_back' AND o.started_at >= r.started_at
      ORDER BY o.started_at DESC, o.run_id LIMIT 1`,
    [runId],
  );
  const laterRunId = later.rows[0]?.run_id;
  if (laterRunId !== undefined) {
    throw new RollbackRefusedError(`A later run of the same commune and source system builds on this run: roll back run ${laterRunId} first.`, {
      details: { runId, reason: 'later-run', laterRunId },
    });
  }
  return { ...run, commune: run.commune === null ? null : Number(run.commune) };
}

/** The quoted columns of `qualified` except `id`, from the catalog (the table as it is, not as the model thinks). */
async function columnsOf(session: SqlSession, qualified: string, except: readonly string[]): Promise<string[]> {
  const result = await session.query<{ col: string; name: string }>(
    `SELECT quote_ident(attname) AS col, attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [qualified],
  );
  return result.rows.filter((r) => !except.includes(r.name)).map((r) => r.col);
}

/** `UPDATE … SET (cols) = (r.cols)` from the history images of one kind and entity; returns the row count. */
async function restoreImages(
  session: SqlSession,
  runId: string,
  kind: string,
  entity: string | null,
  qualified: string,
  keyColumns: readonly string[],
): Promise<number> {
  const columns = await columnsOf(session, qualified, keyColumns);
  if (columns.length === 0) return 0;
  const sets = columns.length === 1 ? `${columns[0]} = r.${columns[0]}` : `(${columns.join(', ')}) = (${columns.map((c) => `r.${c}`).join(', ')})`;
  const params: unknown[] = [runId, kind];
  if (entity !== null) params.push(entity);
  const updated = await session.query(
    `UPDATE ${qualified} t SET ${sets}
       FROM ${RUN_HISTORY_TABLES.history} h, jsonb_populate_record(NULL::${qualified}, h.image) r
      WHERE h.run_id = $1::uuid AND h.kind = $2 ${entity === null ? '' : 'AND h.entity = $3'}
        AND ${keyColumns.map((k) => `t.${k} = r.${k}`).join(' AND ')}`,
    params,
  );
  return updated.rowCount;
}

/** Counts per entity from `SELECT entity, count(*)` rows. */
async function countByEntity(session: SqlSession, sql: string, params: readonly unknown[]): Promise<Map<string, number>> {
  const result = await session.query<{ entity: string; n: string }>(sql, params);
  return new Map(result.rows.map((r) => [r.entity, Number(r.n)]));
}

/**
 * Rolls `runId` back in the caller's transaction (see the module comment) and records the rollback.
 * Call `assertRollbackAllowed` first, in the same transaction. `actor`: an operator id for the ledger
 * entry (no name: a role or a pseudonymous id), or null.
 */
export async function rollbackRunSql(session: SqlSession, model: ModelLayout, runId: string, run: RunRow, actor: string | null): Promise<RollbackResult> {
  const restored = new Map<string, number>();
  for (const layout of model.entities) {
    const n = await restoreImages(session, runId, 'canonical', layout.entity, layout.qualified, ['id']);
    if (n > 0) restored.set(layout.entity, n);
  }
  const removed = new Map<string, number>();
  for (const layout of [...model.entities].reverse()) {
    const deleted = await session.query(
      `DELETE FROM ${layout.qualified} t WHERE t.run_id = $1::uuid AND t.cb_commune IS NOT DISTINCT FROM $2::integer AND t.cb_source_system = $3::text`,
      [runId, run.commune, run.source_system],
    );
    if (deleted.rowCount > 0) removed.set(layout.entity, deleted.rowCount);
  }
  const lineageRestored = await restoreImages(session, runId, 'lineage', null, LEDGER_TABLES.lineage, COMPACT_LINEAGE_KEY);
  const lineageRemoved = (await session.query(`DELETE FROM ${LEDGER_TABLES.lineage} WHERE run_id = $1::uuid`, [runId])).rowCount;
  // Tombstones: the run's own go; the ones it lifted are in force again (after, so one record never has two live ones).
  const undeleted = await countByEntity(
    session,
    `WITH d AS (DELETE FROM ${DELIVERY_TABLES.tombstone} WHERE deleted_run_id = $1::uuid RETURNING entity) SELECT entity, count(*)::text AS n FROM d GROUP BY entity`,
    [runId],
  );
  const redeleted = await countByEntity(
    session,
    `WITH u AS (UPDATE ${DELIVERY_TABLES.tombstone} SET restored_run_id = NULL, restored_at = NULL WHERE restored_run_id = $1::uuid RETURNING entity)
     SELECT entity, count(*)::text AS n FROM u GROUP BY entity`,
    [runId],
  );
  const marksRemoved = (await session.query(`DELETE FROM ${DELIVERY_TABLES.highWater} WHERE run_id = $1::uuid`, [runId])).rowCount;
  const marksRestored = (
    await session.query(
      `INSERT INTO ${DELIVERY_TABLES.highWater} SELECT (jsonb_populate_record(NULL::${DELIVERY_TABLES.highWater}, h.image)).*
         FROM ${RUN_HISTORY_TABLES.history} h WHERE h.run_id = $1::uuid AND h.kind = 'high-water'`,
      [runId],
    )
  ).rowCount;
  const documents = await rollbackDocuments(session, runId);
  await session.query(`DELETE FROM ${DELIVERY_TABLES.runSeen} WHERE run_id = $1::uuid`, [runId]);
  await session.query(`DELETE FROM ${RUN_HISTORY_TABLES.history} WHERE run_id = $1::uuid`, [runId]);

  const entities: RollbackEntityCounts[] = [];
  for (const layout of model.entities) {
    const counts: RollbackEntityCounts = {
      entity: layout.entity,
      removed: removed.get(layout.entity) ?? 0,
      restored: restored.get(layout.entity) ?? 0,
      undeleted: undeleted.get(layout.entity) ?? 0,
      redeleted: redeleted.get(layout.entity) ?? 0,
    };
    if (counts.removed + counts.restored + counts.undeleted + counts.redeleted > 0) entities.push(counts);
  }
  const result: RollbackResult = {
    runId,
    commune: run.commune,
    sourceSystem: run.source_system,
    dryRun: false,
    entities,
    lineage: { removed: lineageRemoved, restored: lineageRestored },
    highWaterMarks: { removed: marksRemoved, restored: marksRestored },
    documents,
  };
  await session.query(`UPDATE ${LEDGER_TABLES.run} SET status = 'rolled_back' WHERE run_id = $1::uuid`, [runId]);
  const { runId: _id, commune: _c, sourceSystem: _s, dryRun: _d, ...counts } = result;
  await session.query(
    `INSERT INTO ${RUN_HISTORY_TABLES.rollback} (run_id, commune, source_system, actor, counts) VALUES ($1::uuid, $2::integer, $3, $4, $5::jsonb)`,
    [runId, run.commune, run.source_system, actor, JSON.stringify(counts)],
  );
  return result;
}

/**
 * Documents the run stored: replaced ones get their earlier row and chunks back from the history, new
 * ones are deleted with their chunks. Skipped when the store has no document tables.
 */
async function rollbackDocuments(session: SqlSession, runId: string): Promise<RollbackRowCounts> {
  const exists = await session.query<{ ok: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS ok`, [DOCUMENT_TABLES.document]);
  if (exists.rows[0]?.ok !== true) return { removed: 0, restored: 0 };
  // The run's chunks go, except where its bytes equal the saved version's (stored again unchanged: no chunks were saved).
  await session.query(
    `DELETE FROM ${DOCUMENT_TABLES.content} c USING ${DOCUMENT_TABLES.document} d
      WHERE d.document_id = c.document_id AND d.run_id = $1::uuid
        AND NOT EXISTS (SELECT 1 FROM ${RUN_HISTORY_TABLES.history} h WHERE h.run_id = $1::uuid AND h.kind = 'document' AND h.row_key = d.document_id::text
                         AND h.image->>'sha256' = d.sha256 AND (h.image->>'byte_size')::bigint = d.byte_size)`,
    [runId],
  );
  await session.query(
    `INSERT INTO ${DOCUMENT_TABLES.content} SELECT (jsonb_populate_record(NULL::${DOCUMENT_TABLES.content}, h.image)).*
       FROM ${RUN_HISTORY_TABLES.history} h WHERE h.run_id = $1::uuid AND h.kind = 'document-content'
        AND NOT EXISTS (SELECT 1 FROM ${DOCUMENT_TABLES.content} c WHERE c.document_id = (h.image->>'document_id')::uuid)`,
    [runId],
  );
  const restored = await restoreImages(session, runId, 'document', null, DOCUMENT_TABLES.document, ['document_id']);
  const removed = (await session.query(`DELETE FROM ${DOCUMENT_TABLES.document} WHERE run_id = $1::uuid`, [runId])).rowCount;
  return { removed, restored };
}

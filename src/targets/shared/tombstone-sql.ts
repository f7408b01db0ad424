/**
 * Tombstones in the SQL targets: a record a delivery found gone stays in its table and gets a live row
 * in `cb_tombstone` (the run that saw it, why, its last content hash). Every read that stands for
 * "what the source delivers" (totals, read-back, live counts) leaves tombstoned records out; a record
 * that comes back is restored (the tombstone keeps its history) and counts as inserted again.
 */
import { ERROR_CODES, RunError } from '../../core/errors.js';
import type { DeletionReason, DeletionRequest, EntityDeletions, LoadBatch } from '../../core/pipeline/canonical-target.js';
import { DELIVERY_TABLES } from '../ledger/delivery-ledger-ddl.js';
import { LINEAGE_TABLES } from '../ledger/lineage-compact-ddl.js';
import { copyLine } from './copy-text.js';
import { columnOf } from './entity-layout.js';
import type { EntityLayout, ModelLayout } from './entity-layout.js';
import { readColumns, rowToRecord } from './record-row.js';
import { resolveRecordLineage } from './record-lineage-read.js';
import type { SqlSession } from './sql-session.js';
import type { Tenant } from '../../core/pipeline/tenant.js';

/**
 * SQL condition: the row `alias` of `entityParam` has no live tombstone. With `communeParam`, only that
 * commune's tombstones count (canonical ids carry the tenant already; this keeps the ledger keyed too).
 */
export function isLive(alias: string, entityParam: string, communeParam?: string): string {
  return `NOT EXISTS (SELECT 1 FROM ${DELIVERY_TABLES.tombstone} d
    WHERE d.entity = ${entityParam} AND d.canonical_id = ${alias}."id"${communeParam === undefined ? '' : ` AND d.commune = ${communeParam}`} AND d.restored_run_id IS NULL)`;
}

/** SQL condition: the row `alias` was loaded by the tenant `sourceParam` + `communeParam` (lineage). */
function fromSource(alias: string, entityParam: string, sourceParam: string, communeParam: string): string {
  return `EXISTS (SELECT 1 FROM ${LINEAGE_TABLES.view} l
    WHERE l.entity = ${entityParam} AND l.source_system = ${sourceParam} AND l.commune = ${communeParam} AND l.canonical_id = ${alias}."id")`;
}

/**
 * SQL conditions: the row `alias` was not seen by run `runParam`: not in `cb_run_seen` (the upsert path's
 * list) and no lineage row of the run under one of the snapshot mappings `mappingsParam` (what the
 * first-load path writes for every record and merged survivor instead of that list).
 */
function notSeen(alias: string, entityParam: string, sourceParam: string, communeParam: string, runParam: string, mappingsParam: string): string {
  return `NOT EXISTS (SELECT 1 FROM ${DELIVERY_TABLES.runSeen} s WHERE s.run_id = ${runParam} AND s.entity = ${entityParam} AND s.canonical_id = ${alias}."id")
          AND NOT EXISTS (SELECT 1 FROM ${LINEAGE_TABLES.view} r
                           WHERE r.entity = ${entityParam} AND r.source_system = ${sourceParam} AND r.commune = ${communeParam} AND r.canonical_id = ${alias}."id"
                             AND r.run_id = ${runParam} AND r.mapping = ANY(${mappingsParam}::text[]))`;
}

/**
 * Whether `entity` holds lineage of the tenant from a run other than `runId`. When not, every record of
 * it was delivered by this run, so a full snapshot of it can have lost none: the scan is skipped.
 */
async function loadedByOtherRuns(session: SqlSession, entity: string, request: DeletionRequest): Promise<boolean> {
  const found = await session.query<{ loaded: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${LINEAGE_TABLES.view} WHERE entity = $1 AND source_system = $2 AND commune = $3::integer AND run_id <> $4) AS loaded`,
    [entity, request.sourceSystem, request.commune, request.runId],
  );
  return found.rows[0]?.loaded === true;
}

/**
 * Remembers the record ids of a full-snapshot batch as seen by its run (survivors of merges too). The
 * first-load path does not call it: its lineage rows say the same (see `notSeen`).
 */
export async function recordSeen(session: SqlSession, batch: LoadBatch, tenant: Tenant): Promise<void> {
  if (batch.snapshot !== true) return;
  const commune = String(tenant.commune);
  const lines = batch.records.map((r) => copyLine([batch.runId, r.entity, r.id, commune]));
  for (const m of batch.mergedLineage ?? []) lines.push(copyLine([batch.runId, m.entity, m.survivorId, commune]));
  if (lines.length > 0) await session.copyFrom(DELIVERY_TABLES.runSeen, ['run_id', 'entity', 'canonical_id', 'commune'], lines);
}

/** Forgets what a finished run saw (scratch for `applyDeletions` only). */
export async function forgetSeen(session: SqlSession, runId: string): Promise<void> {
  await session.query(`DELETE FROM ${DELIVERY_TABLES.runSeen} WHERE run_id = $1`, [runId]);
}

/** Restores the tombstoned records among `ids` (they are delivered again); returns the restored ids. */
export async function restoreTombstoned(session: SqlSession, entity: string, runId: string, ids: readonly string[], commune: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await session.query<{ id: string }>(
    `UPDATE ${DELIVERY_TABLES.tombstone} SET restored_run_id = $1, restored_at = now()
      WHERE entity = $2 AND commune = $4::integer AND restored_run_id IS NULL AND canonical_id = ANY($3::uuid[]) RETURNING canonical_id::text AS id`,
    [runId, entity, [...ids], commune],
  );
  return new Set(result.rows.map((r) => r.id));
}

/** Live records of `layout`'s entity loaded by `tenant` (commune + source system). */
export async function selectLiveCount(session: SqlSession, layout: EntityLayout, tenant: Tenant): Promise<number> {
  const result = await session.query<{ n: string }>(
    `SELECT COUNT(*)::text AS n FROM ${layout.qualified} t WHERE ${fromSource('t', '$1', '$2', '$3::integer')} AND ${isLive('t', '$1', '$3::integer')}`,
    [layout.entity, tenant.sourceSystem, tenant.commune],
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** Per mapping: distinct source rows whose records (any of them) are still live. */
export async function selectDeliveredRows(session: SqlSession, tenant: Tenant, mappings: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = Object.fromEntries(mappings.map((m) => [m, 0]));
  if (mappings.length === 0) return out;
  const result = await session.query<{ mapping: string; n: string }>(
    `SELECT l.mapping, COUNT(DISTINCT (l.source_table, l.source_key))::text AS n FROM ${LINEAGE_TABLES.view} l
      WHERE l.source_system = $1 AND l.commune = $3::integer AND l.mapping = ANY($2::text[]) AND NOT l.merged
        AND NOT EXISTS (SELECT 1 FROM ${DELIVERY_TABLES.tombstone} d WHERE d.entity = l.entity AND d.canonical_id = l.canonical_id AND d.commune = $3::integer AND d.restored_run_id IS NULL)
      GROUP BY l.mapping`,
    [tenant.sourceSystem, [...mappings], tenant.commune],
  );
  for (const row of result.rows) out[row.mapping] = Number(row.n);
  return out;
}

type Found = { id: string; reason: DeletionReason; contentHash: string };

/**
 * Finds the records to tombstone (snapshot misses, then cascades to a fixed point), asks the guard per
 * entity, and only then writes every tombstone; returns what each entity received.
 */
export async function applyDeletionsSql(session: SqlSession, model: ModelLayout, request: DeletionRequest): Promise<EntityDeletions[]> {
  const found = new Map<string, Map<string, Found>>();
  const take = (entity: string, rows: readonly { id: string; content_hash: string }[], reason: DeletionReason): number => {
    let byId = found.get(entity);
    if (byId === undefined) found.set(entity, (byId = new Map()));
    let added = 0;
    for (const row of rows) {
      if (byId.has(row.id)) continue;
      byId.set(row.id, { id: row.id, reason, contentHash: row.content_hash });
      added += 1;
    }
    return added;
  };
  for (const { entity, mappings } of request.entities) {
    const layout = model.entity(entity);
    if (!(await loadedByOtherRuns(session, entity, request))) continue;
    // Records some snapshot mapping delivered before, no other mapping claims, and this run did not see.
    const missing = await session.query<{ id: string; content_hash: string }>(
      `SELECT t."id"::text AS id, t.content_hash FROM ${layout.qualified} t
        WHERE t."id" IN (SELECT l.canonical_id FROM ${LINEAGE_TABLES.view} l
                          WHERE l.entity = $1 AND l.source_system = $2 AND l.commune = $5::integer AND l.mapping = ANY($3::text[]))
          AND NOT EXISTS (SELECT 1 FROM ${LINEAGE_TABLES.view} o
                           WHERE o.entity = $1 AND o.source_system = $2 AND o.commune = $5::integer AND o.canonical_id = t."id" AND NOT (o.mapping = ANY($3::text[])))
          AND ${notSeen('t', '$1', '$2', '$5::integer', '$4', '$6')}
          AND ${isLive('t', '$1', '$5::integer')}
        ORDER BY 1`,
      [entity, request.sourceSystem, [...mappings], request.runId, request.commune, [...request.snapshotMappings]],
    );
    take(entity, missing.rows, 'snapshot');
  }
  const parentsOf = new Map<string, Set<string>>();
  for (const seed of request.seedParents ?? []) {
    let ids = parentsOf.get(seed.entity);
    if (ids === undefined) parentsOf.set(seed.entity, (ids = new Set()));
    ids.add(seed.id);
  }
  // Cascades: children of tombstoned parents that this run did not see, until nothing new turns up.
  const ordered = [...request.cascades].sort((a, b) => model.order(a.entity) - model.order(b.entity));
  for (let changed = true; changed; ) {
    changed = false;
    for (const cascade of ordered) {
      const parents = [...(found.get(cascade.parent)?.keys() ?? []), ...(parentsOf.get(cascade.parent) ?? [])];
      if (parents.length === 0) continue;
      const layout = model.entity(cascade.entity);
      const column = columnOf(layout, cascade.property);
      const children = await session.query<{ id: string; content_hash: string }>(
        `SELECT t."id"::text AS id, t.content_hash FROM ${layout.qualified} t
          WHERE t.${column.quoted}::text = ANY($3::text[]) AND ${fromSource('t', '$1', '$2', '$5::integer')} AND ${isLive('t', '$1', '$5::integer')}
            AND ${notSeen('t', '$1', '$2', '$5::integer', '$4', '$6')}
          ORDER BY 1`,
        [cascade.entity, request.sourceSystem, parents, request.runId, request.commune, [...request.snapshotMappings]],
      );
      if (take(cascade.entity, children.rows, 'cascade') > 0) changed = true;
    }
  }
  const results: EntityDeletions[] = [];
  const entities = [...new Set([...request.entities.map((e) => e.entity), ...found.keys()])].sort((a, b) => model.order(a) - model.order(b));
  for (const entity of entities) {
    const rows = [...(found.get(entity)?.values() ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const liveBefore = await selectLiveCount(session, model.entity(entity), { commune: request.commune, sourceSystem: request.sourceSystem });
    if (rows.length > 0 && !request.allow(entity, rows.length, liveBefore)) {
      throw new RunError('The delivery would delete more live records than the mass-deletion guard allows; nothing was deleted.', {
        code: ERROR_CODES.DELETION_GUARD,
        details: { entity, deletions: rows.length, live: liveBefore },
      });
    }
    results.push({
      entity,
      liveBefore,
      snapshot: rows.filter((r) => r.reason === 'snapshot').length,
      cascade: rows.filter((r) => r.reason === 'cascade').length,
      ids: rows,
    });
  }
  for (const result of results) {
    if (result.ids.length === 0) continue;
    await session.query(
      `INSERT INTO ${DELIVERY_TABLES.tombstone} (entity, canonical_id, source_system, commune, reason, content_hash, deleted_run_id)
       SELECT $1, u.id, $2, $3::integer, u.reason, u.hash, $4 FROM unnest($5::uuid[], $6::text[], $7::text[]) AS u(id, reason, hash)`,
      [
        result.entity,
        request.sourceSystem,
        request.commune,
        request.runId,
        result.ids.map((r) => r.id),
        result.ids.map((r) => r.reason),
        result.ids.map((r) => r.contentHash),
      ],
    );
  }
  return results;
}

/** One change a run made to the live records: an upsert (with the record) or a deletion. */
export type RunChange =
  | { readonly op: 'upsert'; readonly entity: string; readonly id: string; readonly contentHash: string; readonly record: Record<string, unknown> }
  | { readonly op: 'delete'; readonly entity: string; readonly id: string; readonly contentHash: string; readonly reason: string };

/**
 * One page of the live records `runId` wrote or restored in `layout`'s table, in id order after
 * `after` (keyset): what a change feed publishes as upserts.
 */
export async function selectRunUpserts(
  session: SqlSession,
  layout: EntityLayout,
  runId: string,
  after: string | null,
  limit: number,
): Promise<{ changes: RunChange[]; next: string | null }> {
  const params: unknown[] = [runId, layout.entity, limit];
  if (after !== null) params.push(after);
  const result = await session.query<Record<string, unknown>>(
    `SELECT t."id"::text AS cb_id, t.content_hash AS cb_hash, ${readColumns(layout, 't')}
       FROM ${layout.qualified} t
      WHERE (t.run_id = $1 OR EXISTS (SELECT 1 FROM ${DELIVERY_TABLES.tombstone} r WHERE r.entity = $2 AND r.canonical_id = t."id" AND r.restored_run_id = $1))
        AND ${isLive('t', '$2')} ${after === null ? '' : 'AND t."id" > $4::uuid'}
      ORDER BY t."id" LIMIT $3`,
    params,
  );
  await resolveRecordLineage(session, layout, result.rows);
  const changes = result.rows.map(
    (row): RunChange => ({
      op: 'upsert',
      entity: layout.entity,
      id: String(row['cb_id']),
      contentHash: String(row['cb_hash']),
      record: rowToRecord(layout, row),
    }),
  );
  const last = changes[changes.length - 1];
  return { changes, next: last === undefined || changes.length < limit ? null : last.id };
}

/** The tombstones `runId` wrote, in entity and id order. */
export async function selectRunDeletions(session: SqlSession, runId: string): Promise<RunChange[]> {
  const result = await session.query<{ entity: string; id: string; content_hash: string; reason: string }>(
    `SELECT entity, canonical_id::text AS id, content_hash, reason FROM ${DELIVERY_TABLES.tombstone} WHERE deleted_run_id = $1 ORDER BY entity, canonical_id`,
    [runId],
  );
  return result.rows.map((r) => ({ op: 'delete', entity: r.entity, id: r.id, contentHash: r.content_hash, reason: r.reason }));
}

/**
 * Saving what a real run overwrites, so that the run can be rolled back (`run-rollback-sql.ts`). Each
 * save is one `INSERT … SELECT` of the rows about to change, in the transaction that changes them.
 * Only the first image per run and row is kept (the row as it was before the run): a row that already
 * carries the run's id was inserted or saved by this run earlier and is skipped. Inserts cost nothing
 * here: a row whose `run_id` is the run and that has no image was inserted by it.
 */
import type { Tenant } from '../../core/pipeline/tenant.js';
import { DELIVERY_TABLES } from '../ledger/delivery-ledger-ddl.js';
import { DOCUMENT_TABLES } from '../documents/document-store-ddl.js';
import { LEDGER_TABLES } from '../ledger/ledger-ddl.js';
import { LINEAGE_TABLES } from '../ledger/lineage-compact-ddl.js';
import { RUN_HISTORY_TABLES } from '../ledger/run-history-ledger-ddl.js';
import type { EntityLayout } from './entity-layout.js';
import type { SqlSession } from './sql-session.js';
import type { StagingTable } from './staging-table.js';

/** The text key of a compact lineage row in the history (its unique key). */
const LINEAGE_ROW_KEY = (alias: string): string => `jsonb_build_array(${alias}.source_id, ${alias}.canonical_id, ${alias}.source_key)::text`;

/**
 * Saves the rows of `layout`'s table that the staged upsert is about to update (hash differs, this
 * tenant's, not written by this run yet). Call right before the upsert, with the same staging table.
 */
export async function saveCanonicalHistory(session: SqlSession, layout: EntityLayout, stage: StagingTable, runId: string, tenant: Tenant): Promise<void> {
  await session.query(
    `INSERT INTO ${RUN_HISTORY_TABLES.history} (run_id, kind, entity, row_key, image)
     SELECT $1::uuid, 'canonical', $2, t."id"::text, to_jsonb(t) FROM ${layout.qualified} t JOIN ${stage.quoted} s ON s."id" = t."id"
      WHERE t.content_hash IS DISTINCT FROM s.content_hash AND t.run_id <> $1::uuid AND t.cb_commune = $3::integer AND t.cb_source_system = $4::text
     ON CONFLICT DO NOTHING`,
    [runId, layout.entity, tenant.commune, tenant.sourceSystem],
  );
}

/**
 * Saves the lineage rows the staged lineage upsert is about to change (mapping, version, hash or
 * merge flag differ). The stage has the key and value columns of the compact `cb_lineage`.
 */
export async function saveLineageHistory(session: SqlSession, stage: StagingTable, runId: string): Promise<void> {
  await session.query(
    `INSERT INTO ${RUN_HISTORY_TABLES.history} (run_id, kind, entity, row_key, image)
     SELECT $1::uuid, 'lineage', d.entity, ${LINEAGE_ROW_KEY('l')}, to_jsonb(l)
       FROM ${LEDGER_TABLES.lineage} l JOIN ${stage.quoted} s
         ON (s.source_id, s.canonical_id, s.source_key) = (l.source_id, l.canonical_id, l.source_key)
       JOIN ${LINEAGE_TABLES.source} d ON d.source_id = l.source_id
      WHERE (l.mapping_id, l.content_hash, l.content_hash_text, l.merged) IS DISTINCT FROM (s.mapping_id, s.content_hash, s.content_hash_text, s.merged)
        AND l.run_id <> $1::uuid
     ON CONFLICT DO NOTHING`,
    [runId],
  );
}

/** Saves the run's tenant's high-water marks of `mappings` that finishing the run is about to move. */
export async function saveHighWaterHistory(session: SqlSession, runId: string, mappings: readonly string[]): Promise<void> {
  if (mappings.length === 0) return;
  await session.query(
    `INSERT INTO ${RUN_HISTORY_TABLES.history} (run_id, kind, entity, row_key, image)
     SELECT $1::uuid, 'high-water', h.mapping, h.source_system || ':' || h.commune::text, to_jsonb(h)
       FROM ${DELIVERY_TABLES.highWater} h JOIN ${LEDGER_TABLES.run} r ON r.run_id = $1::uuid AND r.source_system = h.source_system AND r.commune = h.commune
      WHERE h.mapping = ANY($2::text[]) AND h.run_id <> $1::uuid
     ON CONFLICT DO NOTHING`,
    [runId, [...mappings]],
  );
}

/** Saves a stored document's row and chunks before a run replaces them. */
export async function saveDocumentHistory(session: SqlSession, runId: string, documentId: string): Promise<void> {
  await session.query(
    `INSERT INTO ${RUN_HISTORY_TABLES.history} (run_id, kind, entity, row_key, image)
     SELECT $1::uuid, 'document', '', d.document_id::text, to_jsonb(d) FROM ${DOCUMENT_TABLES.document} d WHERE d.document_id = $2::uuid
     ON CONFLICT DO NOTHING`,
    [runId, documentId],
  );
  await session.query(
    `INSERT INTO ${RUN_HISTORY_TABLES.history} (run_id, kind, entity, row_key, image)
     SELECT $1::uuid, 'document-content', '', c.document_id::text || ':' || c.chunk_no::text, to_jsonb(c) FROM ${DOCUMENT_TABLES.content} c WHERE c.document_id = $2::uuid
     ON CONFLICT DO NOTHING`,
    [runId, documentId],
  );
}

/** Drops the saved chunks of a document the run stored again with the same bytes (its row image suffices). */
export async function dropDocumentContentHistory(session: SqlSession, runId: string, documentId: string): Promise<void> {
  await session.query(`DELETE FROM ${RUN_HISTORY_TABLES.history} WHERE run_id = $1::uuid AND kind = 'document-content' AND entity = '' AND row_key LIKE $2`, [
    runId,
    `${documentId}:%`,
  ]);
}

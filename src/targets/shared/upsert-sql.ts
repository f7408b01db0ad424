/**
 * The bulk write of one entity's records, shared by both targets: COPY into a session-lived staging
 * table, then one statement that upserts (`INSERT … ON CONFLICT (id) DO UPDATE … WHERE the hash
 * differs … RETURNING`), from which every staged id is classified as inserted / updated / unchanged.
 * An unchanged record is not touched at all (not even `run_id`/`loaded_at`), which is what makes a re-run a no-op.
 */
import { ERROR_CODES, SchemaError, TenantError } from '../../core/errors.js';
import type { Tenant } from '../../core/pipeline/tenant.js';
import type { LoadOutcome, LoadRecord } from '../../core/pipeline/canonical-target.js';
import { copyLine } from './copy-text.js';
import type { ColumnLayout, EntityLayout } from './entity-layout.js';
import { recordToFields } from './record-row.js';
import { elidesLineage, LINEAGE_PROPERTY } from './lineage-elision.js';
import { recordLineageSql } from '../ledger/record-lineage-ddl.js';
import type { SqlSession } from './sql-session.js';
import { clearStagingTable, ensureStagingTable, stagingTable } from './staging-table.js';
import { saveCanonicalHistory } from './run-history-sql.js';
import { rememberDigest } from './row-digest.js';
import type { StagingTable } from './staging-table.js';

/** Columns the engine owns besides the model's (see `src/targets/typeorm/system-columns.ts`). */
const STAGE_EXTRA = ['cb_ord', 'content_hash', 'run_id'] as const;

/** The staging table of `layout`: the property columns with their store types, no constraints. */
export function entityStagingTable(layout: EntityLayout): StagingTable {
  const columns = layout.columns.map((c) => `${c.quoted} ${c.sqlType}`);
  return stagingTable(layout.table, `cb_ord integer NOT NULL, ${columns.join(', ')}, content_hash text NOT NULL, run_id uuid NOT NULL`);
}

/**
 * Upserts the staged rows (distinct ids: see `lastPerId`) and returns the written ones: a new row
 * (`xmax = 0`: no earlier version) or an updated one. A staged id that is not returned was unchanged
 * (the `WHERE` skipped it) or belongs to another tenant (never updated: `$1` commune, `$2` source
 * system; `upsertEntityRecords` then refuses the batch).
 */
export function upsertAndClassifySql(layout: EntityLayout, stage: StagingTable = entityStagingTable(layout)): string {
  const cols = layout.columns.map((c) => c.quoted);
  const updates = layout.columns
    .filter((c) => c.property !== 'id')
    .map((c) => `${c.quoted} = excluded.${c.quoted}`)
    .concat(['content_hash = excluded.content_hash', 'run_id = excluded.run_id', 'loaded_at = excluded.loaded_at']);
  return `INSERT INTO ${layout.qualified} AS t (${cols.join(', ')}, content_hash, run_id, loaded_at, cb_commune, cb_source_system)
SELECT ${cols.map((c) => `s.${c}`).join(', ')}, s.content_hash, s.run_id, now(), $1::integer, $2::text FROM ${stage.quoted} s
ON CONFLICT ("id") DO UPDATE SET ${updates.join(', ')}
WHERE t.content_hash IS DISTINCT FROM excluded.content_hash AND t.cb_commune = excluded.cb_commune AND t.cb_source_system = excluded.cb_source_system
RETURNING t."id"::text AS id, (t.xmax = 0) AS inserted`;
}

/**
 * The property names whose columns differ between each staged row and the stored row it would update
 * (rows whose hash differs only): a dry run's "what would change", by field name, never by value.
 */
export function changedFieldsSql(layout: EntityLayout, stage: StagingTable = entityStagingTable(layout)): string {
  // A dry run stages the lineage in full (see `upsertEntityRecords`); the stored side may hold it in its lineage row.
  const stored = (c: ColumnLayout): string =>
    c.property === LINEAGE_PROPERTY && c.type === 'jsonb' ? recordLineageSql(layout.entity, 't', c.quoted) : `t.${c.quoted}`;
  const checks = layout.columns
    .filter((c) => c.property !== 'id')
    .map((c) => `CASE WHEN s.${c.quoted} IS DISTINCT FROM ${stored(c)} THEN '${c.property.replace(/'/g, "''")}' END`);
  return `SELECT s."id"::text AS id, array_remove(ARRAY[${checks.join(', ')}]::text[], NULL) AS fields
  FROM ${stage.quoted} s JOIN ${layout.qualified} t ON t."id" = s."id"
 WHERE t.content_hash IS DISTINCT FROM s.content_hash`;
}

/**
 * The ids the upsert left alone must be this tenant's unchanged rows: an id held by another commune
 * (or source system, or a row from before the tenant key) is refused, and the caller's transaction
 * rolls the whole batch back. Asked only when some id was not written, so a first load pays nothing.
 */
async function assertNoForeignRows(session: SqlSession, layout: EntityLayout, tenant: Tenant, ids: readonly string[]): Promise<void> {
  const foreign = await session.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM ${layout.qualified} WHERE "id" = ANY($1::uuid[]) AND (cb_commune IS DISTINCT FROM $2::integer OR cb_source_system IS DISTINCT FROM $3::text)`,
    [[...ids], tenant.commune, tenant.sourceSystem],
  );
  const n = Number(foreign.rows[0]?.n ?? 0);
  if (n > 0) {
    throw new TenantError('A batch would overwrite rows of another commune or source system; nothing was written.', {
      code: ERROR_CODES.TENANT_MISMATCH,
      details: { entity: layout.entity, commune: tenant.commune, foreignRows: n },
    });
  }
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

/**
 * Writes `records` (all of `layout`'s entity) in the caller's transaction; returns each id's outcome.
 * `clearStage`: empty the staging table afterwards (a dry run's transaction does not commit per batch).
 * `digests` receives each record's row digest (for its lineage row).
 */
export async function upsertEntityRecords(
  session: SqlSession,
  layout: EntityLayout,
  runId: string,
  tenant: Tenant,
  records: readonly LoadRecord[],
  clearStage = false,
  diff = false,
  digests?: Map<LoadRecord, string>,
): Promise<{ id: string; outcome: LoadOutcome; fields?: readonly string[] }[]> {
  const distinct = lastPerId(records);
  const lines = distinct.map((r, i) => {
    if (r.record['id'] !== undefined && r.record['id'] !== r.id) {
      throw new SchemaError('A load record carries an id that differs from its record id.', { details: { entity: layout.entity, id: r.id } });
    }
    const record = { ...r.record, id: r.id };
    // A dry run (`diff`) keeps the lineage in the column, so that its changed fields compare it; its rows roll back anyway.
    const fields = recordToFields(layout, r.id, record, !diff && elidesLineage(r));
    rememberDigest(digests, r, layout, fields, record);
    return copyLine([String(i), ...fields, r.contentHash, runId]);
  });
  const stage = entityStagingTable(layout);
  await ensureStagingTable(session, stage);
  await session.copyFrom(stage.quoted, [...STAGE_EXTRA.slice(0, 1), ...layout.columns.map((c) => c.quoted), ...STAGE_EXTRA.slice(1)], lines);
  // `diff` (dry runs): which fields an update would change, read before the upsert overwrites them.
  const changed = diff
    ? new Map((await session.query<{ id: string; fields: string[] }>(changedFieldsSql(layout, stage))).rows.map((r) => [r.id, r.fields]))
    : undefined;
  // A real run keeps the rows it is about to overwrite, for `rollback` (a dry run's batch is rolled back anyway).
  if (!clearStage) await saveCanonicalHistory(session, layout, stage, runId, tenant);
  const written = await session.query<{ id: string; inserted: boolean }>(upsertAndClassifySql(layout, stage), [tenant.commune, tenant.sourceSystem]);
  if (clearStage) await clearStagingTable(session, stage);
  const outcomes = new Map<string, LoadOutcome>();
  for (const row of written.rows) outcomes.set(row.id, row.inserted ? 'inserted' : 'updated');
  if (outcomes.size < distinct.length)
    await assertNoForeignRows(
      session,
      layout,
      tenant,
      distinct.filter((r) => !outcomes.has(r.id)).map((r) => r.id),
    );
  return distinct.map((r) => {
    const outcome = outcomes.get(r.id) ?? 'unchanged';
    const fields = outcome === 'updated' ? changed?.get(r.id) : undefined;
    return fields === undefined ? { id: r.id, outcome } : { id: r.id, outcome, fields };
  });
}

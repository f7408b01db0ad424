/**
 * The target's reads, shared by both targets: id existence, indexed field lookup (duplicate
 * detection), control totals over one source system's records, the keyset read-back that
 * reconciliation recomputes hashes from, and the one-pass digest comparison that spares it.
 */
import { SchemaError } from '../../core/errors.js';
import type { StoredRecord, TargetTotalRow, TargetTotalsRequest } from '../../core/pipeline/canonical-target.js';
import { LINEAGE_TABLES } from '../ledger/lineage-compact-ddl.js';
import { DELIVERY_TABLES } from '../ledger/delivery-ledger-ddl.js';
import { columnOf } from './entity-layout.js';
import type { EntityLayout } from './entity-layout.js';
import { readColumns, rowToRecord } from './record-row.js';
import { resolveRecordLineage } from './record-lineage-read.js';
import { rowDigestSql } from './row-digest.js';
import { isLive } from './tombstone-sql.js';
import type { SqlSession } from './sql-session.js';
import type { Tenant } from '../../core/pipeline/tenant.js';

/** Which of `ids` exist in `layout`'s table as live records (tombstoned ones are gone for references). */
export async function selectExistingIds(session: SqlSession, layout: EntityLayout, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await session.query<{ id: string }>(
    `SELECT t."id"::text AS id FROM ${layout.qualified} t WHERE t."id" = ANY($1::uuid[]) AND ${isLive('t', '$2')}`,
    [[...ids], layout.entity],
  );
  return new Set(result.rows.map((r) => r.id));
}

/** Ids and values of the rows whose `field` is one of `values` (uses the column's index when there is one). */
export async function selectByField(
  session: SqlSession,
  layout: EntityLayout,
  field: string,
  values: readonly string[],
  commune?: number,
): Promise<{ id: string; value: string }[]> {
  if (values.length === 0) return [];
  const column = columnOf(layout, field);
  if (column.type === 'jsonb') {
    throw new SchemaError('findByField needs a scalar property.', { details: { entity: layout.entity, property: field } });
  }
  const result = await session.query<{ id: string; value: string }>(
    `SELECT t."id"::text AS id, t.${column.quoted}::text AS value FROM ${layout.qualified} t
      WHERE t.${column.quoted} = ANY($1::${column.sqlType}[]) AND ${isLive('t', '$2')}${commune === undefined ? '' : ' AND t.cb_commune = $3::integer'} ORDER BY t.${column.quoted}, t."id"`,
    commune === undefined ? [[...values], layout.entity] : [[...values], layout.entity, commune],
  );
  return result.rows;
}

/** Lineage filter: the record was loaded from `sourceSystem` (EXISTS, so merged duplicates count once). */
function fromSource(alias: string, entityParam: string, sourceParam: string, communeParam: string): string {
  return `EXISTS (SELECT 1 FROM ${LINEAGE_TABLES.view} l
    WHERE l.entity = ${entityParam} AND l.source_system = ${sourceParam} AND l.commune = ${communeParam} AND l.canonical_id = ${alias}."id")`;
}

/**
 * COUNT and exact SUMs (as decimal text; Rappen for integer money) per calendar year of `yearField`,
 * over the live records (no tombstone) whose lineage names `sourceSystem`. Years come from the date (or the first four
 * characters of a partial date / month); rows without a date are grouped under `year: null`.
 */
export async function selectTotals(session: SqlSession, layout: EntityLayout, request: TargetTotalsRequest): Promise<TargetTotalRow[]> {
  const sums = (request.sumFields ?? []).map((field) => {
    const column = columnOf(layout, field);
    if (column.type !== 'bigint' && column.type !== 'integer' && column.type !== 'numeric') {
      throw new SchemaError('A totals sum field is not numeric.', { details: { entity: layout.entity, property: field } });
    }
    return { field, sql: `COALESCE(SUM(t.${column.quoted}), 0)::text` };
  });
  let yearSql = 'NULL::integer';
  if (request.yearField !== undefined) {
    const column = columnOf(layout, request.yearField);
    if (column.type === 'date' || column.type === 'timestamptz') yearSql = `EXTRACT(YEAR FROM t.${column.quoted})::integer`;
    else if (column.type === 'varchar' || column.type === 'text') yearSql = `NULLIF(substring(t.${column.quoted} FROM 1 FOR 4), '')::integer`;
    else throw new SchemaError('A totals year field is not a date.', { details: { entity: layout.entity, property: request.yearField } });
  }
  const select = [`${yearSql} AS year`, 'COUNT(*)::bigint::text AS count', ...sums.map((s, i) => `${s.sql} AS s${String(i)}`)];
  const result = await session.query<Record<string, string | number | null>>(
    `SELECT ${select.join(', ')} FROM ${layout.qualified} t WHERE ${fromSource('t', '$1', '$2', '$3::integer')} AND ${isLive('t', '$1', '$3::integer')}
      GROUP BY 1 ORDER BY 1 NULLS FIRST`,
    [layout.entity, request.sourceSystem, request.commune],
  );
  return result.rows.map((row) => {
    const out: Record<string, string> = {};
    sums.forEach((s, i) => {
      out[s.field] = String(row[`s${String(i)}`]);
    });
    const year = row['year'];
    return { year: year === null || year === undefined ? null : Number(year), count: Number(row['count']), sums: out };
  });
}

/** Where a read-back page ended (keyset over the compact lineage key, in its unique index's order). */
export interface ReadBackCursor {
  readonly sourceId: number;
  readonly canonicalId: string;
  readonly sourceKey: string;
}

/** The lineage rows `readBack` covers ($1 entity, $2 source system, $3 commune): live, not merged. */
function readBackFrom(layout: EntityLayout): string {
  return `FROM ${LINEAGE_TABLES.view} l LEFT JOIN ${layout.qualified} t ON t."id" = l.canonical_id
      WHERE l.entity = $1 AND l.source_system = $2 AND l.commune = $3::integer AND NOT l.merged
        AND NOT EXISTS (SELECT 1 FROM ${DELIVERY_TABLES.tombstone} d WHERE d.entity = l.entity AND d.canonical_id = l.canonical_id AND d.commune = $3::integer AND d.restored_run_id IS NULL)`;
}

/** The columns of a read-back row: the lineage key and hash, the row's hash and its columns. */
function readBackColumns(layout: EntityLayout): string {
  return `l.canonical_id::text AS cb_lineage_id, l.source_id AS cb_source_id, l.source_key AS cb_source_key,
            l.content_hash AS cb_lineage_hash, t.content_hash AS cb_row_hash, t."id" IS NOT NULL AS cb_found,
            ${readColumns(layout, 't')}`;
}

function toStoredRecord(layout: EntityLayout, row: Readonly<Record<string, unknown>>): StoredRecord {
  return {
    id: String(row['cb_lineage_id']),
    record: row['cb_found'] === true ? rowToRecord(layout, row) : null,
    lineageHash: String(row['cb_lineage_hash']),
    rowHash: row['cb_found'] === true ? String(row['cb_row_hash']) : null,
  };
}

/**
 * One page of the read-back: lineage rows of `entity` from `sourceSystem` in key order after `after`
 * (merged rows left out: their hash is of the record folded into the survivor, not of a stored row),
 * each with the row it points at (rebuilt as a record) or null when the row is gone.
 */
export async function selectReadBackPage(
  session: SqlSession,
  layout: EntityLayout,
  tenant: Tenant,
  after: ReadBackCursor | null,
  limit: number,
): Promise<{ records: StoredRecord[]; next: ReadBackCursor | null }> {
  const params: unknown[] = [layout.entity, tenant.sourceSystem, tenant.commune, limit];
  let keyset = '';
  if (after !== null) {
    params.push(after.sourceId, after.canonicalId, after.sourceKey);
    keyset = 'AND (l.source_id, l.canonical_id, l.source_key) > ($5::integer, $6::uuid, $7)';
  }
  const result = await session.query<Record<string, unknown>>(
    `SELECT ${readBackColumns(layout)}
       ${readBackFrom(layout)} ${keyset}
      ORDER BY l.source_id, l.canonical_id, l.source_key LIMIT $4`,
    params,
  );
  await resolveRecordLineage(session, layout, result.rows);
  const records = result.rows.map((row) => toStoredRecord(layout, row));
  const last = result.rows[result.rows.length - 1];
  const next =
    last === undefined || result.rows.length < limit
      ? null
      : { sourceId: Number(last['cb_source_id']), canonicalId: String(last['cb_lineage_id']), sourceKey: String(last['cb_source_key']) };
  return { records, next };
}

/**
 * The hash witness in bulk (see `row-digest.ts`): one pass over the rows `selectReadBackPage` covers
 * counts them and the suspects (row gone, row hash differs from the lineage hash, no digest recorded,
 * or the stored columns no longer give the recorded digest); only when there are some, and at most
 * `maxSuspects`, a second pass reads the suspects back in full. `suspects` null: too many to list.
 */
export async function selectHashSuspects(
  session: SqlSession,
  layout: EntityLayout,
  tenant: Tenant,
  maxSuspects: number,
): Promise<{ checked: number; suspects: StoredRecord[] | null }> {
  const suspect = `(t."id" IS NULL OR t.content_hash IS DISTINCT FROM l.content_hash OR l.row_digest IS NULL OR l.row_digest <> ${rowDigestSql(layout, 't')})`;
  const params = [layout.entity, tenant.sourceSystem, tenant.commune];
  const counted = await session.query<{ checked: string; suspects: string }>(
    `SELECT count(*)::text AS checked, count(*) FILTER (WHERE ${suspect})::text AS suspects ${readBackFrom(layout)}`,
    params,
  );
  const checked = Number(counted.rows[0]?.checked ?? 0);
  const suspects = Number(counted.rows[0]?.suspects ?? 0);
  if (suspects === 0) return { checked, suspects: [] };
  if (suspects > maxSuspects) return { checked, suspects: null };
  const rows = await session.query<Record<string, unknown>>(
    `SELECT ${readBackColumns(layout)} ${readBackFrom(layout)} AND ${suspect}
      ORDER BY l.source_id, l.canonical_id, l.source_key`,
    params,
  );
  await resolveRecordLineage(session, layout, rows.rows);
  return { checked, suspects: rows.rows.map((row) => toStoredRecord(layout, row)) };
}

/**
 * Reading a record's lineage back when its row was written without it (lineage kept once, see
 * `record-lineage-ddl.ts`): the SELECT reads the elided lineage row's ids and source key next to the
 * row (`recordLineageRefSql`, column `cb_lineage_ref`), and `resolveRecordLineage` puts the lineage
 * object into the row from the two small dictionaries, read once per call, before `rowToRecord`.
 */
import { LINEAGE_TABLES } from '../ledger/lineage-compact-ddl.js';
import { LINEAGE_REF_COLUMN } from '../ledger/record-lineage-ddl.js';
import type { EntityLayout } from './entity-layout.js';
import { LINEAGE_PROPERTY } from './lineage-elision.js';
import { rowToRecord } from './record-row.js';

/** What `resolveRecordLineage` needs of a connection (a `SqlSession`, a `pg` pool, the statistics' queryable). */
export interface LineageQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ readonly rows: R[] }>;
}

interface DictionaryRow {
  readonly kind: string;
  readonly id: number;
  readonly a: string;
  readonly b: string;
}

/**
 * Sets the lineage column of every row of `layout` whose `cb_lineage_ref` is set to the rebuilt lineage
 * object, with the keys and values the engine gave the record, so that its content hash recomputes to
 * the one it was loaded with. Reads the dictionaries only when some row needs them.
 */
export async function resolveRecordLineage(db: LineageQueryable, layout: EntityLayout, rows: readonly Record<string, unknown>[]): Promise<void> {
  const column = layout.byProperty.get(LINEAGE_PROPERTY)?.column;
  if (column === undefined || !rows.some((row) => typeof row[LINEAGE_REF_COLUMN] === 'string')) return;
  const dictionary = await db.query<DictionaryRow>(
    `SELECT 's' AS kind, source_id AS id, source_system AS a, source_table AS b FROM ${LINEAGE_TABLES.source}
     UNION ALL SELECT 'm', mapping_id, mapping, mapping_version FROM ${LINEAGE_TABLES.mapping}`,
  );
  const sources = new Map<string, DictionaryRow>();
  const mappings = new Map<string, DictionaryRow>();
  for (const d of dictionary.rows) (d.kind === 's' ? sources : mappings).set(String(d.id), d);
  for (const row of rows) {
    const ref = row[LINEAGE_REF_COLUMN];
    if (typeof ref !== 'string') continue;
    // `source_id mapping_id commune source_key`: the key is last, so it may hold spaces.
    const s1 = ref.indexOf(' ');
    const s2 = ref.indexOf(' ', s1 + 1);
    const s3 = ref.indexOf(' ', s2 + 1);
    const source = sources.get(ref.slice(0, s1));
    const mapping = mappings.get(ref.slice(s1 + 1, s2));
    // A dictionary row cannot vanish under a lineage row that names it; were it gone, the record reads without lineage and its hash fails.
    if (source === undefined || mapping === undefined) continue;
    row[column] = {
      commune: Number(ref.slice(s2 + 1, s3)),
      sourceSystem: source.a,
      sourceTable: source.b,
      sourceKey: ref.slice(s3 + 1),
      mapping: mapping.a,
      mappingVersion: mapping.b,
    };
  }
}

/** The records of `rows` (read with `readColumns(layout, …)`), their elided lineage rebuilt. */
export async function readRecords(db: LineageQueryable, layout: EntityLayout, rows: readonly Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  await resolveRecordLineage(db, layout, rows);
  return rows.map((row) => rowToRecord(layout, row));
}

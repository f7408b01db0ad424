/**
 * Lineage kept once (issue 15, step 3): a canonical row whose `lineage` is exactly the engine's lineage
 * of its load is written with the `lineage` column NULL, and its lineage row says so
 * (`cb_lineage.lineage_elided`). Readers rebuild the property from that lineage row and the
 * dictionaries (`recordLineageSql`), so the record reads, and hashes, as it was mapped.
 *
 * `cb_lineage.lineage_elided`: true when the canonical row this lineage row wrote holds its lineage here
 * rather than in its own column. NULL (rows from before this column, and rows whose record had no
 * lineage or one of its own) means the row's column is the record's lineage, NULL then meaning "none".
 * The flag is what tells "elided" from "the record has no lineage" (`embedLineage: false`), which a
 * NULL column alone cannot.
 *
 * `cb_record_lineage`: one row per elided record lineage (entity, canonical id, content hash as text,
 * lineage as jsonb), for external readers: `COALESCE(t.lineage, r.lineage)` joined on entity, id and
 * `r.content_hash = t.content_hash` (the content hash covers the lineage, so exactly one lineage row
 * of the record matches: merged duplicates' and earlier source rows' rows carry other hashes).
 * `security_invoker`, so row security of `cb_lineage` applies to the reader.
 *
 * Idempotent, applied by `ensureSchema()` after the compact lineage and shipped as its own TypeORM
 * migration (`record-lineage-migration.ts`).
 */
import { LEDGER_SCHEMA, LEDGER_TABLES } from './ledger-ddl.js';
import { LINEAGE_TABLES } from './lineage-compact-ddl.js';

/** The column a read-back row carries its elided lineage reference in (see `recordLineageRefSql`). */
export const LINEAGE_REF_COLUMN = 'cb_lineage_ref';

/** The view of the record lineages kept only in `cb_lineage`. */
export const RECORD_LINEAGE_VIEW = `${LEDGER_SCHEMA}.cb_record_lineage`;

/** The record lineage (jsonb, the model's `lineage` object) of compact lineage row `l`, source dictionary row `s`, mapping row `m`. */
const lineageObjectSql = (l: string, s: string, m: string): string =>
  `jsonb_build_object('commune', ${l}.commune, 'sourceSystem', ${s}.source_system, 'sourceTable', ${s}.source_table, ` +
  `'sourceKey', ${l}.source_key, 'mapping', ${m}.mapping, 'mappingVersion', ${m}.mapping_version)`;

/** The record-lineage DDL, statement by statement. */
export const RECORD_LINEAGE_DDL: readonly string[] = Object.freeze([
  `ALTER TABLE ${LEDGER_TABLES.lineage} ADD COLUMN IF NOT EXISTS lineage_elided boolean`,
  `DO $cb$BEGIN
    IF to_regclass('${RECORD_LINEAGE_VIEW}') IS NULL THEN
      CREATE VIEW ${RECORD_LINEAGE_VIEW} WITH (security_invoker = true) AS
        SELECT s.entity, l.canonical_id, COALESCE(encode(l.content_hash, 'hex'), l.content_hash_text) AS content_hash,
               ${lineageObjectSql('l', 's', 'm')} AS lineage, l.run_id, l.commune
          FROM ${LEDGER_TABLES.lineage} l
          JOIN ${LINEAGE_TABLES.source} s ON s.source_id = l.source_id
          JOIN ${LINEAGE_TABLES.mapping} m ON m.mapping_id = l.mapping_id
         WHERE l.lineage_elided AND NOT l.merged;
    END IF;
  END$cb$`,
]);

/**
 * Undoes it (TypeORM `down`): every canonical row written without its lineage gets it back in its
 * column (matched by id and content hash, which is unique across entities), then the view and the
 * flag go. Row images saved for `rollback` before the down keep their NULL column: roll such runs back
 * before downgrading.
 */
export const RECORD_LINEAGE_DROP_DDL: readonly string[] = Object.freeze([
  `DO $cb$DECLARE r record;
  BEGIN
    IF to_regclass('${RECORD_LINEAGE_VIEW}') IS NOT NULL THEN
      FOR r IN SELECT c.table_name FROM information_schema.columns c
                 JOIN information_schema.tables b ON b.table_schema = c.table_schema AND b.table_name = c.table_name AND b.table_type = 'BASE TABLE'
                WHERE c.table_schema = '${LEDGER_SCHEMA}' AND c.column_name = 'lineage' AND c.data_type = 'jsonb'
                  AND (SELECT count(*) FROM information_schema.columns h
                        WHERE h.table_schema = c.table_schema AND h.table_name = c.table_name AND h.column_name IN ('id', 'content_hash')) = 2 LOOP
        EXECUTE format('UPDATE ${LEDGER_SCHEMA}.%I t SET lineage = v.lineage FROM ${RECORD_LINEAGE_VIEW} v
                         WHERE t.lineage IS NULL AND v.canonical_id = t.id AND v.content_hash = t.content_hash', r.table_name);
      END LOOP;
    END IF;
  END$cb$`,
  `DROP VIEW IF EXISTS ${RECORD_LINEAGE_VIEW}`,
  `ALTER TABLE ${LEDGER_TABLES.lineage} DROP COLUMN IF EXISTS lineage_elided`,
]);

/**
 * The lineage row that wrote canonical row `alias` of `entity` (a trusted model name) with its lineage
 * elided: same entity and id, not merged, flagged, same content hash. One probe of `cb_lineage`'s
 * unique index (source id, canonical id) per row; the entity's few source ids are looked up once.
 */
function elidedLineageRow(entity: string, alias: string, select: string, joins = ''): string {
  const literal = `'${entity.replace(/'/g, "''")}'`;
  return `(SELECT ${select} FROM ${LEDGER_TABLES.lineage} l${joins}
     WHERE l.source_id = ANY (ARRAY(SELECT source_id FROM ${LINEAGE_TABLES.source} WHERE entity = ${literal})) AND l.canonical_id = ${alias}."id"
       AND l.lineage_elided AND NOT l.merged AND COALESCE(encode(l.content_hash, 'hex'), l.content_hash_text) = ${alias}.content_hash LIMIT 1)`;
}

/**
 * The record lineage of canonical row `alias` of `entity` as jsonb: the row's own column, else the one
 * its elided lineage row rebuilds (what `cb_record_lineage` gives an external reader).
 */
export function recordLineageSql(entity: string, alias: string, column = '"lineage"'): string {
  const joins = ` JOIN ${LINEAGE_TABLES.source} s ON s.source_id = l.source_id JOIN ${LINEAGE_TABLES.mapping} m ON m.mapping_id = l.mapping_id`;
  return `COALESCE(${alias}.${column}, ${elidedLineageRow(entity, alias, lineageObjectSql('l', 's', 'm'), joins)})`;
}

/**
 * For the readers: when row `alias`'s lineage column is NULL, its elided lineage row as the text
 * `source_id mapping_id commune source_key` (NULL when there is none), which `resolveRecordLineage`
 * turns into the object. Building the jsonb in SQL cost PostgreSQL twice the probe (0.3M bookings:
 * 1.5 s against 0.5 s); the two dictionaries are a few rows Node reads once per query.
 */
export function recordLineageRefSql(entity: string, alias: string, column = '"lineage"'): string {
  return `CASE WHEN ${alias}.${column} IS NULL THEN ${elidedLineageRow(entity, alias, `l.source_id || ' ' || l.mapping_id || ' ' || l.commune || ' ' || l.source_key`)} END`;
}

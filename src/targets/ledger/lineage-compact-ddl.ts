/**
 * Compact lineage (issue 15, step 3): `cb_lineage` keeps one narrow row per record and source row. The
 * texts every row repeated (entity, source system, source table; mapping and its version) live once in
 * two small dictionaries and are referenced by integer ids; the content hash is 32 bytes of `bytea`
 * (a hash that is not 64 lowercase hex digits, as some tests write, stays text in `content_hash_text`);
 * there is no foreign key to `cb_run` (its per-row trigger cost more than the row): every batch asserts
 * its running run row in the same transaction (`assertRunRunning`, `FOR SHARE`). The unique key is
 * (source_id, canonical_id, source_key): the same identity as before, the dictionary id standing for
 * entity, source system and source table.
 *
 * Readers that want the named columns use the view `cb_lineage_view` (the old row shape, hash as hex
 * text; `security_invoker`, so row security of `cb_lineage` applies to the reader). Stores of the old
 * shape are converted in place, once (a DO block that looks for the old `entity` column), with the run
 * history's saved lineage images. Idempotent, applied by `ensureSchema()` after the lineage digest and
 * shipped as its own TypeORM migration (`lineage-compact-migration.ts`).
 */
import { LEDGER_SCHEMA, LEDGER_TABLES } from './ledger-ddl.js';
import { RUN_HISTORY_TABLES } from './run-history-ledger-ddl.js';

/** Qualified names of the lineage dictionaries and the named view. */
export const LINEAGE_TABLES = {
  /** (entity, source system, source table) → `source_id`. */
  source: `${LEDGER_SCHEMA}.cb_lineage_source`,
  /** (mapping, mapping version) → `mapping_id`. */
  mapping: `${LEDGER_SCHEMA}.cb_lineage_mapping`,
  /** `cb_lineage` with the dictionary texts joined in and the hash as hex text (the old row shape). */
  view: `${LEDGER_SCHEMA}.cb_lineage_view`,
} as const;

/** The columns of a compact lineage row a batch writes (`recorded_at` takes its default). */
export const COMPACT_LINEAGE_COLUMNS: readonly string[] = Object.freeze([
  'source_id',
  'canonical_id',
  'source_key',
  'mapping_id',
  'content_hash',
  'content_hash_text',
  'run_id',
  'merged',
  'commune',
  'row_digest',
]);

/** The key columns of a compact lineage row (its unique constraint). */
export const COMPACT_LINEAGE_KEY: readonly string[] = Object.freeze(['source_id', 'canonical_id', 'source_key']);

/** A content hash in SQL as stored compactly: bytes when it is SHA-256 hex, else NULL (see `hashTextSql`). */
const hashBytesSql = (text: string): string => `CASE WHEN ${text} ~ '^[0-9a-f]{64}$' THEN decode(${text}, 'hex') END`;
/** The text of a content hash that is not SHA-256 hex (NULL when `hashBytesSql` holds it). */
const hashTextSql = (text: string): string => `CASE WHEN ${text} ~ '^[0-9a-f]{64}$' THEN NULL ELSE ${text} END`;
/** The content hash of a compact lineage row `alias` as text, as it was written. */
const lineageHashSql = (alias: string): string => `COALESCE(encode(${alias}.content_hash, 'hex'), ${alias}.content_hash_text)`;

const COMPACT_TABLE_BODY = `(
      source_id integer NOT NULL,
      canonical_id uuid NOT NULL,
      source_key text NOT NULL,
      mapping_id integer NOT NULL,
      content_hash bytea,
      content_hash_text text,
      run_id uuid NOT NULL,
      merged boolean NOT NULL DEFAULT false,
      commune integer,
      row_digest uuid,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`;

const WIDE_TABLE_BODY = `(
      entity text NOT NULL,
      canonical_id uuid NOT NULL,
      source_system text NOT NULL,
      source_table text NOT NULL,
      source_key text NOT NULL,
      mapping text NOT NULL,
      mapping_version text NOT NULL,
      content_hash text NOT NULL,
      run_id uuid NOT NULL REFERENCES ${LEDGER_TABLES.run} (run_id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      merged boolean NOT NULL DEFAULT false,
      commune integer,
      row_digest uuid
    )`;

/** Whether `cb_lineage` has the column `column` (SQL condition for the DO blocks). */
const hasColumn = (column: string): string =>
  `EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = '${LEDGER_SCHEMA}' AND table_name = 'cb_lineage' AND column_name = '${column}')`;

/** The compact-lineage DDL, statement by statement. */
export const LINEAGE_COMPACT_DDL: readonly string[] = Object.freeze([
  `CREATE TABLE IF NOT EXISTS ${LINEAGE_TABLES.source} (
    source_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity text NOT NULL,
    source_system text NOT NULL,
    source_table text NOT NULL,
    CONSTRAINT uq_cb_lineage_source UNIQUE (entity, source_system, source_table)
  )`,
  `CREATE TABLE IF NOT EXISTS ${LINEAGE_TABLES.mapping} (
    mapping_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mapping text NOT NULL,
    mapping_version text NOT NULL,
    CONSTRAINT uq_cb_lineage_mapping UNIQUE (mapping, mapping_version)
  )`,
  // Once per store of the old shape: dictionaries from the rows (and the saved images), the rows
  // copied into the compact table, the saved images rewritten in the compact shape.
  `DO $cb$BEGIN
    IF ${hasColumn('entity')} THEN
      INSERT INTO ${LINEAGE_TABLES.source} (entity, source_system, source_table)
        SELECT entity, source_system, source_table FROM ${LEDGER_TABLES.lineage}
        UNION SELECT r.entity, r.source_system, r.source_table
          FROM ${RUN_HISTORY_TABLES.history} h, jsonb_populate_record(NULL::${LEDGER_TABLES.lineage}, h.image) r WHERE h.kind = 'lineage'
        ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
      INSERT INTO ${LINEAGE_TABLES.mapping} (mapping, mapping_version)
        SELECT mapping, mapping_version FROM ${LEDGER_TABLES.lineage}
        UNION SELECT r.mapping, r.mapping_version
          FROM ${RUN_HISTORY_TABLES.history} h, jsonb_populate_record(NULL::${LEDGER_TABLES.lineage}, h.image) r WHERE h.kind = 'lineage'
        ORDER BY 1, 2 ON CONFLICT DO NOTHING;
      CREATE TABLE ${LEDGER_SCHEMA}.cb_lineage_compact ${COMPACT_TABLE_BODY};
      INSERT INTO ${LEDGER_SCHEMA}.cb_lineage_compact (${COMPACT_LINEAGE_COLUMNS.join(', ')}, recorded_at)
        SELECT s.source_id, l.canonical_id, l.source_key, m.mapping_id, ${hashBytesSql('l.content_hash')}, ${hashTextSql('l.content_hash')},
               l.run_id, l.merged, l.commune, l.row_digest, l.recorded_at
          FROM ${LEDGER_TABLES.lineage} l
          JOIN ${LINEAGE_TABLES.source} s ON (s.entity, s.source_system, s.source_table) = (l.entity, l.source_system, l.source_table)
          JOIN ${LINEAGE_TABLES.mapping} m ON (m.mapping, m.mapping_version) = (l.mapping, l.mapping_version)
         ORDER BY s.source_id, l.canonical_id, l.source_key;
      WITH converted AS (
        SELECT h.run_id, h.entity, h.row_key AS old_key, jsonb_build_array(s.source_id, r.canonical_id, r.source_key)::text AS new_key,
               jsonb_build_object('source_id', s.source_id, 'canonical_id', r.canonical_id, 'source_key', r.source_key, 'mapping_id', m.mapping_id,
                 'content_hash', ${hashBytesSql('r.content_hash')}, 'content_hash_text', ${hashTextSql('r.content_hash')}, 'run_id', r.run_id,
                 'merged', r.merged, 'commune', r.commune, 'row_digest', r.row_digest, 'recorded_at', r.recorded_at) AS image
          FROM ${RUN_HISTORY_TABLES.history} h, jsonb_populate_record(NULL::${LEDGER_TABLES.lineage}, h.image) r
          JOIN ${LINEAGE_TABLES.source} s ON (s.entity, s.source_system, s.source_table) = (r.entity, r.source_system, r.source_table)
          JOIN ${LINEAGE_TABLES.mapping} m ON (m.mapping, m.mapping_version) = (r.mapping, r.mapping_version)
         WHERE h.kind = 'lineage')
      UPDATE ${RUN_HISTORY_TABLES.history} h SET row_key = c.new_key, image = c.image
        FROM converted c WHERE h.run_id = c.run_id AND h.kind = 'lineage' AND h.entity = c.entity AND h.row_key = c.old_key;
      DROP VIEW IF EXISTS ${LINEAGE_TABLES.view};
      DROP TABLE ${LEDGER_TABLES.lineage};
      ALTER TABLE ${LEDGER_SCHEMA}.cb_lineage_compact RENAME TO cb_lineage;
      ALTER TABLE ${LEDGER_TABLES.lineage} ADD CONSTRAINT uq_cb_lineage UNIQUE (${COMPACT_LINEAGE_KEY.join(', ')});
    END IF;
    IF to_regclass('${LINEAGE_TABLES.view}') IS NULL THEN
      CREATE VIEW ${LINEAGE_TABLES.view} WITH (security_invoker = true) AS
        SELECT s.entity, l.canonical_id, s.source_system, s.source_table, l.source_key, m.mapping, m.mapping_version,
               ${lineageHashSql('l')} AS content_hash, l.run_id, l.recorded_at, l.merged, l.commune, l.row_digest, l.source_id, l.mapping_id
          FROM ${LEDGER_TABLES.lineage} l
          LEFT JOIN ${LINEAGE_TABLES.source} s ON s.source_id = l.source_id
          LEFT JOIN ${LINEAGE_TABLES.mapping} m ON m.mapping_id = l.mapping_id;
    END IF;
  END$cb$`,
]);

/** Converts back to the wide row (TypeORM `down`) and drops the dictionaries and the view. */
export const LINEAGE_COMPACT_DROP_DDL: readonly string[] = Object.freeze([
  `DO $cb$BEGIN
    IF ${hasColumn('source_id')} THEN
      CREATE TABLE ${LEDGER_SCHEMA}.cb_lineage_wide ${WIDE_TABLE_BODY};
      INSERT INTO ${LEDGER_SCHEMA}.cb_lineage_wide
             (entity, canonical_id, source_system, source_table, source_key, mapping, mapping_version, content_hash, run_id, recorded_at, merged, commune, row_digest)
        SELECT entity, canonical_id, source_system, source_table, source_key, mapping, mapping_version, content_hash, run_id, recorded_at, merged, commune, row_digest
          FROM ${LINEAGE_TABLES.view};
      WITH converted AS (
        SELECT h.run_id, h.entity, h.row_key AS old_key,
               jsonb_build_array(s.source_system, r.canonical_id, s.source_table, r.source_key)::text AS new_key,
               jsonb_build_object('entity', s.entity, 'canonical_id', r.canonical_id, 'source_system', s.source_system, 'source_table', s.source_table,
                 'source_key', r.source_key, 'mapping', m.mapping, 'mapping_version', m.mapping_version, 'content_hash', ${lineageHashSql('r')},
                 'run_id', r.run_id, 'recorded_at', r.recorded_at, 'merged', r.merged, 'commune', r.commune, 'row_digest', r.row_digest) AS image
          FROM ${RUN_HISTORY_TABLES.history} h, jsonb_populate_record(NULL::${LEDGER_TABLES.lineage}, h.image) r
          JOIN ${LINEAGE_TABLES.source} s ON s.source_id = r.source_id
          JOIN ${LINEAGE_TABLES.mapping} m ON m.mapping_id = r.mapping_id
         WHERE h.kind = 'lineage')
      UPDATE ${RUN_HISTORY_TABLES.history} h SET row_key = c.new_key, image = c.image
        FROM converted c WHERE h.run_id = c.run_id AND h.kind = 'lineage' AND h.entity = c.entity AND h.row_key = c.old_key;
      DROP VIEW IF EXISTS ${LINEAGE_TABLES.view};
      DROP TABLE ${LEDGER_TABLES.lineage};
      ALTER TABLE ${LEDGER_SCHEMA}.cb_lineage_wide RENAME TO cb_lineage;
      ALTER TABLE ${LEDGER_TABLES.lineage} ADD CONSTRAINT uq_cb_lineage UNIQUE (entity, source_system, canonical_id, source_table, source_key);
    END IF;
  END$cb$`,
  `DROP VIEW IF EXISTS ${LINEAGE_TABLES.view}`,
  `DROP TABLE IF EXISTS ${LINEAGE_TABLES.mapping}`,
  `DROP TABLE IF EXISTS ${LINEAGE_TABLES.source}`,
]);

/**
 * The lineage rows of a batch, in the compact shape (`lineage-compact-ddl.ts`): the batch's dictionary
 * ids are looked up (and the few new ones inserted) once per batch, then one COPY (first load) or one
 * staged upsert writes the narrow rows, in the batch's transaction.
 */
import type { LoadRecord, MergedLineage } from '../../core/pipeline/canonical-target.js';
import { copyLine } from '../shared/copy-text.js';
import type { SqlSession } from '../shared/sql-session.js';
import { clearStagingTable, ensureStagingTable, stagingTable } from '../shared/staging-table.js';
import { saveLineageHistory } from '../shared/run-history-sql.js';
import { LEDGER_TABLES, LINEAGE_UNIQUE_CONSTRAINT } from './ledger-ddl.js';
import { COMPACT_LINEAGE_COLUMNS, LINEAGE_TABLES } from './lineage-compact-ddl.js';
import { elidesLineage } from '../shared/lineage-elision.js';

const LINEAGE_STAGE = stagingTable(
  'lineage',
  'cb_ord integer NOT NULL, source_id integer, canonical_id uuid, source_key text, mapping_id integer, content_hash bytea, content_hash_text text, ' +
    'run_id uuid, merged boolean, commune integer, row_digest uuid, lineage_elided boolean',
);

/** A content hash that is SHA-256 hex travels as bytes; any other text as text. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A lineage row to write: a loaded record, or (merged) a source row folded into a survivor. */
export interface LineageRow {
  readonly entity: string;
  readonly id: string;
  readonly contentHash: string;
  readonly lineage: LoadRecord['lineage'];
  readonly merged: boolean;
  /** The digest of the row as written (see `row-digest.ts`); null for merged rows or when unsure. */
  readonly digest: string | null;
  /** The record was written without its `lineage` column, which this row then holds (see `lineage-elision.ts`). */
  readonly elided: boolean;
}

/** The columns a batch writes: the compact row and the elision flag (`record-lineage-ddl.ts`). */
const LINEAGE_COLUMNS: readonly string[] = [...COMPACT_LINEAGE_COLUMNS, 'lineage_elided'];

const SEP = '\u001f';

/** The dictionary ids of a batch's (entity, source system, source table) and (mapping, version) texts. */
interface DictionaryIds {
  readonly source: ReadonlyMap<string, number>;
  readonly mapping: ReadonlyMap<string, number>;
}

async function selectIds(session: SqlSession, sources: readonly string[][], mappings: readonly string[][]): Promise<DictionaryIds> {
  const result = await session.query<{ kind: string; id: number; k: string }>(
    `SELECT 's' AS kind, source_id AS id, entity || E'\\x1f' || source_system || E'\\x1f' || source_table AS k FROM ${LINEAGE_TABLES.source}
      WHERE (entity, source_system, source_table) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))
     UNION ALL
     SELECT 'm', mapping_id, mapping || E'\\x1f' || mapping_version FROM ${LINEAGE_TABLES.mapping}
      WHERE (mapping, mapping_version) IN (SELECT * FROM unnest($4::text[], $5::text[]))`,
    [sources.map((s) => s[0]), sources.map((s) => s[1]), sources.map((s) => s[2]), mappings.map((m) => m[0]), mappings.map((m) => m[1])],
  );
  const source = new Map<string, number>();
  const mapping = new Map<string, number>();
  for (const row of result.rows) (row.kind === 's' ? source : mapping).set(row.k, Number(row.id));
  return { source, mapping };
}

/**
 * The dictionary ids the rows need: one SELECT per batch; the texts met for the first time are inserted
 * (sorted, `ON CONFLICT DO NOTHING`, so two runs adding the same text neither fail nor deadlock) and
 * selected again by a new statement, which sees a concurrent run's committed row. Never cached across
 * transactions: a rolled-back batch (a dry run) takes its new dictionary rows with it.
 */
async function dictionaryIds(session: SqlSession, rows: readonly LineageRow[]): Promise<DictionaryIds> {
  const sources = new Map<string, string[]>();
  const mappings = new Map<string, string[]>();
  for (const r of rows) {
    const s = [r.entity, r.lineage.sourceSystem, r.lineage.sourceTable];
    sources.set(s.join(SEP), s);
    const m = [r.lineage.mapping, r.lineage.mappingVersion];
    mappings.set(m.join(SEP), m);
  }
  const wantedSources = [...sources.values()];
  const wantedMappings = [...mappings.values()];
  const found = await selectIds(session, wantedSources, wantedMappings);
  if (found.source.size === sources.size && found.mapping.size === mappings.size) return found;
  const newSources = [...sources.entries()].filter(([k]) => !found.source.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const newMappings = [...mappings.entries()].filter(([k]) => !found.mapping.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (newSources.length > 0) {
    await session.query(
      `INSERT INTO ${LINEAGE_TABLES.source} (entity, source_system, source_table)
       SELECT u.e, u.s, u.t FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(e, s, t, n) ORDER BY n ON CONFLICT DO NOTHING`,
      [newSources.map(([, s]) => s[0]), newSources.map(([, s]) => s[1]), newSources.map(([, s]) => s[2])],
    );
  }
  if (newMappings.length > 0) {
    await session.query(
      `INSERT INTO ${LINEAGE_TABLES.mapping} (mapping, mapping_version)
       SELECT u.m, u.v FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(m, v, n) ORDER BY n ON CONFLICT DO NOTHING`,
      [newMappings.map(([, m]) => m[0]), newMappings.map(([, m]) => m[1])],
    );
  }
  return selectIds(session, wantedSources, wantedMappings);
}

/** The fields after the mapping id: hash (bytes or text), run, merged, commune, digest, elision (NULL: not elided). */
function tailFields(r: LineageRow, runId: string): (string | null)[] {
  const bytes = SHA256_HEX.test(r.contentHash);
  return [
    bytes ? `\\x${r.contentHash}` : null,
    bytes ? null : r.contentHash,
    runId,
    r.merged ? 't' : 'f',
    String(r.lineage.commune),
    r.digest,
    r.elided ? 't' : null,
  ];
}

/** The ids of a row's two dictionary texts. */
function rowIds(r: LineageRow, ids: DictionaryIds): [string, string] {
  return [
    String(ids.source.get(`${r.entity}${SEP}${r.lineage.sourceSystem}${SEP}${r.lineage.sourceTable}`)),
    String(ids.mapping.get(`${r.lineage.mapping}${SEP}${r.lineage.mappingVersion}`)),
  ];
}

/**
 * A batch's lineage rows, one per lineage key, with everything but the two dictionary ids already
 * rendered as COPY text: built before the batch's transaction opens (the ids are looked up inside it,
 * never cached across transactions), so the transaction only joins four strings per row.
 */
export interface PreparedLineage {
  readonly rows: readonly LineageRow[];
  /** Per row: `canonical_id \t source_key`. */
  readonly middle: readonly string[];
  /** Per row: the fields after `mapping_id`, tab-separated, with the line's newline. */
  readonly tail: readonly string[];
}

/** One lineage row per lineage key of the loaded and merged rows (the last wins), pre-rendered. */
export function prepareLineage(
  runId: string,
  loaded: readonly LoadRecord[],
  mergedRows: readonly MergedLineage[],
  digests: ReadonlyMap<LoadRecord, string>,
): PreparedLineage {
  const records: LineageRow[] = loaded.map((r) => ({
    entity: r.entity,
    id: r.id,
    contentHash: r.contentHash,
    lineage: r.lineage,
    merged: false,
    digest: digests.get(r) ?? null,
    elided: elidesLineage(r),
  }));
  for (const m of mergedRows)
    records.push({ entity: m.entity, id: m.survivorId, contentHash: m.contentHash, lineage: m.lineage, merged: true, digest: null, elided: false });
  // One row per lineage key (the last wins), so the INSERT needs no DISTINCT ON sort.
  const byKey = new Map<string, LineageRow>();
  for (const r of records) {
    const key = `${r.entity}${SEP}${r.lineage.sourceSystem}${SEP}${r.id}${SEP}${r.lineage.sourceTable}${SEP}${r.lineage.sourceKey}`;
    byKey.delete(key);
    byKey.set(key, r);
  }
  const rows = [...byKey.values()];
  return { rows, middle: rows.map((r) => copyLine([r.id, r.lineage.sourceKey]).slice(0, -1)), tail: rows.map((r) => copyLine(tailFields(r, runId))) };
}

/**
 * Writes one lineage row per record and source row. A lineage row changes (and takes the new run id)
 * only when the mapping, its version or the content hash changed, so a re-run leaves lineage as it was.
 * `direct` (the first-load path; a {@link PreparedLineage} when built before the transaction): COPY
 * straight into the lineage table, every key being new; an existing key fails the COPY with a unique
 * violation and the caller writes the batch again staged.
 */
export async function writeLineage(
  session: SqlSession,
  runId: string,
  loaded: readonly LoadRecord[],
  mergedRows: readonly MergedLineage[],
  digests: ReadonlyMap<LoadRecord, string>,
  clearStage: boolean,
  direct: boolean | PreparedLineage,
): Promise<void> {
  if (loaded.length === 0 && mergedRows.length === 0) return;
  const prepared = typeof direct === 'object' ? direct : prepareLineage(runId, loaded, mergedRows, digests);
  const { rows, middle, tail } = prepared;
  const ids = await dictionaryIds(session, rows);
  const line = (r: LineageRow, i: number): string => {
    const [sourceId, mappingId] = rowIds(r, ids);
    return `${sourceId}\t${middle[i]!}\t${mappingId}\t${tail[i]!}`;
  };
  if (direct !== false) {
    await session.copyFrom(LEDGER_TABLES.lineage, LINEAGE_COLUMNS, rows.map(line));
    return;
  }
  await ensureStagingTable(session, LINEAGE_STAGE);
  const lines = rows.map((r, i) => `${i}\t${line(r, i)}`);
  await session.copyFrom(LINEAGE_STAGE.quoted, ['cb_ord', ...LINEAGE_COLUMNS], lines);
  // A real run keeps the lineage rows it is about to change, for `rollback`.
  if (!clearStage) await saveLineageHistory(session, LINEAGE_STAGE, runId);
  await session.query(
    `INSERT INTO ${LEDGER_TABLES.lineage} AS l (${LINEAGE_COLUMNS.join(', ')}, recorded_at)
     SELECT ${LINEAGE_COLUMNS.join(', ')}, now() FROM ${LINEAGE_STAGE.quoted}
     ON CONFLICT ON CONSTRAINT ${LINEAGE_UNIQUE_CONSTRAINT} DO UPDATE SET
       mapping_id = excluded.mapping_id, content_hash = excluded.content_hash, content_hash_text = excluded.content_hash_text,
       run_id = excluded.run_id, recorded_at = excluded.recorded_at, merged = excluded.merged, row_digest = excluded.row_digest,
       lineage_elided = excluded.lineage_elided
     WHERE (l.mapping_id, l.content_hash, l.content_hash_text, l.merged) IS DISTINCT FROM (excluded.mapping_id, excluded.content_hash, excluded.content_hash_text, excluded.merged)`,
  );
  if (clearStage) await clearStagingTable(session, LINEAGE_STAGE);
}

/**
 * The canton's person index: the same person (same AHVN13) supported in several communes is one record
 * per commune, never merged; the canton sees the links as counts only (no AHV number, no id leaves the
 * query). Works on PostgreSQL and PGlite; under row-level security a commune role sees its own links only.
 */
import { STORE_SCHEMA } from '../typeorm/store-model.js';
import { LINEAGE_TABLES } from '../ledger/lineage-compact-ddl.js';

/** Runs one statement (a pg client, pool or PGlite `query`). */
export type PersonIndexQuery = (sql: string, params?: unknown[]) => Promise<{ rows: readonly Record<string, unknown>[] }>;

/** Counts of the canton person index. */
export interface CantonPersonIndex {
  /** Person records per commune (all, and with an AHVN13). */
  readonly communes: readonly { readonly commune: number | null; readonly persons: number; readonly withVn: number; readonly linked: number }[];
  /** Distinct AHVN13 over the canton. */
  readonly distinctVn: number;
  /** AHVN13 that occur in two or more communes (persons linked across communes). */
  readonly linkedVn: number;
  /** How many linked AHVN13 span 2, 3, … communes. */
  readonly byCommuneCount: Readonly<Record<string, number>>;
  /**
   * Links the mappings declared: an eCH-0044 `otherPersonIds` entry of category `CT.BE.<BFS number>`
   * whose `personId` is the person's key in that commune's legacy system (e.g. a KiSS "moved in from"
   * field). How many were declared, how many found that commune's person (by the lineage of its
   * load), and how many of those link people the AHVN13 does not (no or different AHV number).
   */
  readonly legacyLinks: { readonly declared: number; readonly resolved: number; readonly unresolved: number; readonly beyondAhv: number };
}

/** Builds the person index counts from the canonical `person` table. */
export async function cantonPersonIndex(query: PersonIndexQuery): Promise<CantonPersonIndex> {
  const person = `"${STORE_SCHEMA}"."person"`;
  const spans = `SELECT vn, count(DISTINCT cb_commune) AS communes FROM ${person} WHERE vn IS NOT NULL GROUP BY vn`;
  const perCommune = await query(
    `WITH spans AS (${spans})
     SELECT p.cb_commune AS commune, count(*)::int AS persons, count(p.vn)::int AS with_vn,
            count(*) FILTER (WHERE s.communes > 1)::int AS linked
       FROM ${person} p LEFT JOIN spans s ON s.vn = p.vn GROUP BY 1 ORDER BY 1 NULLS FIRST`,
  );
  const totals = await query(`WITH spans AS (${spans}) SELECT communes::int AS communes, count(*)::int AS n FROM spans GROUP BY 1 ORDER BY 1`);
  const byCommuneCount: Record<string, number> = {};
  let distinctVn = 0;
  let linkedVn = 0;
  for (const r of totals.rows) {
    const communes = Number(r['communes']);
    const n = Number(r['n']);
    distinctVn += n;
    if (communes > 1) {
      linkedVn += n;
      byCommuneCount[String(communes)] = n;
    }
  }
  const links = await query(
    `WITH declared AS (
       SELECT p.cb_commune AS commune, p.vn, substring(e->>'personIdCategory' from '^CT\\.BE\\.(\\d{1,4})$')::int AS other, e->>'personId' AS other_key
         FROM ${person} p, jsonb_array_elements(CASE WHEN jsonb_typeof(p.other_person_ids) = 'array' THEN p.other_person_ids ELSE '[]'::jsonb END) e
        WHERE e->>'personIdCategory' ~ '^CT\\.BE\\.\\d{1,4}$'),
     resolved AS (
       SELECT d.*, (SELECT l.canonical_id FROM ${LINEAGE_TABLES.view} l WHERE l.entity = 'person' AND l.commune = d.other AND l.source_key = d.other_key LIMIT 1) AS target
         FROM declared d WHERE d.other IS DISTINCT FROM d.commune)
     SELECT count(*)::int AS declared, count(r.target)::int AS resolved,
            count(r.target) FILTER (WHERE r.vn IS NULL OR t.vn IS NULL OR r.vn <> t.vn)::int AS beyond_ahv
       FROM resolved r LEFT JOIN ${person} t ON t.id = r.target`,
  );
  const l = links.rows[0] ?? {};
  const declared = Number(l['declared'] ?? 0);
  const resolved = Number(l['resolved'] ?? 0);
  return {
    legacyLinks: { declared, resolved, unresolved: declared - resolved, beyondAhv: Number(l['beyond_ahv'] ?? 0) },
    communes: perCommune.rows.map((r) => ({
      commune: r['commune'] === null ? null : Number(r['commune']),
      persons: Number(r['persons']),
      withVn: Number(r['with_vn']),
      linked: Number(r['linked']),
    })),
    distinctVn,
    linkedVn,
    byCommuneCount,
  };
}

/**
 * The canton's person index: the same person (same AHVN13) supported in several communes is one record
 * per commune, never merged; the canton sees the links as counts only (no AHV number, no id leaves the
 * query). Works on PostgreSQL and PGlite; under row-level security a commune role sees its own links only.
 */
import { STORE_SCHEMA } from '../typeorm/store-model.js';

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
  return {
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

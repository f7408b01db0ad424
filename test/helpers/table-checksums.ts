/** Checksums of every user table of a PostgreSQL-compatible database (PGlite or server), for "untouched" proofs. */

/** Anything that runs a query and returns rows. */
export type Queryable = (sql: string) => Promise<readonly Record<string, unknown>[]>;

/** md5 over the sorted text form of every row, per `schema.table`. */
export async function tableChecksums(query: Queryable): Promise<Record<string, string>> {
  const tables = await query(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const t of tables) {
    const name = `"${String(t['table_schema'])}"."${String(t['table_name'])}"`;
    const rows = await query(`SELECT count(*)::text AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h FROM ${name} x`);
    out[name] = `${String(rows[0]?.['n'])}:${String(rows[0]?.['h'])}`;
  }
  return out;
}

/**
 * A store's business content, comparable across stores: per canonical table its row count and an md5
 * over its rows without `run_id` and `loaded_at` (which differ between runs of the same data).
 */
/** Per canonical table: row count and an md5 over the rows without `run_id` and `loaded_at`. */
export async function businessChecksums(url: string): Promise<Record<string, string>> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ t: string }>(
      `SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'casebridge' AND c.relkind = 'r' AND c.relname NOT LIKE 'cb\\_%' AND c.relname <> 'typeorm_migrations' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { t } of tables.rows) {
      const r = await client.query<{ n: string; h: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h
           FROM (SELECT to_jsonb(t) - 'run_id' - 'loaded_at' AS x FROM "casebridge"."${t}" t) s`,
      );
      out[t] = `${r.rows[0]?.n ?? '0'}:${r.rows[0]?.h ?? 'empty'}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

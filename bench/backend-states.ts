/**
 * Where PostgreSQL waits: samples, from a process of its own (so the loader's event loop cannot bias
 * it), the state of every client backend connected to one database every few milliseconds, until the
 * database has no client for a while. `idle in transaction` is a backend waiting for the loader in the
 * middle of a batch's transaction; `idle` one waiting for the next transaction; `active` one working
 * (or waiting for a core on a busy machine). Prints the share of each state per backend and in total.
 *
 * Usage: npx tsx bench/backend-states.ts <database> [intervalMs=5]   (start it just before the loader)
 */
import pg from 'pg';

const [database, interval] = process.argv.slice(2) as [string, string | undefined];
const every = Number(interval ?? 5);
const client = new pg.Client({ connectionString: process.env.CASEBRIDGE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
await client.connect();
const counts = new Map<number, Map<string, number>>();
let seen = false;
let emptySince = performance.now();
const started = performance.now();
for (;;) {
  const r = await client.query<{ pid: number; state: string; wait: string | null }>(
    `SELECT pid, state, wait_event_type AS wait FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    [database],
  );
  const now = performance.now();
  if (r.rows.length > 0) {
    seen = true;
    emptySince = now;
  } else if ((seen && now - emptySince > 3000) || (!seen && now - started > 120_000)) break;
  for (const row of r.rows) {
    let m = counts.get(row.pid);
    if (m === undefined) counts.set(row.pid, (m = new Map()));
    const key =
      row.state === 'active' && row.wait === 'Client'
        ? 'active (client read)'
        : row.state === 'active' && row.wait === 'Lock'
          ? 'active (lock wait)'
          : row.state;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  await new Promise((resolve) => setTimeout(resolve, every));
}
await client.end();
const total = new Map<string, number>();
for (const [pid, m] of counts) {
  const n = [...m.values()].reduce((a, b) => a + b, 0);
  for (const [k, v] of m) total.set(k, (total.get(k) ?? 0) + v);
  if (n < 50) continue;
  process.stdout.write(`backend ${pid}: ${n} samples, ${[...m].map(([k, v]) => `${k} ${((100 * v) / n).toFixed(0)} %`).join(', ')}\n`);
}

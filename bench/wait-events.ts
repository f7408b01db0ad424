/**
 * Where PostgreSQL's time goes, by wait event: samples every client backend of one database every few
 * milliseconds (from a process of its own) and prints the share of `state / wait_event_type:wait_event`.
 * Usage: npx tsx bench/wait-events.ts <database> [intervalMs=5]   (start it just before the loader)
 */
import pg from 'pg';

const [database, interval] = process.argv.slice(2) as [string, string | undefined];
const every = Number(interval ?? 5);
const client = new pg.Client({ connectionString: process.env.CASEBRIDGE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
await client.connect();
const counts = new Map<string, number>();
const timeline: string[] = [];
let seen = false;
let emptySince = performance.now();
const started = performance.now();
let n = 0;
for (;;) {
  const r = await client.query<{ pid: number; state: string; wait: string | null; event: string | null; q: string }>(
    `SELECT pid, state, wait_event_type AS wait, wait_event AS event, left(query, 40) AS q FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    [database],
  );
  const now = performance.now();
  if (r.rows.length > 0) {
    seen = true;
    emptySince = now;
  } else if ((seen && now - emptySince > 3000) || (!seen && now - started > 300_000)) break;
  if (r.rows.length === 0) continue;
  n += 1;
  // The run's state: the most "working" backend wins (one writer, short readers).
  const keys = r.rows.map(
    (row) =>
      `${row.state}${row.wait === null ? '' : ` ${row.wait}:${row.event}`}${row.state === 'active' ? ` [${row.q.replace(/\s+/g, ' ').slice(0, 30)}]` : ''}`,
  );
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const active = r.rows.some((row) => row.state === 'active' && row.wait !== 'Client');
  timeline.push(active ? 'A' : '.');
  await new Promise((resolve) => setTimeout(resolve, every));
}
await client.end();
const total = [...counts.values()].reduce((a, b) => a + b, 0);
process.stdout.write(`${n} samples of the run (${total} backend samples)\n`);
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 40)) process.stdout.write(`${((100 * v) / n).toFixed(1).padStart(6)} %  ${k}\n`);

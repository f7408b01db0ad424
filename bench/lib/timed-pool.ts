/**
 * A `pg.Pool` whose clients time every statement by its first words, for `--sql-timing` runs: tells
 * which statement of a batch costs what inside PostgreSQL (as seen from the client), without touching
 * the target's code.
 */
import pg from 'pg';

/** Milliseconds and calls per statement kind. */
export const SQL_TIMINGS = new Map<string, { ms: number; calls: number }>();

function kindOf(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = /^(WITH s AS \( SELECT \* FROM "?(\w+)|INSERT INTO \S+|CREATE TEMPORARY TABLE \S+|DROP TABLE \S+|COPY \S+|SELECT \S+ \S+ \S+|\w+ \w+ \w+)/.exec(t);
  return m ? (m[2] !== undefined ? `upsert ${m[2]}` : m[1]!) : t.slice(0, 40);
}

/** A pool with timed clients. */
export function timedPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString });
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
      const q = a[0] as { text?: string } | string;
      const text = typeof q === 'string' ? q : typeof q?.text === 'string' ? q.text : 'copy-stream';
      const started = performance.now();
      const result = original(...a);
      const record = (): void => {
        const k = kindOf(text);
        const e = SQL_TIMINGS.get(k) ?? { ms: 0, calls: 0 };
        e.ms += performance.now() - started;
        e.calls += 1;
        SQL_TIMINGS.set(k, e);
      };
      if (result instanceof Promise) void result.then(record, record);
      else if (result !== null && typeof result === 'object' && 'on' in result) (result as NodeJS.EventEmitter).on('finish', record);
      return result;
    };
  });
  return pool;
}

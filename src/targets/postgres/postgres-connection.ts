/**
 * PostgreSQL under the shared target, through `pg` and `pg-copy-streams` (optional peer dependencies,
 * loaded on `open()`; missing → DriverMissingError). Bulk path: `COPY … FROM STDIN` in text format on
 * the transaction's own connection. Values come back as the store wants them (dates, int8, numeric and
 * timestamps as text) through a per-query `types` override, so a caller's pool keeps its own parsers.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { ConfigurationError, DriverMissingError, ERROR_CODES, RunError } from '../../core/errors.js';
import { canonicalPgTypes } from '../store/type-parsers.js';
import type { PgGetTypeParser } from '../store/type-parsers.js';
import type { PinnedSession, SqlResult, SqlSession, TargetConnection } from '../shared/sql-session.js';

/** The part of a `pg.Pool` the target uses (declared structurally: no type dependency on `pg`). */
export interface PostgresPoolLike {
  /** Checks out a client (released by the caller). */
  connect(): Promise<unknown>;
  /** Ends the pool. */
  end(): Promise<void>;
}

/** Where the PostgreSQL target connects. */
export type PostgresConnectionOptions =
  /** A `postgres://…` URL; the target creates, owns and ends its pool. */
  | { readonly connectionString: string; readonly pool?: never; readonly max?: number }
  /** The caller's `pg.Pool` (the caller ends it). */
  | { readonly pool: PostgresPoolLike; readonly connectionString?: never; readonly max?: never };

type PgModule = typeof import('pg')['default'];
type CopyFrom = typeof import('pg-copy-streams')['from'];

async function loadDrivers(): Promise<{ pg: PgModule; copyFrom: CopyFrom }> {
  let pg: PgModule;
  try {
    pg = (await import('pg')).default;
  } catch (cause) {
    throw new DriverMissingError('pg', { cause });
  }
  try {
    const copyStreams = await import('pg-copy-streams');
    return { pg, copyFrom: copyStreams.from ?? (copyStreams as unknown as { default: { from: CopyFrom } }).default.from };
  } catch (cause) {
    throw new DriverMissingError('pg-copy-streams', { cause });
  }
}

const TIMESTAMP_OIDS = new Set([1114, 1184]);

/** COPY text is sent in chunks of about this many characters. */
const COPY_CHUNK_CHARS = 1 << 16;

function* chunked(lines: readonly string[]): Generator<string> {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= COPY_CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

/** The error listener of checked-out clients (see `#connect`): one function, so it is added once. */
function ignoreClientError(): void {
  // Reported through the query that failed; nothing to do here.
}

/** A `TargetConnection` over a `pg` pool. */
export class PostgresConnection implements TargetConnection {
  readonly kind = 'postgres';
  readonly #options: PostgresConnectionOptions;
  #pool: Pool | undefined;
  #owned = false;
  #copyFrom: CopyFrom | undefined;
  #types: { getTypeParser: PgGetTypeParser } | undefined;

  constructor(options: PostgresConnectionOptions) {
    if (options.pool === undefined && (typeof options.connectionString !== 'string' || options.connectionString === '')) {
      throw new ConfigurationError('The PostgreSQL target needs a connectionString or a pool.');
    }
    this.#options = options;
  }

  async open(): Promise<void> {
    if (this.#pool !== undefined) return;
    const { pg, copyFrom } = await loadDrivers();
    this.#copyFrom = copyFrom;
    const base = canonicalPgTypes(pg.types.getTypeParser as PgGetTypeParser);
    this.#types = {
      getTypeParser: (oid, format) => (TIMESTAMP_OIDS.has(oid) && format !== 'binary' ? (v: string) => v : base.getTypeParser(oid, format)),
    };
    if (this.#options.pool !== undefined) {
      this.#pool = this.#options.pool as unknown as Pool;
    } else {
      const max = this.#options.max;
      this.#pool = new pg.Pool({ connectionString: this.#options.connectionString, ...(max === undefined ? {} : { max }) });
      this.#owned = true;
      // An idle client's error (server restart) must not crash the process; the next query reports it.
      this.#pool.on('error', () => undefined);
    }
    await this.withSession((s) => s.query('SELECT 1'));
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    if (pool !== undefined && this.#owned) await pool.end();
  }

  #session(client: PoolClient): SqlSession {
    const types = this.#types;
    const copyFrom = this.#copyFrom;
    return {
      async query<R>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
        const config: QueryConfig = { text: sql, values: [...params], ...(types === undefined ? {} : { types }) };
        const result = await client.query(config);
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
      async copyFrom(qualifiedTable: string, columns: readonly string[], lines: readonly string[]): Promise<number> {
        if (lines.length === 0) return 0;
        if (copyFrom === undefined) throw new RunError('The PostgreSQL target is not open.', { code: ERROR_CODES.TARGET_NOT_READY });
        const stream = client.query(copyFrom(`COPY ${qualifiedTable} (${columns.join(', ')}) FROM STDIN`));
        await pipeline(Readable.from(chunked(lines)), stream);
        return stream.rowCount;
      },
    };
  }

  async #connect(): Promise<PoolClient> {
    if (this.#pool === undefined) throw new RunError('The PostgreSQL target is not open; call open() first.', { code: ERROR_CODES.TARGET_NOT_READY });
    const client = await this.#pool.connect();
    // A checked-out client whose server connection drops (pg_terminate_backend, a restart) emits
    // 'error'; without a listener that is an unhandled 'error' event that kills the process. The
    // failure itself reaches the caller through its pending or next query, translated there.
    if (!client.listeners('error').includes(ignoreClientError)) client.on('error', ignoreClientError);
    return client;
  }

  async transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.#connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(this.#session(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // A connection that cannot even roll back is not given back to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error('rollback failed');
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.#connect();
    try {
      return await fn(this.#session(client));
    } finally {
      client.release();
    }
  }

  async pin(): Promise<PinnedSession> {
    const client = await this.#connect();
    let released = false;
    return {
      ...this.#session(client),
      release: () => {
        if (!released) {
          released = true;
          client.release();
        }
        return Promise.resolve();
      },
    };
  }
}

/**
 * PGlite (PostgreSQL in WebAssembly, in-process) under the shared target. Its bulk path is its own:
 * `COPY … FROM '/dev/blob'` with the COPY text handed over as the `blob` query option (COPY FROM STDIN
 * does not exist without a wire protocol). PGlite is one single-user backend, so there is no pool:
 * transactions use `PGlite#transaction` (which holds PGlite's exclusive lock), and a pinned session is
 * the instance itself. Consequence for dry runs on a caller's instance: while one is open, every query
 * on that instance (also the caller's own) runs inside the dry run's transaction and is rolled back.
 * A transaction of this connection while it is pinned would send BEGIN/COMMIT into the pinned one and
 * end it (PGlite only warns about the nested BEGIN), so it is refused: sharers of a target go through
 * its dry run instead (`dry-run-connection.ts`).
 */
import type { PGliteInterface, QueryOptions, Transaction } from '@electric-sql/pglite';
import { CasebridgeError, ERROR_CODES, RunError } from '../../core/errors.js';
import { CANONICAL_PGLITE_PARSERS } from '../store/type-parsers.js';
import type { PinnedSession, SqlResult, SqlSession, TargetConnection } from '../shared/sql-session.js';

/** Where the PGlite target gets its database. */
export type PgliteConnectionOptions =
  /** A PGlite instance the caller owns (and closes). */
  | { readonly pglite: PGliteInterface; readonly dataDir?: never }
  /** A data directory (`memory://` or omitted: in memory) the target opens and closes itself. */
  | { readonly dataDir?: string; readonly pglite?: never };

/**
 * Dates and timestamps as text, int8 and numeric as exact text, whatever parsers the caller's instance
 * was created with.
 */
const QUERY_OPTIONS: QueryOptions = {
  parsers: { ...CANONICAL_PGLITE_PARSERS, 1114: (v: string) => v, 1184: (v: string) => v },
};

type Queryable = Pick<Transaction, 'query'>;

function sessionOver(target: Queryable): SqlSession {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
      const result = await target.query<R>(sql, [...params], QUERY_OPTIONS);
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
    },
    async copyFrom(qualifiedTable: string, columns: readonly string[], lines: readonly string[]): Promise<number> {
      if (lines.length === 0) return 0;
      const blob = new Blob(lines as string[], { type: 'text/plain' });
      const result = await target.query(`COPY ${qualifiedTable} (${columns.join(', ')}) FROM '/dev/blob'`, [], { ...QUERY_OPTIONS, blob });
      return result.rowCount ?? result.affectedRows ?? lines.length;
    },
  };
}

/** A `TargetConnection` over one PGlite instance. */
export class PgliteConnection implements TargetConnection {
  readonly kind = 'pglite';
  readonly #options: PgliteConnectionOptions;
  #db: PGliteInterface | undefined;
  #owned = false;
  /** Pinned sessions not yet released (each is the instance itself). */
  #pinned = 0;

  constructor(options: PgliteConnectionOptions = {}) {
    this.#options = options;
  }

  /** The PGlite instance (after `open()`), e.g. to inspect the store in tests or tools. */
  get pglite(): PGliteInterface {
    if (this.#db === undefined) throw new RunError('The PGlite target is not open; call open() first.', { code: ERROR_CODES.TARGET_NOT_READY });
    return this.#db;
  }

  async open(): Promise<void> {
    if (this.#db !== undefined) return;
    if (this.#options.pglite !== undefined) {
      this.#db = this.#options.pglite;
      await this.#db.waitReady;
    } else {
      const { PGlite } = await import('@electric-sql/pglite');
      const dataDir = this.#options.dataDir;
      this.#db = await PGlite.create(dataDir === undefined ? {} : { dataDir });
      this.#owned = true;
    }
    await this.#db.query('SELECT 1');
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    if (db !== undefined && this.#owned && !db.closed) await db.close();
  }

  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    if (this.#pinned > 0) {
      return Promise.reject(
        new CasebridgeError(
          ERROR_CODES.INTERNAL,
          'A transaction was asked on the PGlite connection while its pinned session has one open; it would end that one.',
        ),
      );
    }
    return this.pglite.transaction((tx) => fn(sessionOver(tx)));
  }

  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return fn(sessionOver(this.pglite));
  }

  pin(): Promise<PinnedSession> {
    const session = sessionOver(this.pglite);
    this.#pinned += 1;
    let released = false;
    const release = (): Promise<void> => {
      if (!released) {
        released = true;
        this.#pinned -= 1;
      }
      return Promise.resolve();
    };
    return Promise.resolve({ ...session, release });
  }
}

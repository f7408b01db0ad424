/**
 * The small seam between the shared SQL of the canonical targets and the two engines that run it:
 * PostgreSQL through `pg` (+ `pg-copy-streams`) and embedded PGlite. Everything above this seam (upsert,
 * classification, ledger writes, read-back) is written once in `src/targets/shared/` so the two
 * targets cannot drift; below it each engine only knows how to run a statement and how to bulk-load
 * COPY text.
 */

/** Rows of a query, with the affected-row count of the command. */
export interface SqlResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** One database session (one connection; inside a transaction when the caller opened one). */
export interface SqlSession {
  /** Runs one statement with positional parameters (`$1`, `$2`, ...). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /**
   * Bulk-loads COPY text-format lines (each ending in `\n`) into `table (columns)`. PostgreSQL streams
   * them through `COPY … FROM STDIN`; PGlite hands them over as a blob to `COPY … FROM '/dev/blob'`.
   * Resolves with the number of rows loaded.
   */
  copyFrom(qualifiedTable: string, columns: readonly string[], lines: readonly string[]): Promise<number>;
}

/** A session held for longer than one call (a dry run's open transaction). */
export interface PinnedSession extends SqlSession {
  /** Gives the connection back. The caller has ended any transaction before. */
  release(): Promise<void>;
}

/** How the shared target reaches its engine. */
export interface TargetConnection {
  /** Stable target kind for reports (`postgres`, `pglite`). */
  readonly kind: string;
  /** Connects (or starts the embedded engine) and checks that it answers. */
  open(): Promise<void>;
  /** Releases every connection this connection object created (never a caller's own pool/instance). */
  close(): Promise<void>;
  /** Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Runs `fn` on a session outside any explicit transaction (single reads). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** A dedicated session that stays with the caller until `release()` (dry runs). */
  pin(): Promise<PinnedSession>;
}

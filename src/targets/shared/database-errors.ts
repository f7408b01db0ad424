/**
 * SQLSTATE → casebridge error. Both `pg` and PGlite raise errors with the PostgreSQL fields (`code`,
 * `table`, `column`, `constraint`); only those identifiers are copied into `details`. The server's own
 * message is never copied, because it can quote the offending value (`invalid input syntax for type
 * date: "…"`, `Key (vn)=(…)`): it stays reachable as `cause` for a developer, outside reports.
 */
import { CasebridgeError, ConnectionError, QueryError } from '../../core/errors.js';
import { classifySqlState, sqlStateError, type SqlStateKind } from '../../core/sql-state.js';

/** Target wording per SQLSTATE kind (the table itself is shared: `core/sql-state.ts`). */
const MESSAGES: Readonly<Record<SqlStateKind, (operation: string) => string>> = {
  'unique-violation': (op) => `A unique constraint rejected a write (${op}).`,
  'foreign-key-violation': (op) => `A foreign key rejected a write (${op}).`,
  'not-null-violation': (op) => `A NOT NULL constraint rejected a write (${op}).`,
  'check-violation': (op) => `A check constraint rejected a write (${op}).`,
  'table-not-found': (op) => `A table or schema of the target does not exist (${op}); run ensureSchema first.`,
  'column-not-found': (op) => `A column of the target does not exist (${op}); the schema may be stale.`,
  'statement-timeout': (op) => `A statement was cancelled by a timeout (${op}).`,
  'database-not-found': (op) => `The target database does not exist (${op}).`,
  authentication: (op) => `Authentication to the target database failed (${op}).`,
  connection: (op) => `The connection to the target database failed (${op}).`,
  data: (op) => `A value was rejected by the target database (${op}).`,
  serialization: (op) => `A transaction was rolled back by the database (serialization or deadlock) (${op}).`,
  other: (op) => `The target database failed (${op}).`,
};

interface PgErrorFields {
  code?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  schema?: unknown;
}

function field(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** What was being done, for the message (`commit batch`, `read back`); never data. */
export type DatabaseOperation = string;

/** Turns any error thrown by a PostgreSQL engine into a casebridge error (casebridge errors pass through). */
export function translateDatabaseError(error: unknown, operation: DatabaseOperation): CasebridgeError {
  if (error instanceof CasebridgeError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as PgErrorFields & { message?: unknown };
  const sqlstate = field(e.code);
  const details = {
    operation,
    sqlstate,
    schema: field(e.schema),
    table: field(e.table),
    column: field(e.column),
    constraint: field(e.constraint),
  };
  const options = { cause: error, details };
  if (sqlstate === null || !/^[0-9A-Z]{5}$/.test(sqlstate)) {
    // Node socket errors (ECONNREFUSED, ...) carry a non-SQLSTATE code.
    // pg's own "Connection terminated (unexpectedly)" / "Client has encountered a connection error"
    // carry no code: the connection dropped under a running or idle session.
    const text = typeof e.message === 'string' ? e.message : '';
    if (
      (sqlstate !== null && /^E[A-Z]+$/.test(sqlstate)) ||
      (sqlstate === null && /connection terminated|connection error|not queryable|connection is closed/i.test(text))
    ) {
      return new ConnectionError(`The target database is not reachable (${operation}).`, options);
    }
    return new QueryError(`The target database failed (${operation}).`, options);
  }
  const kind = classifySqlState(sqlstate);
  return sqlStateError(kind, MESSAGES[kind](operation), options);
}

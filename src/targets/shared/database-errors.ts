/**
 * SQLSTATE → casebridge error. Both `pg` and PGlite raise errors with the PostgreSQL fields (`code`,
 * `table`, `column`, `constraint`); only those identifiers are copied into `details`. The server's own
 * message is never copied, because it can quote the offending value (`invalid input syntax for type
 * date: "…"`, `Key (vn)=(…)`): it stays reachable as `cause` for a developer, outside reports.
 */
import {
  CasebridgeError,
  ConnectionError,
  ERROR_CODES,
  IntegrityConstraintViolationError,
  ObjectNotFoundError,
  QueryError,
  TimeoutError,
} from '../../core/errors.js';

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
    if (sqlstate !== null && /^E[A-Z]+$/.test(sqlstate)) {
      return new ConnectionError(`The target database is not reachable (${operation}).`, options);
    }
    return new QueryError(`The target database failed (${operation}).`, options);
  }
  const cls = sqlstate.slice(0, 2);
  switch (sqlstate) {
    case '23505':
      return new IntegrityConstraintViolationError(`A unique constraint rejected a write (${operation}).`, { ...options, code: ERROR_CODES.UNIQUE_VIOLATION });
    case '23503':
      return new IntegrityConstraintViolationError(`A foreign key rejected a write (${operation}).`, { ...options, code: ERROR_CODES.FOREIGN_KEY_VIOLATION });
    case '23502':
      return new IntegrityConstraintViolationError(`A NOT NULL constraint rejected a write (${operation}).`, { ...options, code: ERROR_CODES.NOT_NULL_VIOLATION });
    case '23514':
      return new IntegrityConstraintViolationError(`A check constraint rejected a write (${operation}).`, { ...options, code: ERROR_CODES.CHECK_VIOLATION });
    case '42P01':
    case '3F000':
      return new ObjectNotFoundError(`A table or schema of the target does not exist (${operation}); run ensureSchema first.`, { ...options, code: ERROR_CODES.TABLE_NOT_FOUND });
    case '42703':
      return new ObjectNotFoundError(`A column of the target does not exist (${operation}); the schema may be stale.`, { ...options, code: ERROR_CODES.COLUMN_NOT_FOUND });
    case '57014':
      return new TimeoutError(`A statement was cancelled by a timeout (${operation}).`, options);
    case '3D000':
      return new ConnectionError(`The target database does not exist (${operation}).`, options);
    default:
      break;
  }
  if (cls === '22') return new QueryError(`A value was rejected by the target database (${operation}).`, { ...options, code: ERROR_CODES.DATA_EXCEPTION });
  if (cls === '08' || cls === '57') return new ConnectionError(`The connection to the target database failed (${operation}).`, options);
  if (cls === '28') {
    return new ConnectionError(`Authentication to the target database failed (${operation}).`, { ...options, code: ERROR_CODES.AUTHENTICATION_FAILED });
  }
  if (cls === '40') return new QueryError(`A transaction was rolled back by the database (serialization or deadlock) (${operation}).`, options);
  return new QueryError(`The target database failed (${operation}).`, options);
}

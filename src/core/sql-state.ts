/**
 * The one SQLSTATE table of casebridge: which PostgreSQL error (server through `pg`, or PGlite) becomes
 * which casebridge error class and code. The PostgreSQL source connector and the PostgreSQL/PGlite
 * targets share it and only word their messages differently (source reads vs target writes).
 */
import {
  type CasebridgeError,
  ConnectionError,
  ERROR_CODES,
  IntegrityConstraintViolationError,
  ObjectNotFoundError,
  QueryError,
  TimeoutError,
  type CasebridgeErrorOptions,
} from './errors.js';

/** What a SQLSTATE means to casebridge. */
export type SqlStateKind =
  | 'unique-violation'
  | 'foreign-key-violation'
  | 'not-null-violation'
  | 'check-violation'
  | 'table-not-found'
  | 'column-not-found'
  | 'statement-timeout'
  | 'database-not-found'
  | 'authentication'
  | 'connection'
  | 'data'
  | 'serialization'
  | 'other';

/** Classifies a five-character SQLSTATE (anything else is `other`). */
export function classifySqlState(sqlstate: string): SqlStateKind {
  switch (sqlstate) {
    case '23505':
      return 'unique-violation';
    case '23503':
      return 'foreign-key-violation';
    case '23502':
      return 'not-null-violation';
    case '23514':
      return 'check-violation';
    case '42P01':
    case '3F000':
      return 'table-not-found';
    case '42703':
      return 'column-not-found';
    case '57014':
      return 'statement-timeout';
    case '3D000':
      return 'database-not-found';
    case '53300':
      return 'connection'; // too many connections
    default:
      break;
  }
  const cls = sqlstate.slice(0, 2);
  if (cls === '28') return 'authentication';
  if (cls === '08' || cls === '57') return 'connection';
  if (cls === '22') return 'data';
  if (cls === '40') return 'serialization';
  return 'other';
}

/** The casebridge error for a SQLSTATE kind, with the caller's message (never the server's). */
export function sqlStateError(kind: SqlStateKind, message: string, options: CasebridgeErrorOptions): CasebridgeError {
  switch (kind) {
    case 'unique-violation':
      return new IntegrityConstraintViolationError(message, { ...options, code: ERROR_CODES.UNIQUE_VIOLATION });
    case 'foreign-key-violation':
      return new IntegrityConstraintViolationError(message, { ...options, code: ERROR_CODES.FOREIGN_KEY_VIOLATION });
    case 'not-null-violation':
      return new IntegrityConstraintViolationError(message, { ...options, code: ERROR_CODES.NOT_NULL_VIOLATION });
    case 'check-violation':
      return new IntegrityConstraintViolationError(message, { ...options, code: ERROR_CODES.CHECK_VIOLATION });
    case 'table-not-found':
      return new ObjectNotFoundError(message, { ...options, code: ERROR_CODES.TABLE_NOT_FOUND });
    case 'column-not-found':
      return new ObjectNotFoundError(message, { ...options, code: ERROR_CODES.COLUMN_NOT_FOUND });
    case 'statement-timeout':
      return new TimeoutError(message, options);
    case 'database-not-found':
    case 'connection':
      return new ConnectionError(message, options);
    case 'authentication':
      return new ConnectionError(message, { ...options, code: ERROR_CODES.AUTHENTICATION_FAILED });
    case 'data':
      return new QueryError(message, { ...options, code: ERROR_CODES.DATA_EXCEPTION });
    case 'serialization':
    case 'other':
      return new QueryError(message, options);
  }
}

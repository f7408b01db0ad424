/**
 * The one place mysql2 errors become casebridge errors. Messages are ours: MySQL's messages quote
 * values (e.g. the duplicate key) and are kept only in `cause`.
 */
import {
  CancelledError,
  CasebridgeError,
  ConnectionError,
  ERROR_CODES,
  IntegrityConstraintViolationError,
  ObjectNotFoundError,
  QueryError,
  TimeoutError,
} from '../../core/errors.js';

/** Context for a translated error: what we were doing, on which table. No values. */
export interface MysqlErrorContext {
  readonly operation: string;
  readonly table?: string;
  /** The signal of the operation; an abort turns an interrupted query into a CancelledError. */
  readonly signal?: AbortSignal;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);
const DATA_CODES = new Set([
  'ER_DATA_TOO_LONG',
  'ER_TRUNCATED_WRONG_VALUE',
  'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD',
  'ER_WARN_DATA_OUT_OF_RANGE',
  'ER_DIVISION_BY_ZERO',
  'ER_INVALID_JSON_TEXT',
]);

/** Translates any error thrown by mysql2 into a CasebridgeError (casebridge errors pass through). */
export function translateMysqlError(error: unknown, context: MysqlErrorContext): CasebridgeError {
  if (error instanceof CasebridgeError) return error;
  const { code = '', errno, sqlState } = (error ?? {}) as { code?: string; errno?: number; sqlState?: string };
  const details: Record<string, string | number> = { operation: context.operation };
  if (code) details.driverCode = code;
  if (typeof errno === 'number') details.errno = errno;
  if (sqlState) details.sqlState = sqlState;
  if (context.table) details.table = context.table;
  const opts = { cause: error, details };
  const where = context.table ? ` on table "${context.table}"` : '';
  if (context.signal?.aborted) return new CancelledError(`MySQL ${context.operation} was cancelled.`, opts);
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return new ConnectionError('MySQL rejected the credentials (wrong user or password, or no access to the database).', {
        ...opts,
        code: ERROR_CODES.AUTHENTICATION_FAILED,
      });
    case 'ER_BAD_DB_ERROR':
      return new ConnectionError('The MySQL database does not exist.', opts);
    case 'ER_NO_SUCH_TABLE':
      return new ObjectNotFoundError(`Table not found${where}.`, { ...opts, code: ERROR_CODES.TABLE_NOT_FOUND });
    case 'ER_BAD_FIELD_ERROR':
      return new ObjectNotFoundError(`Column not found${where}.`, { ...opts, code: ERROR_CODES.COLUMN_NOT_FOUND });
    case 'ER_DUP_ENTRY':
      return new IntegrityConstraintViolationError(`Unique constraint violated${where}.`, { ...opts, code: ERROR_CODES.UNIQUE_VIOLATION });
    case 'ER_NO_REFERENCED_ROW':
    case 'ER_NO_REFERENCED_ROW_2':
    case 'ER_ROW_IS_REFERENCED':
    case 'ER_ROW_IS_REFERENCED_2':
      return new IntegrityConstraintViolationError(`Foreign key violated${where}.`, { ...opts, code: ERROR_CODES.FOREIGN_KEY_VIOLATION });
    case 'ER_BAD_NULL_ERROR':
      return new IntegrityConstraintViolationError(`NOT NULL constraint violated${where}.`, { ...opts, code: ERROR_CODES.NOT_NULL_VIOLATION });
    case 'ER_CHECK_CONSTRAINT_VIOLATED':
    case 'ER_CONSTRAINT_FAILED':
      return new IntegrityConstraintViolationError(`Check constraint violated${where}.`, { ...opts, code: ERROR_CODES.CHECK_VIOLATION });
    case 'ER_QUERY_INTERRUPTED':
    case 'ER_QUERY_TIMEOUT':
    case 'ER_STATEMENT_TIMEOUT':
      return new TimeoutError(`MySQL ${context.operation} was interrupted by a timeout or KILL.`, opts);
  }
  if (CONNECTION_CODES.has(code)) return new ConnectionError(`MySQL is not reachable or dropped the connection (${code}).`, opts);
  if (DATA_CODES.has(code)) return new QueryError(`MySQL rejected a value during ${context.operation}${where}.`, { ...opts, code: ERROR_CODES.DATA_EXCEPTION });
  return new QueryError(`MySQL ${context.operation} failed${where}${code ? ` (${code})` : ''}.`, opts);
}

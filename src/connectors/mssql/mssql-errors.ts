/**
 * Translates mssql/tedious errors into casebridge errors by SQL Server error number and mssql `E*`
 * code. Server messages can quote data ("The duplicate key value is (…)") and login messages name the
 * user, so our messages are built from numbers and codes only; the driver error stays as `cause` for
 * debugging (it is never serialised by `toJSON`). Passwords never appear: they are not in any of them.
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

/** The fields of mssql's MSSQLError/RequestError/ConnectionError that translation reads. */
export interface MssqlErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly number?: number;
  readonly state?: number | string;
  readonly class?: number | string;
  readonly message?: string;
  readonly originalError?: { readonly number?: number; readonly code?: string; readonly info?: { readonly number?: number } } | undefined;
}

/** Server error numbers casebridge translates, with what they mean. */
export const MSSQL_ERROR_NUMBERS = {
  LOGIN_FAILED: 18456,
  CANNOT_OPEN_DATABASE: 4060,
  INVALID_OBJECT: 208,
  INVALID_COLUMN: 207,
  UNIQUE_CONSTRAINT: 2627,
  UNIQUE_INDEX: 2601,
  CONSTRAINT_CONFLICT: 547,
  NULL_NOT_ALLOWED: 515,
  ARITHMETIC_OVERFLOW: 8115,
  CONVERSION_FAILED: 245,
  DATE_CONVERSION_FAILED: 241,
  DATE_OUT_OF_RANGE: 242,
  DATA_TRUNCATED: 8152,
  STRING_TRUNCATED: 2628,
  INVALID_TYPE_CONVERSION: 8114,
  DEADLOCK: 1205,
  LOCK_TIMEOUT: 1222,
} as const;

const DATA_ERRORS: ReadonlySet<number> = new Set([8115, 245, 241, 242, 8152, 2628, 8114, 220, 232, 8134]);
const CONNECTION_CODES: ReadonlySet<string> = new Set(['ESOCKET', 'ECONNCLOSED', 'ENOTOPEN', 'ECONNRESET', 'ECONNREFUSED', 'EINSTLOOKUP', 'ENOTFOUND']);

/** The SQL Server error number of an mssql error, wherever the driver put it. */
export function mssqlErrorNumber(error: MssqlErrorShape): number | undefined {
  return error.number ?? error.originalError?.number ?? error.originalError?.info?.number;
}

/**
 * Turns any error thrown by mssql into a casebridge error. `context` names the table/operation for
 * the message (configuration names, never data).
 */
export function translateMssqlError(error: unknown, context: { table?: string; operation?: string } = {}): CasebridgeError {
  if (error instanceof CasebridgeError) return error;
  const e = (error !== null && typeof error === 'object' ? error : {}) as MssqlErrorShape;
  const number = mssqlErrorNumber(e);
  const code = e.code ?? e.originalError?.code;
  const where = context.table ? ` on table "${context.table}"` : context.operation ? ` (${context.operation})` : '';
  const details = {
    ...(context.table ? { table: context.table } : {}),
    ...(number === undefined ? {} : { sqlServerError: number }),
    ...(code === undefined ? {} : { driverCode: code }),
  };
  const options = { cause: error, details };

  if (number === MSSQL_ERROR_NUMBERS.LOGIN_FAILED || (code === 'ELOGIN' && number !== MSSQL_ERROR_NUMBERS.CANNOT_OPEN_DATABASE)) {
    return new ConnectionError('SQL Server rejected the login (wrong user or password).', { ...options, code: ERROR_CODES.AUTHENTICATION_FAILED });
  }
  if (number === MSSQL_ERROR_NUMBERS.CANNOT_OPEN_DATABASE) {
    return new ConnectionError('SQL Server cannot open the requested database (missing or no access).', options);
  }
  if (code === 'ECANCEL') return new CancelledError(`The SQL Server query was cancelled${where}.`, options);
  if (code === 'ETIMEOUT' || number === MSSQL_ERROR_NUMBERS.LOCK_TIMEOUT) {
    return new TimeoutError(`SQL Server did not answer in time${where}.`, options);
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return new ConnectionError(`The connection to SQL Server failed (${code}).`, options);
  }
  switch (number) {
    case MSSQL_ERROR_NUMBERS.INVALID_OBJECT:
      return new ObjectNotFoundError(`SQL Server has no such table or view${where}.`, options);
    case MSSQL_ERROR_NUMBERS.INVALID_COLUMN:
      return new ObjectNotFoundError(`SQL Server has no such column${where}.`, { ...options, code: ERROR_CODES.COLUMN_NOT_FOUND });
    case MSSQL_ERROR_NUMBERS.UNIQUE_CONSTRAINT:
    case MSSQL_ERROR_NUMBERS.UNIQUE_INDEX:
      return new IntegrityConstraintViolationError(`A unique key rejected the write${where}.`, { ...options, code: ERROR_CODES.UNIQUE_VIOLATION });
    case MSSQL_ERROR_NUMBERS.CONSTRAINT_CONFLICT: {
      // 547 covers foreign keys and CHECK constraints; the message names which (read, not copied).
      const check = /CHECK constraint/i.test(e.message ?? '');
      return new IntegrityConstraintViolationError(`A ${check ? 'check' : 'foreign key'} constraint rejected the write${where}.`, {
        ...options,
        code: check ? ERROR_CODES.CHECK_VIOLATION : ERROR_CODES.FOREIGN_KEY_VIOLATION,
      });
    }
    case MSSQL_ERROR_NUMBERS.NULL_NOT_ALLOWED:
      return new IntegrityConstraintViolationError(`A NOT NULL column rejected the write${where}.`, { ...options, code: ERROR_CODES.NOT_NULL_VIOLATION });
    default:
      break;
  }
  if (number !== undefined && DATA_ERRORS.has(number)) {
    return new QueryError(`SQL Server could not convert or fit a value${where} (error ${number}).`, { ...options, code: ERROR_CODES.DATA_EXCEPTION });
  }
  if (code === 'ELOGIN') return new ConnectionError('SQL Server refused the connection during login.', options);
  return new QueryError(`The SQL Server query failed${where}${number === undefined ? '' : ` (error ${number})`}.`, options);
}

/**
 * The one place PostgreSQL driver errors become casebridge errors. Messages are ours: the driver's
 * message and detail can quote values (personal data) and are kept only in `cause`.
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
export interface PostgresErrorContext {
  readonly operation: string;
  readonly table?: string;
  /** The signal of the operation; an abort turns a 57014 into a CancelledError. */
  readonly signal?: AbortSignal;
}

interface PgErrorFields {
  code?: string;
  constraint?: string;
  column?: string;
}

/** Translates any error thrown by pg into a CasebridgeError (casebridge errors pass through). */
export function translatePostgresError(error: unknown, context: PostgresErrorContext): CasebridgeError {
  if (error instanceof CasebridgeError) return error;
  const { code = '', constraint, column } = (error ?? {}) as PgErrorFields;
  const details: Record<string, string> = { operation: context.operation };
  if (code) details.sqlState = code;
  if (context.table) details.table = context.table;
  if (constraint) details.constraint = constraint;
  const opts = { cause: error, details };
  const where = context.table ? ` on table "${context.table}"` : '';
  if (context.signal?.aborted) return new CancelledError(`PostgreSQL ${context.operation} was cancelled.`, opts);
  switch (code) {
    case '28P01':
    case '28000':
      return new ConnectionError('PostgreSQL rejected the credentials (wrong user or password, or no pg_hba.conf entry).', { ...opts, code: ERROR_CODES.AUTHENTICATION_FAILED });
    case '3D000':
      return new ConnectionError('The PostgreSQL database does not exist.', opts);
    case '42P01':
      return new ObjectNotFoundError(`Table not found${where}.`, { ...opts, code: ERROR_CODES.TABLE_NOT_FOUND });
    case '42703':
      if (column) details.column = column;
      return new ObjectNotFoundError(`Column not found${where}.`, { ...opts, code: ERROR_CODES.COLUMN_NOT_FOUND });
    case '23505':
      return new IntegrityConstraintViolationError(`Unique constraint violated${where}.`, { ...opts, code: ERROR_CODES.UNIQUE_VIOLATION });
    case '23503':
      return new IntegrityConstraintViolationError(`Foreign key violated${where}.`, { ...opts, code: ERROR_CODES.FOREIGN_KEY_VIOLATION });
    case '23502':
      if (column) details.column = column;
      return new IntegrityConstraintViolationError(`NOT NULL constraint violated${where}.`, { ...opts, code: ERROR_CODES.NOT_NULL_VIOLATION });
    case '23514':
      return new IntegrityConstraintViolationError(`Check constraint violated${where}.`, { ...opts, code: ERROR_CODES.CHECK_VIOLATION });
    case '57014':
      return new TimeoutError(`PostgreSQL ${context.operation} was cancelled by a statement timeout.`, opts);
  }
  if (code.startsWith('08') || code === '57P01' || code === '57P03' || code === '53300') return new ConnectionError(`The connection to PostgreSQL failed during ${context.operation}.`, opts);
  if (code.startsWith('22')) return new QueryError(`PostgreSQL rejected a value during ${context.operation}${where}.`, { ...opts, code: ERROR_CODES.DATA_EXCEPTION });
  if (!code && error instanceof Error && /SASL|password must be a string/i.test(error.message)) {
    return new ConnectionError('PostgreSQL requires a password, but none was configured.', { ...opts, code: ERROR_CODES.AUTHENTICATION_FAILED });
  }
  const sysCode = (error as { code?: unknown } | null)?.code;
  if (typeof sysCode === 'string' && /^E[A-Z]+$/.test(sysCode)) {
    details.errno = sysCode;
    return new ConnectionError(`PostgreSQL is not reachable (${sysCode}).`, opts);
  }
  return new QueryError(`PostgreSQL ${context.operation} failed${where}${code ? ` (SQLSTATE ${code})` : ''}.`, opts);
}

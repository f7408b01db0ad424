/**
 * The one place PostgreSQL driver errors become casebridge errors. Messages are ours: the driver's
 * message and detail can quote values (personal data) and are kept only in `cause`.
 */
import { CancelledError, CasebridgeError, ConnectionError, ERROR_CODES, QueryError } from '../../core/errors.js';
import { classifySqlState, sqlStateError, type SqlStateKind } from '../../core/sql-state.js';

/** Source wording per SQLSTATE kind (the table itself is shared: `core/sql-state.ts`); `where` names the table. */
const MESSAGES: Readonly<Record<Exclude<SqlStateKind, 'other'>, (operation: string, where: string) => string>> = {
  authentication: () => 'PostgreSQL rejected the credentials (wrong user or password, or no pg_hba.conf entry).',
  'database-not-found': () => 'The PostgreSQL database does not exist.',
  'table-not-found': (_op, where) => `Table not found${where}.`,
  'column-not-found': (_op, where) => `Column not found${where}.`,
  'unique-violation': (_op, where) => `Unique constraint violated${where}.`,
  'foreign-key-violation': (_op, where) => `Foreign key violated${where}.`,
  'not-null-violation': (_op, where) => `NOT NULL constraint violated${where}.`,
  'check-violation': (_op, where) => `Check constraint violated${where}.`,
  'statement-timeout': (op) => `PostgreSQL ${op} was cancelled by a statement timeout.`,
  connection: (op) => `The connection to PostgreSQL failed during ${op}.`,
  data: (op, where) => `PostgreSQL rejected a value during ${op}${where}.`,
  serialization: (op, where) => `PostgreSQL ${op} was rolled back (serialization or deadlock)${where}.`,
};

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
  const kind = /^[0-9A-Z]{5}$/.test(code) ? classifySqlState(code) : 'other';
  if (kind === 'column-not-found' || kind === 'not-null-violation') {
    if (column) details.column = column;
  }
  if (kind !== 'other') return sqlStateError(kind, MESSAGES[kind](context.operation, where), opts);
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

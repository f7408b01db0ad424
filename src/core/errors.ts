/**
 * The one error hierarchy of casebridge. Every error carries a stable `code` (the contract scripts rely
 * on; see docs/errors.md) and, where it wraps another failure, `cause`. Messages never contain personal
 * data or credentials: callers pass pseudonymous references and counts only.
 */

/** Every stable error code casebridge throws. Never rename one; add new ones. */
export const ERROR_CODES = {
  CONFIGURATION_INVALID: 'CB_CONFIGURATION_INVALID',
  CONNECTION_FAILED: 'CB_CONNECTION_FAILED',
  AUTHENTICATION_FAILED: 'CB_AUTHENTICATION_FAILED',
  DRIVER_MISSING: 'CB_DRIVER_MISSING',
  QUERY_FAILED: 'CB_QUERY_FAILED',
  TABLE_NOT_FOUND: 'CB_TABLE_NOT_FOUND',
  COLUMN_NOT_FOUND: 'CB_COLUMN_NOT_FOUND',
  UNIQUE_VIOLATION: 'CB_UNIQUE_VIOLATION',
  FOREIGN_KEY_VIOLATION: 'CB_FOREIGN_KEY_VIOLATION',
  NOT_NULL_VIOLATION: 'CB_NOT_NULL_VIOLATION',
  CHECK_VIOLATION: 'CB_CHECK_VIOLATION',
  DATA_EXCEPTION: 'CB_DATA_EXCEPTION',
  TIMEOUT: 'CB_TIMEOUT',
  CANCELLED: 'CB_CANCELLED',
  SOURCE_FORMAT_INVALID: 'CB_SOURCE_FORMAT_INVALID',
  SCHEMA_INVALID: 'CB_SCHEMA_INVALID',
  UNKNOWN_ENTITY: 'CB_UNKNOWN_ENTITY',
  MAPPING_INVALID: 'CB_MAPPING_INVALID',
  CODE_LIST_INVALID: 'CB_CODE_LIST_INVALID',
  RUN_UNBALANCED: 'CB_RUN_UNBALANCED',
  RUN_FAILED: 'CB_RUN_FAILED',
  CHECKPOINT_INVALID: 'CB_CHECKPOINT_INVALID',
  TARGET_NOT_READY: 'CB_TARGET_NOT_READY',
  NOT_IMPLEMENTED: 'CB_NOT_IMPLEMENTED',
  DOCUMENT_REF_INVALID: 'CB_DOCUMENT_REF_INVALID',
  DOCUMENT_READ_FAILED: 'CB_DOCUMENT_READ_FAILED',
  DELETION_GUARD: 'CB_DELETION_GUARD',
  FEED_GAP: 'CB_FEED_GAP',
  FEED_REPLAY: 'CB_FEED_REPLAY',
  TENANT_MISSING: 'CB_TENANT_MISSING',
  TENANT_INVALID: 'CB_TENANT_INVALID',
  TENANT_MISMATCH: 'CB_TENANT_MISMATCH',
  RUN_LOCKED: 'CB_RUN_LOCKED',
  ROLLBACK_REFUSED: 'CB_ROLLBACK_REFUSED',
  ID_SCHEME_MISMATCH: 'CB_ID_SCHEME_MISMATCH',
  WORKER_MISMATCH: 'CB_WORKER_MISMATCH',
  WORKER_FAILED: 'CB_WORKER_FAILED',
  INTERNAL: 'CB_INTERNAL',
} as const;

/** A stable error code, e.g. `CB_CONNECTION_FAILED`. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Options every casebridge error accepts. `details` must hold no personal data. */
export interface CasebridgeErrorOptions {
  cause?: unknown;
  /** Machine-readable context: table names, counts, pseudonymous references. Never personal values. */
  details?: Readonly<Record<string, string | number | boolean | null>>;
}

/** Base class of every error casebridge throws. */
export class CasebridgeError extends Error {
  /** Stable code, documented in docs/errors.md. */
  readonly code: ErrorCode;
  /** Machine-readable context without personal data. */
  readonly details: Readonly<Record<string, string | number | boolean | null>>;

  constructor(code: ErrorCode, message: string, options: CasebridgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A JSON form for reports and `--json` output (no stack, no cause internals). */
  toJSON(): { name: string; code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { name: this.name, code: this.code, message: this.message, details: { ...this.details } };
  }
}

/** A configuration value is missing or wrong (config file, options, environment). */
export class ConfigurationError extends CasebridgeError {
  constructor(message: string, options: CasebridgeErrorOptions = {}) {
    super(ERROR_CODES.CONFIGURATION_INVALID, message, options);
  }
}

/** An optional driver package (pg, mysql2, mssql, ...) is not installed. */
export class DriverMissingError extends CasebridgeError {
  constructor(packageName: string, options: CasebridgeErrorOptions = {}) {
    super(ERROR_CODES.DRIVER_MISSING, `The optional driver package "${packageName}" is not installed. Install it with: npm install ${packageName}`, {
      ...options,
      details: { package: packageName, ...options.details },
    });
  }
}

/** Reaching or logging in to a database or file failed. */
export class ConnectionError extends CasebridgeError {
  constructor(
    message: string,
    options: CasebridgeErrorOptions & { code?: typeof ERROR_CODES.CONNECTION_FAILED | typeof ERROR_CODES.AUTHENTICATION_FAILED } = {},
  ) {
    super(options.code ?? ERROR_CODES.CONNECTION_FAILED, message, options);
  }
}

/** A query failed for a reason other than a constraint or a missing object. */
export class QueryError extends CasebridgeError {
  constructor(message: string, options: CasebridgeErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? ERROR_CODES.QUERY_FAILED, message, options);
  }
}

/** A table or column named in a mapping or config does not exist in the source or target. */
export class ObjectNotFoundError extends QueryError {
  constructor(message: string, options: CasebridgeErrorOptions & { code?: typeof ERROR_CODES.TABLE_NOT_FOUND | typeof ERROR_CODES.COLUMN_NOT_FOUND } = {}) {
    super(message, { ...options, code: options.code ?? ERROR_CODES.TABLE_NOT_FOUND });
  }
}

/** A database constraint rejected a write (unique, foreign key, not null, check). */
export class IntegrityConstraintViolationError extends QueryError {
  constructor(
    message: string,
    options: CasebridgeErrorOptions & {
      code:
        | typeof ERROR_CODES.UNIQUE_VIOLATION
        | typeof ERROR_CODES.FOREIGN_KEY_VIOLATION
        | typeof ERROR_CODES.NOT_NULL_VIOLATION
        | typeof ERROR_CODES.CHECK_VIOLATION;
    },
  ) {
    super(message, options);
  }
}

/** An operation exceeded its time limit. */
export class TimeoutError extends CasebridgeError {
  constructor(message: string, options: CasebridgeErrorOptions = {}) {
    super(ERROR_CODES.TIMEOUT, message, options);
  }
}

/** An operation was stopped through its AbortSignal. */
export class CancelledError extends CasebridgeError {
  constructor(message = 'The operation was cancelled.', options: CasebridgeErrorOptions = {}) {
    super(ERROR_CODES.CANCELLED, message, options);
  }
}

/** A source file or value cannot be read as the format it claims (CSV, JSON Lines, encoding). */
export class SourceFormatError extends CasebridgeError {
  constructor(message: string, options: CasebridgeErrorOptions = {}) {
    super(ERROR_CODES.SOURCE_FORMAT_INVALID, message, options);
  }
}

/** A JSON Schema or model definition is itself broken (not a record failing it: that is an issue). */
export class SchemaError extends CasebridgeError {
  constructor(message: string, options: CasebridgeErrorOptions & { code?: typeof ERROR_CODES.SCHEMA_INVALID | typeof ERROR_CODES.UNKNOWN_ENTITY } = {}) {
    super(options.code ?? ERROR_CODES.SCHEMA_INVALID, message, options);
  }
}

/** A mapping definition or code-list map is invalid (a definition error, not a per-record issue). */
export class MappingError extends CasebridgeError {
  constructor(message: string, options: CasebridgeErrorOptions & { code?: typeof ERROR_CODES.MAPPING_INVALID | typeof ERROR_CODES.CODE_LIST_INVALID } = {}) {
    super(options.code ?? ERROR_CODES.MAPPING_INVALID, message, options);
  }
}

/** A migration run ended unbalanced or failed its thresholds. */
export class RunError extends CasebridgeError {
  constructor(
    message: string,
    options: CasebridgeErrorOptions & {
      code?:
        | typeof ERROR_CODES.RUN_UNBALANCED
        | typeof ERROR_CODES.RUN_FAILED
        | typeof ERROR_CODES.CHECKPOINT_INVALID
        | typeof ERROR_CODES.TARGET_NOT_READY
        | typeof ERROR_CODES.DELETION_GUARD
        | typeof ERROR_CODES.ID_SCHEME_MISMATCH
        | typeof ERROR_CODES.WORKER_MISMATCH
        | typeof ERROR_CODES.WORKER_FAILED;
    } = {},
  ) {
    super(options.code ?? ERROR_CODES.RUN_FAILED, message, options);
  }
}

/**
 * Another run holds the lock this run needs: the same run id (a second resume) or the same source
 * system in this target (a second run). Details name the holder by run id and start time only.
 */
export class RunLockedError extends CasebridgeError {
  constructor(message: string, options: CasebridgeErrorOptions = {}) {
    super(ERROR_CODES.RUN_LOCKED, message, options);
  }
}

/**
 * A run cannot be rolled back: it is unknown, still running or rolled back already, or a later run of
 * the same commune and source system (named by run id in `details.laterRunId`) builds on it.
 */
export class RollbackRefusedError extends CasebridgeError {
  constructor(message: string, options: CasebridgeErrorOptions = {}) {
    super(ERROR_CODES.ROLLBACK_REFUSED, message, options);
  }
}

/**
 * A document's content cannot be reached: its reference is unusable (escapes the export folder, wrong
 * key shape) or reading it failed. Details name the document's pseudonymous reference, never its path.
 */
export class DocumentError extends CasebridgeError {
  constructor(
    message: string,
    options: CasebridgeErrorOptions & { code?: typeof ERROR_CODES.DOCUMENT_REF_INVALID | typeof ERROR_CODES.DOCUMENT_READ_FAILED } = {},
  ) {
    super(options.code ?? ERROR_CODES.DOCUMENT_READ_FAILED, message, options);
  }
}

/** A change set of a delivery feed does not follow the last one applied: one is missing (gap) or it was applied already (replay). */
export class FeedError extends CasebridgeError {
  constructor(message: string, options: CasebridgeErrorOptions & { code: typeof ERROR_CODES.FEED_GAP | typeof ERROR_CODES.FEED_REPLAY }) {
    super(options.code, message, options);
  }
}

/**
 * A run's tenant (commune BFS number + source system) is missing or invalid, or a write would touch
 * another tenant's rows (`CB_TENANT_MISMATCH`: the batch is refused whole, nothing is written).
 */
export class TenantError extends CasebridgeError {
  constructor(
    message: string,
    options: CasebridgeErrorOptions & {
      code?: typeof ERROR_CODES.TENANT_MISSING | typeof ERROR_CODES.TENANT_INVALID | typeof ERROR_CODES.TENANT_MISMATCH;
    } = {},
  ) {
    super(options.code ?? ERROR_CODES.TENANT_MISMATCH, message, options);
  }
}

/** Type guard for any casebridge error, optionally with a given code. */
export function isCasebridgeError(value: unknown, code?: ErrorCode): value is CasebridgeError {
  return value instanceof CasebridgeError && (code === undefined || value.code === code);
}

/**
 * What each stable error code means and what to do about it: the text `docs/errors.md` is generated
 * from. Typed over every `ErrorCode`, so a code added to `ERROR_CODES` without a description here does
 * not compile: no code can ship undocumented.
 */
import type { ErrorCode } from './errors.js';

/** Meaning and remedy of one error code. */
export interface ErrorCodeDescription {
  /** The error class that carries it. */
  readonly errorClass: string;
  /** When it is raised. */
  readonly meaning: string;
  /** What the user can do. */
  readonly remedy: string;
}

/** Description of every stable error code. */
export const ERROR_CODE_DESCRIPTIONS: Readonly<Record<ErrorCode, ErrorCodeDescription>> = {
  CB_CONFIGURATION_INVALID: {
    errorClass: 'ConfigurationError',
    meaning: 'A configuration value (config file, option, environment variable) is missing or wrong.',
    remedy: 'Fix the field named in the message and details.',
  },
  CB_CONNECTION_FAILED: {
    errorClass: 'ConnectionError',
    meaning: 'A database or file could not be reached, or the connection dropped.',
    remedy: 'Check host, port, network and that the database exists.',
  },
  CB_AUTHENTICATION_FAILED: {
    errorClass: 'ConnectionError',
    meaning: 'The database rejected the credentials (or none were configured where one is required).',
    remedy: 'Check the user and the password source (passwordEnv); credentials never appear in the error.',
  },
  CB_DRIVER_MISSING: {
    errorClass: 'DriverMissingError',
    meaning: 'An optional driver package (pg, mysql2, mssql) is not installed.',
    remedy: 'Install the package named in details.package.',
  },
  CB_QUERY_FAILED: {
    errorClass: 'QueryError',
    meaning: 'A query failed for a reason other than a constraint, a missing object or bad data.',
    remedy: 'See details (SQLSTATE or driver code) and the operation; the driver error is kept as cause.',
  },
  CB_TABLE_NOT_FOUND: {
    errorClass: 'ObjectNotFoundError',
    meaning: 'A table named in a mapping, config or target does not exist.',
    remedy: 'Check the table name; for a target, prepare its schema first.',
  },
  CB_COLUMN_NOT_FOUND: {
    errorClass: 'ObjectNotFoundError',
    meaning: 'A column named in a mapping or config does not exist, or a target schema is stale.',
    remedy: 'Check the column name; migrate the target schema.',
  },
  CB_UNIQUE_VIOLATION: {
    errorClass: 'IntegrityConstraintViolationError',
    meaning: 'A unique constraint rejected a write.',
    remedy: 'Look for duplicate keys in the source; the offending value is never quoted.',
  },
  CB_FOREIGN_KEY_VIOLATION: {
    errorClass: 'IntegrityConstraintViolationError',
    meaning: 'A foreign key rejected a write.',
    remedy: 'Load the referenced records first (mapping dependsOn).',
  },
  CB_NOT_NULL_VIOLATION: {
    errorClass: 'IntegrityConstraintViolationError',
    meaning: 'A NOT NULL constraint rejected a write.',
    remedy: 'Fill the column named in details, or fix the mapping.',
  },
  CB_CHECK_VIOLATION: {
    errorClass: 'IntegrityConstraintViolationError',
    meaning: 'A check constraint rejected a write.',
    remedy: 'See the constraint named in details.',
  },
  CB_DATA_EXCEPTION: {
    errorClass: 'QueryError',
    meaning: 'The database rejected a value (out of range, wrong format, truncated).',
    remedy: 'Check the column types; the value itself is never reported.',
  },
  CB_TIMEOUT: {
    errorClass: 'TimeoutError',
    meaning: 'An operation exceeded its time limit (statement timeout, server KILL).',
    remedy: 'Raise the timeout or reduce the batch size.',
  },
  CB_CANCELLED: {
    errorClass: 'CancelledError',
    meaning: 'An operation was stopped through its AbortSignal.',
    remedy: 'None needed; a cancelled run can be resumed with its run id.',
  },
  CB_SOURCE_FORMAT_INVALID: {
    errorClass: 'SourceFormatError',
    meaning: 'A source file or value is not the format it claims (CSV structure, JSON Lines, encoding).',
    remedy: 'Check the file, delimiter and encoding named in details (line numbers, never content).',
  },
  CB_SCHEMA_INVALID: {
    errorClass: 'SchemaError',
    meaning: 'A JSON Schema or model definition is itself broken (not a record failing it).',
    remedy: 'Fix the schema; records failing a schema are validation issues, not errors.',
  },
  CB_UNKNOWN_ENTITY: {
    errorClass: 'SchemaError',
    meaning: 'An entity name is not part of the canonical model.',
    remedy: 'Use one of the model entity names (docs/model.md).',
  },
  CB_MAPPING_INVALID: {
    errorClass: 'MappingError',
    meaning: 'A mapping definition is invalid (a definition error, not a per-record issue).',
    remedy: 'Fix the mapping named in details.',
  },
  CB_CODE_LIST_INVALID: {
    errorClass: 'MappingError',
    meaning: 'A code-list map (CSV) is invalid: unknown target codes, duplicates, bad header.',
    remedy: 'Fix the map file at the line named in details.',
  },
  CB_RUN_UNBALANCED: {
    errorClass: 'RunError',
    meaning: 'Conservation failed: extracted differs from loaded + filtered + quarantined.',
    remedy: 'A defect, never expected: report it; the run is failed and its ledger is not continued.',
  },
  CB_RUN_FAILED: {
    errorClass: 'RunError',
    meaning: 'A migration run failed (thresholds, reconciliation or an error during the run).',
    remedy: 'Read the run report: reasons, thresholds, reconciliation.',
  },
  CB_CHECKPOINT_INVALID: {
    errorClass: 'RunError',
    meaning: 'A run id cannot be started or resumed (finished already, or has progress and resume was not asked).',
    remedy: 'Use a new run id, or pass resume for an interrupted run.',
  },
  CB_TARGET_NOT_READY: {
    errorClass: 'RunError',
    meaning: 'The target was used before it was opened or its schema prepared, or after it was closed.',
    remedy: 'Open the target (the engine does) and do not share it between concurrent runs.',
  },
  CB_FEED_GAP: {
    errorClass: 'FeedError',
    meaning:
      'A change set of a delivery feed does not follow the last one applied (its sequence number or its link to the previous manifest does not match): a delivery is missing.',
    remedy: 'Apply the missing change sets first, in sequence order; nothing of this one was applied.',
  },
  CB_FEED_REPLAY: {
    errorClass: 'FeedError',
    meaning: 'A change set of a delivery feed was applied already.',
    remedy: 'Skip it: the consumer already holds its changes; nothing was applied twice.',
  },
  CB_ROLLBACK_REFUSED: {
    errorClass: 'RollbackRefusedError',
    meaning:
      'A run cannot be rolled back: the ledger does not know it, it is still running, it was rolled back already, or a later run of the same commune and source system that is not rolled back builds on it (details name that run).',
    remedy: 'Roll back the later run named in the details first (newest first), or wait until the run has ended; nothing was changed.',
  },
  CB_DELETION_GUARD: {
    errorClass: 'RunError',
    meaning:
      'A full-snapshot delivery would delete more of the live records than the mass-deletion guard allows (for example an export that came back half empty); the run stopped before writing.',
    remedy: 'Check the source export; if the deletions are real, raise `deletions.maxShare` for this delivery.',
  },
  CB_NOT_IMPLEMENTED: {
    errorClass: 'CasebridgeError',
    meaning: 'A scaffolded connector part has not been implemented yet.',
    remedy: 'Implement the part named in the message; its conformance test shows what is left.',
  },
  CB_DOCUMENT_REF_INVALID: {
    errorClass: 'DocumentError',
    meaning: 'A document reference is unusable (escapes the export folder, wrong key shape).',
    remedy: 'Fix the document reference in the source; details name it pseudonymously.',
  },
  CB_DOCUMENT_READ_FAILED: {
    errorClass: 'DocumentError',
    meaning: "Reading a document's content failed.",
    remedy: 'Check that the file exists and is readable; details name it pseudonymously.',
  },
  CB_TENANT_MISSING: {
    errorClass: 'TenantError',
    meaning: 'A run names no commune (BFS number) or no source system; there is no default.',
    remedy: 'Set `tenant: { commune, sourceSystem }` in the config (or `commune`/`sourceSystem` in defineMigration).',
  },
  CB_TENANT_INVALID: {
    errorClass: 'TenantError',
    meaning: 'The commune is not a BFS municipality number valid in the given year, or the source system name is unusable.',
    remedy: 'Use the BFS number of the commune as it was in the data year (see the municipality list).',
  },
  CB_TENANT_MISMATCH: {
    errorClass: 'TenantError',
    meaning: 'A run tried to write, update or count rows of another commune or source system; the batch was refused and nothing was written.',
    remedy: 'Check the mapping: ids must come from `ctx.id`, and each run loads its own commune only.',
  },
  CB_RUN_LOCKED: {
    errorClass: 'RunLockedError',
    meaning: 'Another run holds the lock: the same run id is being resumed elsewhere, or another run writes the same source system into this target.',
    remedy: 'Wait until the run named in details (holderRunId, holderStartedAt) ends, then start or resume again.',
  },
  CB_ID_SCHEME_MISMATCH: {
    errorClass: 'RunError',
    meaning:
      "A run asked for another id scheme (uuidv5 or ordered) than the commune and source system's earlier runs in this store recorded; mixing them would give every record a second id. Nothing was written.",
    remedy: "Leave `options.idScheme` unset (the store's recorded scheme applies) or set it to the scheme named in details (storeIdScheme).",
  },
  CB_WORKER_MISMATCH: {
    errorClass: 'RunError',
    meaning:
      'The worker module (`options.workers.module`) gives other mappings (names or versions, listed in details) than the definition, or another validator or lineage rule; the run stopped before reading a row. Nothing was written.',
    remedy:
      "Export the definition's own mappings from the worker module, with the definition's validator and lineage rule exactly when it sets its own, or run without workers.",
  },
  CB_WORKER_FAILED: {
    errorClass: 'RunError',
    meaning: 'A map worker thread could not load the worker module or failed while mapping a batch (the cause is kept); that batch was not committed.',
    remedy: 'Fix the module or mapping named by the cause, then resume the run (or run without workers).',
  },
  CB_INTERNAL: {
    errorClass: 'CasebridgeError',
    meaning: 'An unexpected error inside casebridge or a foreign error during a run (only its class is reported).',
    remedy: 'Report it with the run id; the message never carries data.',
  },
};

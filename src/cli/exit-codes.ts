/**
 * The CLI's exit codes: one table, which the "Exit codes" table of docs/cli.md is tested against
 * (test/cli-exit-codes.test.ts) and from which docs/errors.md takes each error code's exit code. Run
 * outcomes come from the engine's `exitCodeFor` (0 passed, 1 warnings under `--strict`, 2 failed,
 * 3 unbalanced, 130 cancelled; `verify` 4 for a broken run chain, `rollback` 5 when refused); the others follow the BSD sysexits convention so that schedulers can
 * tell a bad config from a database that is down or a run that another process holds.
 */
import { ERROR_CODES, isCasebridgeError, type ErrorCode } from '../core/errors.js';

/** Exit codes by meaning. */
export const EXIT_CODES = Object.freeze({
  OK: 0,
  /** `--strict` and the run passed with warnings; `validate` found issues. */
  WARNINGS: 1,
  /** The run failed (threshold, reconciliation or an error during the run). */
  RUN_FAILED: 2,
  /** A conservation equation does not hold: rows were lost. */
  UNBALANCED: 3,
  /** `verify`: the run chain is broken (an edited ledger entry or report file, a missing run, a wrong signature). */
  CHAIN_BROKEN: 4,
  /** `rollback` refused: the run is unknown, still running, rolled back already, or a later run builds on it. */
  ROLLBACK_REFUSED: 5,
  /** Wrong command line (unknown option, missing argument). */
  USAGE: 64,
  /** Input data could not be read (bad JSON/JSONL, unreadable source file format). */
  DATA: 65,
  /** A database or file could not be reached. */
  UNAVAILABLE: 69,
  /** An unexpected internal error. */
  INTERNAL: 70,
  /** Another run holds the lock of this run id or of this source system (sysexits EX_TEMPFAIL). */
  LOCKED: 75,
  /** The configuration (file, options, environment) is wrong. */
  CONFIG: 78,
  /** Interrupted (Ctrl-C) or cancelled. */
  CANCELLED: 130,
});

/** One row of the documented exit-code table. */
export interface ExitCodeRow {
  readonly code: number;
  /** The text docs/cli.md shows for it (Markdown). */
  readonly meaning: string;
}

/** The exit-code table, in the order docs/cli.md lists it. */
export const EXIT_CODE_TABLE: readonly ExitCodeRow[] = Object.freeze([
  { code: EXIT_CODES.OK, meaning: 'Passed (or passed with warnings without `--strict`); command succeeded' },
  { code: EXIT_CODES.WARNINGS, meaning: 'Passed with warnings and `--strict`; `validate` found records with errors' },
  {
    code: EXIT_CODES.RUN_FAILED,
    meaning:
      'The run failed: an error threshold (by default more than 5 % of a mapping quarantined, an empty source table, or text in a wrong encoding), reconciliation, or an error during the run without a more specific code below',
  },
  { code: EXIT_CODES.UNBALANCED, meaning: 'Unbalanced: a conservation equation does not hold (rows lost) — never go ahead' },
  {
    code: EXIT_CODES.CHAIN_BROKEN,
    meaning:
      '`verify`: the run chain is broken (an edited ledger entry or report file, a missing run or link, a wrong or missing signature); the output names the first broken link',
  },
  {
    code: EXIT_CODES.ROLLBACK_REFUSED,
    meaning:
      '`rollback` refused: the run is unknown, still running or rolled back already, or a later run of the same commune and source system is not rolled back (the message names it); nothing was changed',
  },
  { code: EXIT_CODES.USAGE, meaning: 'Wrong command line (unknown option, missing argument)' },
  { code: EXIT_CODES.DATA, meaning: 'Input data could not be read (malformed CSV/JSON, invalid document reference), also when it ends a run' },
  {
    code: EXIT_CODES.UNAVAILABLE,
    meaning: 'A database or file could not be reached, the connection dropped (a run can be resumed), or the target is not ready',
  },
  { code: EXIT_CODES.INTERNAL, meaning: 'Internal error (run with `--debug`)' },
  {
    code: EXIT_CODES.LOCKED,
    meaning:
      'Another run holds the lock: the same run id is being resumed, or another run writes the same source system into this target; the message names the holder (run id, started at)',
  },
  { code: EXIT_CODES.CONFIG, meaning: 'Configuration error (config file, option, environment variable, mapping definition)' },
  { code: EXIT_CODES.CANCELLED, meaning: 'Cancelled (Ctrl-C); a real run can be resumed' },
]);

/** The exit code of every error code (typed over all codes: a new code must choose one). */
export const EXIT_CODE_BY_ERROR: Readonly<Record<ErrorCode, number>> = Object.freeze({
  [ERROR_CODES.CONFIGURATION_INVALID]: EXIT_CODES.CONFIG,
  [ERROR_CODES.DRIVER_MISSING]: EXIT_CODES.CONFIG,
  [ERROR_CODES.MAPPING_INVALID]: EXIT_CODES.CONFIG,
  [ERROR_CODES.CODE_LIST_INVALID]: EXIT_CODES.CONFIG,
  [ERROR_CODES.UNKNOWN_ENTITY]: EXIT_CODES.CONFIG,
  [ERROR_CODES.CONNECTION_FAILED]: EXIT_CODES.UNAVAILABLE,
  [ERROR_CODES.AUTHENTICATION_FAILED]: EXIT_CODES.UNAVAILABLE,
  [ERROR_CODES.TIMEOUT]: EXIT_CODES.UNAVAILABLE,
  [ERROR_CODES.TARGET_NOT_READY]: EXIT_CODES.UNAVAILABLE,
  [ERROR_CODES.SOURCE_FORMAT_INVALID]: EXIT_CODES.DATA,
  [ERROR_CODES.DOCUMENT_REF_INVALID]: EXIT_CODES.DATA,
  [ERROR_CODES.DOCUMENT_READ_FAILED]: EXIT_CODES.DATA,
  [ERROR_CODES.SCHEMA_INVALID]: EXIT_CODES.DATA,
  [ERROR_CODES.TABLE_NOT_FOUND]: EXIT_CODES.DATA,
  [ERROR_CODES.COLUMN_NOT_FOUND]: EXIT_CODES.DATA,
  [ERROR_CODES.CANCELLED]: EXIT_CODES.CANCELLED,
  [ERROR_CODES.RUN_UNBALANCED]: EXIT_CODES.UNBALANCED,
  [ERROR_CODES.RUN_FAILED]: EXIT_CODES.RUN_FAILED,
  [ERROR_CODES.CHECKPOINT_INVALID]: EXIT_CODES.RUN_FAILED,
  [ERROR_CODES.RUN_LOCKED]: EXIT_CODES.LOCKED,
  [ERROR_CODES.ROLLBACK_REFUSED]: EXIT_CODES.ROLLBACK_REFUSED,
  [ERROR_CODES.DELETION_GUARD]: EXIT_CODES.RUN_FAILED,
  [ERROR_CODES.FEED_GAP]: EXIT_CODES.DATA,
  [ERROR_CODES.FEED_REPLAY]: EXIT_CODES.DATA,
  [ERROR_CODES.TENANT_MISSING]: EXIT_CODES.CONFIG,
  [ERROR_CODES.TENANT_INVALID]: EXIT_CODES.CONFIG,
  [ERROR_CODES.TENANT_MISMATCH]: EXIT_CODES.RUN_FAILED,
  [ERROR_CODES.ID_SCHEME_MISMATCH]: EXIT_CODES.CONFIG,
  [ERROR_CODES.WORKER_MISMATCH]: EXIT_CODES.CONFIG,
  [ERROR_CODES.WORKER_FAILED]: EXIT_CODES.RUN_FAILED,
  [ERROR_CODES.QUERY_FAILED]: EXIT_CODES.INTERNAL,
  [ERROR_CODES.UNIQUE_VIOLATION]: EXIT_CODES.INTERNAL,
  [ERROR_CODES.FOREIGN_KEY_VIOLATION]: EXIT_CODES.INTERNAL,
  [ERROR_CODES.NOT_NULL_VIOLATION]: EXIT_CODES.INTERNAL,
  [ERROR_CODES.CHECK_VIOLATION]: EXIT_CODES.INTERNAL,
  [ERROR_CODES.DATA_EXCEPTION]: EXIT_CODES.INTERNAL,
  [ERROR_CODES.NOT_IMPLEMENTED]: EXIT_CODES.INTERNAL,
  [ERROR_CODES.INTERNAL]: EXIT_CODES.INTERNAL,
});

/** The exit code for an error code (a code string from a report; unknown codes are internal). */
export function exitCodeForErrorCode(code: string): number {
  return (EXIT_CODE_BY_ERROR as Readonly<Record<string, number>>)[code] ?? EXIT_CODES.INTERNAL;
}

/** The exit code for an error that ended a command. */
export function exitCodeForError(error: unknown): number {
  return isCasebridgeError(error) ? exitCodeForErrorCode(error.code) : EXIT_CODES.INTERNAL;
}

/**
 * The exit code of a run that failed because an error ended it: the error's own exit code when it
 * is a more specific one (source data 65, connection 69, lock 75, configuration 78); otherwise the
 * run's outcome code (`exitCodeFor`).
 */
export function exitCodeForFailedRun(outcome: number, errorCodes: readonly string[]): number {
  if (outcome !== EXIT_CODES.RUN_FAILED) return outcome;
  const first = errorCodes[0];
  if (first === undefined) return outcome;
  const specific = exitCodeForErrorCode(first);
  return specific === EXIT_CODES.DATA || specific === EXIT_CODES.UNAVAILABLE || specific === EXIT_CODES.LOCKED || specific === EXIT_CODES.CONFIG
    ? specific
    : outcome;
}

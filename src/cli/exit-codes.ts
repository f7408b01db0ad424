/**
 * The CLI's exit codes (documented in docs/cli.md). Run outcomes come from the engine's `exitCodeFor`
 * (0 passed, 1 warnings under `--strict`, 2 failed, 3 unbalanced, 130 cancelled); the others follow the
 * BSD sysexits convention so that schedulers can tell a bad config from a database that is down.
 */
import { ERROR_CODES, isCasebridgeError } from '../core/errors.js';

/** Exit codes by meaning. */
export const EXIT_CODES = Object.freeze({
  OK: 0,
  /** `--strict` and the run passed with warnings; `validate` found issues. */
  WARNINGS: 1,
  /** The run failed (threshold, reconciliation or an error during the run). */
  RUN_FAILED: 2,
  /** A conservation equation does not hold: rows were lost. */
  UNBALANCED: 3,
  /** Wrong command line (unknown option, missing argument). */
  USAGE: 64,
  /** Input data could not be read (bad JSON/JSONL, unreadable source file format). */
  DATA: 65,
  /** A database or file could not be reached. */
  UNAVAILABLE: 69,
  /** An unexpected internal error. */
  INTERNAL: 70,
  /** The configuration (file, options, environment) is wrong. */
  CONFIG: 78,
  /** Interrupted (Ctrl-C) or cancelled. */
  CANCELLED: 130,
});

/** The exit code for an error that ended a command. */
export function exitCodeForError(error: unknown): number {
  if (isCasebridgeError(error)) {
    switch (error.code) {
      case ERROR_CODES.CONFIGURATION_INVALID:
      case ERROR_CODES.DRIVER_MISSING:
      case ERROR_CODES.MAPPING_INVALID:
      case ERROR_CODES.CODE_LIST_INVALID:
      case ERROR_CODES.UNKNOWN_ENTITY:
        return EXIT_CODES.CONFIG;
      case ERROR_CODES.CONNECTION_FAILED:
      case ERROR_CODES.AUTHENTICATION_FAILED:
      case ERROR_CODES.TIMEOUT:
      case ERROR_CODES.TARGET_NOT_READY:
        return EXIT_CODES.UNAVAILABLE;
      case ERROR_CODES.SOURCE_FORMAT_INVALID:
      case ERROR_CODES.DOCUMENT_REF_INVALID:
      case ERROR_CODES.DOCUMENT_READ_FAILED:
      case ERROR_CODES.SCHEMA_INVALID:
      case ERROR_CODES.TABLE_NOT_FOUND:
      case ERROR_CODES.COLUMN_NOT_FOUND:
        return EXIT_CODES.DATA;
      case ERROR_CODES.CANCELLED:
        return EXIT_CODES.CANCELLED;
      case ERROR_CODES.RUN_UNBALANCED:
        return EXIT_CODES.UNBALANCED;
      case ERROR_CODES.RUN_FAILED:
      case ERROR_CODES.CHECKPOINT_INVALID:
        return EXIT_CODES.RUN_FAILED;
      default:
        return EXIT_CODES.INTERNAL;
    }
  }
  return EXIT_CODES.INTERNAL;
}

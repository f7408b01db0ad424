/**
 * `docs/errors.md`: every stable error code from `ERROR_CODES`, with what it means, what to do and the
 * CLI exit code it ends with (`exitCodeForError`), so that the reference cannot drift from the code.
 * A code without a description is still listed, marked, so a new code is never missing from the docs.
 */
import { ERROR_CODES, type ErrorCode } from '../../src/core/errors.js';
import { exitCodeForError } from '../../src/cli/exit-codes.js';
import { CasebridgeError } from '../../src/core/errors.js';
import { checksumOf, markdownBanner, type Generator } from './generator.js';

const GENERATOR_VERSION = 'errors-doc-1';

/** Meaning and remedy per code. */
const DESCRIPTIONS: Partial<Record<ErrorCode, readonly [meaning: string, remedy: string]>> = {
  CB_CONFIGURATION_INVALID: [
    'A config file field, option or environment variable is missing or wrong; the message names the field.',
    'Fix the named field (see docs/cli.md for the config format).',
  ],
  CB_CONNECTION_FAILED: [
    'A database server or file could not be reached.',
    'Check host, port and network; start local services with `bash scripts/ensure-services.sh`.',
  ],
  CB_AUTHENTICATION_FAILED: ['The database refused the login.', 'Check the user and the password environment variable named in the config.'],
  CB_DRIVER_MISSING: ['An optional driver package (pg, mysql2, mssql) is not installed.', 'Install the package the message names.'],
  CB_QUERY_FAILED: ['A query failed for a reason other than a constraint or a missing object.', 'Read the message; run with --debug for the cause.'],
  CB_TABLE_NOT_FOUND: ['A table named in a mapping or config does not exist in the source or target.', 'Check the table name and schema/database.'],
  CB_COLUMN_NOT_FOUND: ['A column named in a mapping does not exist.', 'Check the column name against `casebridge profile`.'],
  CB_UNIQUE_VIOLATION: ['A write broke a unique constraint.', 'Check the key columns of the mapping.'],
  CB_FOREIGN_KEY_VIOLATION: ['A write broke a foreign key.', 'Check the mapping order (`dependsOn`) and references.'],
  CB_NOT_NULL_VIOLATION: ['A required column received no value.', 'Map the field or add a default.'],
  CB_CHECK_VIOLATION: ['A check constraint rejected a value.', 'Check the mapped value against the model.'],
  CB_DATA_EXCEPTION: ['The database could not store a value (range, format).', 'Check the transform of the named field.'],
  CB_TIMEOUT: ['An operation took longer than its timeout.', 'Raise the timeout or reduce the batch size.'],
  CB_CANCELLED: ['The run was cancelled (Ctrl-C or an abort signal).', 'A real run can be resumed with `run --run-id <id> --resume`.'],
  CB_SOURCE_FORMAT_INVALID: [
    'An input file (CSV, JSON Lines, JSON report) is malformed; the message gives the position, never the content.',
    'Fix or re-export the file.',
  ],
  CB_SCHEMA_INVALID: ['A canonical schema or record does not fit the model.', 'Check the schema files or the record.'],
  CB_UNKNOWN_ENTITY: ['An entity name is not part of the canonical model.', 'Use an entity listed in docs/model.md.'],
  CB_MAPPING_INVALID: ['A mapping definition is broken (names, produces, dependencies).', 'Fix the mapping the message names.'],
  CB_CODE_LIST_INVALID: ['A code-list map CSV is malformed or points at unknown codes.', 'Fix the map file the message names.'],
  CB_RUN_UNBALANCED: ['A conservation equation does not hold: rows were lost.', 'Do not go ahead; report it as a bug with the JSON run report.'],
  CB_RUN_FAILED: ['The run failed (threshold, reconciliation or an error during the run).', 'Read the reasons in the run report.'],
  CB_CHECKPOINT_INVALID: ['A run id cannot be continued (finished, or has progress but no --resume).', 'Use a new run id, or pass --resume.'],
  CB_TARGET_NOT_READY: ['The target is not open or its schema is missing.', 'Run `casebridge schema apply` or check the target config.'],
  CB_NOT_IMPLEMENTED: ['A feature is not available for this connector or target.', 'Use a connector or target that supports it.'],
  CB_DOCUMENT_REF_INVALID: ['A document reference (path) is invalid or points outside its folder.', 'Fix the document reference in the source.'],
  CB_DOCUMENT_READ_FAILED: ['A document file could not be read or transferred.', 'Check that the file exists and is readable.'],
  CB_DELETION_GUARD: [
    'A delivery would delete more live records than the mass-deletion guard allows (e.g. a half-empty export); nothing was deleted.',
    'Check the source export; if the deletions are real, raise `deletions.maxShare` for this delivery.',
  ],
  CB_ROLLBACK_REFUSED: [
    'A run cannot be rolled back: unknown, still running, rolled back already, or a later run of the same commune and source system builds on it (named in the details).',
    'Roll back the later run first (newest first), or wait until the run has ended; nothing was changed.',
  ],
  CB_FEED_GAP: ['A change set of a delivery feed does not follow the last one applied: one is missing.', 'Apply the missing change sets first, in order.'],
  CB_FEED_REPLAY: ['A change set of a delivery feed was applied already.', 'Skip it; nothing was applied twice.'],
  CB_TENANT_MISSING: ['A run names no commune or no source system.', 'Set tenant.commune and tenant.sourceSystem.'],
  CB_TENANT_INVALID: [
    'The commune is not a valid BFS number for the year, or the source system name is unusable.',
    'Use the BFS number valid in the data year.',
  ],
  CB_TENANT_MISMATCH: ["A write or count touched another commune's rows; nothing was written.", 'Load each commune in its own run; ids come from ctx.id.'],
  CB_ID_SCHEME_MISMATCH: [
    "A run asked for another id scheme than the commune and source system's earlier runs in this store; nothing was written.",
    'Leave options.idScheme unset (the recorded scheme applies) or use the one named in details.storeIdScheme.',
  ],
  CB_WORKER_MISMATCH: [
    "The worker module's mappings (names or versions), validator or lineage rule are not the definition's; the run stopped before reading a row.",
    "Export the definition's mappings (and its own validator / lineage rule exactly when it sets one) from options.workers.module.",
  ],
  CB_WORKER_FAILED: [
    'A map worker thread could not load the worker module or failed on a batch; that batch was not committed.',
    'Fix what the cause names, then resume the run.',
  ],
  CB_INTERNAL: ['An unexpected internal error.', 'Run with --debug and report it.'],
};

/** The errors reference generator. */
export const errorsDocGenerator: Generator = {
  name: 'errors-doc',
  ownedDirs: [],
  generate() {
    const rows = Object.values(ERROR_CODES).map((code) => {
      const [meaning, remedy] = DESCRIPTIONS[code] ?? ['(not yet described)', '—'];
      return `| \`${code}\` | ${exitCodeForError(new CasebridgeError(code, ''))} | ${meaning} | ${remedy} |`;
    });
    const body = [
      '# Error codes',
      '',
      'Every error casebridge throws carries one of these stable codes (never renamed) and, where it wraps another failure, a `cause`. Messages and details never hold personal data or credentials. The CLI prints `error <CODE>: <message>` (the stack only with `--debug`) and ends with the exit code shown; `--json` prints `{ "ok": false, "exitCode", "error": { "code", "message", "details" } }`.',
      '',
      'Validation issues (a bad AHV number, an unmapped code) are not errors: they are data with their own dotted codes (`schema.required`, `codes.unmapped`) in the run report.',
      '',
      '| Code | CLI exit | Meaning | What to do |',
      '| --- | ---: | --- | --- |',
      ...rows,
      '',
      'Exit codes of a completed run (0 passed, 1 warnings with `--strict`, 2 failed, 3 unbalanced, 130 cancelled) are listed in [cli.md](cli.md#exit-codes).',
      '',
    ].join('\n');
    return Promise.resolve([{ path: 'docs/errors.md', content: `${markdownBanner(checksumOf(GENERATOR_VERSION, body))}${body}` }]);
  },
};

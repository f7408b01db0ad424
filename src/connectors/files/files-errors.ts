/**
 * Error translation of the file connector. csv-parse messages quote field content ("value is ..."),
 * which may be personal data, so messages are rebuilt from the error code and line number only and the
 * parser error is not kept as `cause`.
 */
import { CasebridgeError, ConnectionError, ObjectNotFoundError, SourceFormatError } from '../../core/errors.js';

/** What a csv-parse error code means, in words without data. */
export const CSV_ERROR_REASONS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'the record has a different number of fields than the first record',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'the record has a different number of fields than the header',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other characters',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing quote is followed by other characters',
  CSV_MAX_RECORD_SIZE: 'a record exceeds the maximum record size',
};

interface CsvErrorShape {
  readonly code: string;
  readonly lines?: unknown;
}

/** True for errors raised by csv-parse (codes `CSV_*` and `INVALID_OPENING_QUOTE`). */
export function isCsvError(error: unknown): error is Error & CsvErrorShape {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('CSV_') || code === 'INVALID_OPENING_QUOTE');
}

/** Turns a failure while streaming a table file into a casebridge error without any field content. */
export function translateCsvError(table: string, error: unknown): CasebridgeError {
  if (error instanceof CasebridgeError) return error;
  if (isCsvError(error)) {
    const line = typeof error.lines === 'number' ? error.lines : null;
    const reason = CSV_ERROR_REASONS[error.code] ?? 'the file is not valid CSV';
    return new SourceFormatError(`Table "${table}" is not valid CSV: ${reason}${line === null ? '' : ` (line ${line})`}.`, {
      details: { table, line, reason: error.code },
    });
  }
  const errno = (error as { code?: unknown } | null)?.code;
  if (errno === 'ENOENT') {
    return new ObjectNotFoundError(`Table "${table}": file not found.`, { cause: error, details: { table } });
  }
  if (typeof errno === 'string' && errno.startsWith('E')) {
    return new ConnectionError(`Table "${table}": the file cannot be read (${errno}).`, { cause: error, details: { table, errno } });
  }
  return new SourceFormatError(`Table "${table}": the file cannot be read.`, { cause: error, details: { table } });
}

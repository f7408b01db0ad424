/**
 * PostgreSQL COPY text format, written by hand because it is ours to get exactly right: one line per
 * row, columns separated by a tab, `\N` for NULL, and backslash escapes for the characters that would
 * otherwise end a column or a row. See https://www.postgresql.org/docs/current/sql-copy.html
 * ("Text Format"). Both targets load the same lines, so escaping is proven once.
 */
import { ERROR_CODES, QueryError } from '../../core/errors.js';

/** The COPY text spelling of SQL NULL. */
export const COPY_NULL = '\\N';

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: COPY text format escapes exactly these control characters.
const NEEDS_ESCAPE = /[\\\n\r\t\b\f\v\u0000]/;
const ESCAPE_ALL = /[\\\n\r\t\b\f\v]/g;

/**
 * Escapes one text value for COPY. PostgreSQL text cannot hold U+0000 at all, so a NUL is refused here
 * with a clear error instead of a confusing one from the server.
 */
export function escapeCopyText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  if (value.includes('\u0000')) {
    throw new QueryError('A text value contains a NUL character, which PostgreSQL cannot store.', {
      code: ERROR_CODES.DATA_EXCEPTION,
    });
  }
  return value.replace(ESCAPE_ALL, (c) => ESCAPES[c] ?? c);
}

/** One COPY field: NULL as `\N`, anything else escaped text. */
export function copyField(value: string | null): string {
  return value === null ? COPY_NULL : escapeCopyText(value);
}

/** One COPY line from already-rendered field texts (NULL as `null`), with the closing newline. */
export function copyLine(fields: readonly (string | null)[]): string {
  return `${fields.map(copyField).join('\t')}\n`;
}

/**
 * A PostgreSQL array literal of text elements (`{"a","b\"c"}`), for `text[]` columns. Every element is
 * double-quoted, so commas, braces, blanks and the word NULL need no special casing.
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

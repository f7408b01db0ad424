/** Encodes values as PostgreSQL COPY text format (tab-separated, `\N` for NULL, backslash escapes). */
import { isInvalidSourceValue, type SourceValue } from '../../core/connector/source-value.js';
import { QueryError, ERROR_CODES } from '../../core/errors.js';

function escapeCopyText(text: string): string {
  return text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

/** One value in COPY text form. InvalidSourceValues cannot be written (a mapping must resolve them). */
export function encodeCopyValue(value: SourceValue, columnIndex: number): string {
  if (value === null) return '\\N';
  if (isInvalidSourceValue(value)) {
    throw new QueryError('An unresolved invalid source value cannot be written.', {
      code: ERROR_CODES.DATA_EXCEPTION,
      details: { columnIndex, reason: value.reason },
    });
  }
  if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeCopyText(value);
  return escapeCopyText(JSON.stringify(value));
}

/** One row as a COPY text line (with the trailing newline). */
export function encodeCopyRow(row: readonly SourceValue[]): string {
  return `${row.map((v, i) => encodeCopyValue(v, i)).join('\t')}\n`;
}

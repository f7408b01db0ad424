/**
 * Turns file records into source rows: header names, NULL rules, declared types, the record-ordinal
 * key column and column projection. One builder per read, created from the header (CSV) or the
 * configuration (CSV without header, JSON Lines).
 */
import { InvalidSourceValue, isInvalidSourceValue, type JsonValue, type SourceRow, type SourceValue } from '../../core/connector/source-value.js';
import { ERROR_CODES, ObjectNotFoundError, SourceFormatError } from '../../core/errors.js';
import { RECORD_ORDINAL_COLUMN, type ResolvedFileTable } from './files-config.js';
import { quotedFields, type CsvRecord, type FileRecord } from './files-record-stream.js';
import { convertJsonValue, isTextType, parseTypedText } from './files-type-map.js';

/** Checks header names: none empty, none repeated. Names the position, never a data value. */
export function validateHeader(table: string, names: readonly string[]): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name.trim() === '') {
      throw new SourceFormatError(`Table "${table}": header column ${i + 1} has no name.`, { details: { table, position: i + 1 } });
    }
    if (seen.has(name)) {
      throw new SourceFormatError(`Table "${table}": header column ${i + 1} repeats the name "${name}".`, {
        details: { table, position: i + 1 },
      });
    }
    seen.add(name);
  });
}

/** A key value as a JSON primitive, so positions survive the run ledger's JSON round trip. */
export function keyPrimitive(value: SourceValue): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (isInvalidSourceValue(value)) return value.raw;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}

function columnNotFound(table: string, column: string): ObjectNotFoundError {
  return new ObjectNotFoundError(`Table "${table}" has no column "${column}".`, {
    code: ERROR_CODES.COLUMN_NOT_FOUND,
    details: { table, column },
  });
}

/** Builds rows of one table read. */
export class FileRowBuilder {
  readonly #table: ResolvedFileTable;
  /** CSV column names in field order (header or `columnNames`); undefined for JSON Lines. */
  readonly #names: readonly string[] | undefined;
  readonly #projection: ReadonlySet<string> | undefined;
  readonly #withOrdinal: boolean;
  readonly #ordinalKey: boolean;
  readonly #checkDecoding: boolean;

  /**
   * @param header CSV header names (undefined: use `columnNames`, or JSON Lines).
   * @param projection requested columns; all when undefined.
   */
  constructor(table: ResolvedFileTable, header: readonly string[] | undefined, projection?: readonly string[]) {
    this.#table = table;
    this.#names = table.format === 'csv' ? (header ?? table.columnNames ?? []) : undefined;
    if (this.#names) {
      validateHeader(table.table, this.#names);
      const known = new Set([...this.#names, RECORD_ORDINAL_COLUMN]);
      for (const column of [...Object.keys(table.columns), ...table.keyColumns, ...(projection ?? [])]) {
        if (!known.has(column)) throw columnNotFound(table.table, column);
      }
    }
    this.#projection = projection ? new Set(projection) : undefined;
    this.#ordinalKey = table.keyColumns.length === 1 && table.keyColumns[0] === RECORD_ORDINAL_COLUMN;
    this.#withOrdinal = this.#projection ? this.#projection.has(RECORD_ORDINAL_COLUMN) : this.#ordinalKey;
    this.#checkDecoding = table.encoding === 'utf-8';
  }

  /** The CSV column names in file order (empty for JSON Lines, whose keys vary per record). */
  get names(): readonly string[] {
    return this.#names ?? [];
  }

  #wanted(column: string): boolean {
    return this.#projection === undefined || this.#projection.has(column);
  }

  #csvValue(column: string, record: CsvRecord, index: number, quoted: () => Set<number>): SourceValue {
    const text = record.fields[index] ?? '';
    const type = Object.hasOwn(this.#table.columns, column) ? (this.#table.columns[column] ?? 'string') : 'string';
    if (text === '') {
      // Only an empty field needs to know whether it was quoted: `""` is '' (NULL for typed columns).
      if (this.#table.nullValues.has('') && !quoted().has(index)) return null;
      return isTextType(type) || type === 'binary' ? parseTypedText(type, '', this.#table) : null;
    }
    if (this.#table.nullValues.has(text) && !quoted().has(index)) return null;
    // A UTF-8 decoder replaces bytes it cannot decode with U+FFFD: the file is probably not UTF-8.
    if (this.#checkDecoding && text.includes('\uFFFD')) return new InvalidSourceValue('undecodable', text);
    return parseTypedText(type, text, this.#table);
  }

  #quotedOf(record: CsvRecord): () => Set<number> {
    let quoted: Set<number> | undefined;
    return () => (quoted ??= quotedFields(record.raw, this.#table.delimiter, this.#table.quote));
  }

  /**
   * The key values of a record as JSON primitives (for read positions): the ordinal, or the declared
   * key columns converted like row values (an invalid value by its raw text, binary as hex).
   */
  keyOf(record: FileRecord): (string | number | boolean | null)[] {
    if (this.#ordinalKey) return [record.ordinal];
    return this.#table.keyColumns.map((column) => keyPrimitive(this.#value(record, column)));
  }

  #value(record: FileRecord, column: string): SourceValue {
    if (record.kind === 'json') {
      const value = record.object[column];
      const type = Object.hasOwn(this.#table.columns, column) ? this.#table.columns[column] : undefined;
      return type ? convertJsonValue(type, value, this.#table) : (value ?? null);
    }
    const i = (this.#names ?? []).indexOf(column);
    return i < 0 || i >= record.fields.length ? null : this.#csvValue(column, record, i, this.#quotedOf(record));
  }

  /** The row of one data record. */
  toRow(record: FileRecord): SourceRow {
    const row: SourceRow = {};
    if (this.#withOrdinal) row[RECORD_ORDINAL_COLUMN] = record.ordinal;
    if (record.kind === 'csv') {
      const names = this.#names ?? [];
      if (record.fields.length !== names.length) {
        throw new SourceFormatError(
          `Table "${this.#table.table}" is not valid CSV: record has ${record.fields.length} fields, expected ${names.length} (line ${record.line}).`,
          { details: { table: this.#table.table, line: record.line, reason: 'CSV_RECORD_INCONSISTENT_COLUMNS' } },
        );
      }
      const quoted = this.#quotedOf(record);
      names.forEach((name, i) => {
        if (this.#wanted(name)) row[name] = this.#csvValue(name, record, i, quoted);
      });
      return row;
    }
    for (const [column, type] of Object.entries(this.#table.columns)) {
      if (this.#wanted(column)) row[column] = convertJsonValue(type, record.object[column], this.#table);
    }
    for (const [key, value] of Object.entries(record.object)) {
      if (!Object.hasOwn(this.#table.columns, key) && this.#wanted(key)) row[key] = value as JsonValue;
    }
    if (this.#projection) {
      for (const column of this.#projection) if (!(column in row)) row[column] = null;
    }
    return row;
  }
}

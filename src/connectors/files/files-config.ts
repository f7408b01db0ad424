/**
 * Configuration of the flat-file connector: a base directory and a list of tables, each one file in
 * CSV or JSON Lines with its format options. Validated once, up front, so that a wrong option fails
 * with a ConfigurationError naming the table and option instead of a parse error half-way through.
 *
 * NULL versus empty string (CSV): an *unquoted* field whose text is in `nullValues` (default `['']`)
 * is `null`; a *quoted* field is always its text, so `""` stays the empty string `''`. A typed column
 * (not `string`/`unknown`) cannot hold `''`, so an empty quoted field there is `null` as well.
 */
import { isAbsolute, resolve } from 'node:path';
import type { NormalizedType } from '../../core/connector/source-value.js';
import { ConfigurationError } from '../../core/errors.js';

/** Encodings a CSV file may declare (decoded with iconv-lite). JSON Lines is always UTF-8. */
export const FILE_ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1'] as const;
/** One of {@link FILE_ENCODINGS}. */
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

/** The synthetic column holding the 1-based record ordinal (header excluded): the default key. */
export const RECORD_ORDINAL_COLUMN = '__record';

/** Options shared by both formats. */
interface FileTableBase {
  /** File path, relative to `baseDir` (or absolute). */
  readonly file: string;
  /**
   * Declared column types. Typed columns are parsed strictly (a value that does not parse becomes an
   * InvalidSourceValue); columns not listed stay strings (CSV) or JSON values (JSON Lines).
   */
  readonly columns?: Readonly<Record<string, NormalizedType>>;
  /**
   * Column(s) that identify a record (unique). When given, read positions carry their values and a
   * resumed read skips up to the record with those values; when omitted the key is the record ordinal
   * `__record`, which is then delivered as a column of every row.
   */
  readonly keyColumn?: string | readonly string[];
  /** Decimal separator of typed decimal/float columns; `'` and `’` are always thousands separators. */
  readonly decimalSeparator?: '.' | ',';
}

/** A CSV file. */
export interface CsvTableConfig extends FileTableBase {
  readonly format: 'csv';
  /** Field delimiter: `,` (default), `;`, `\t`, `|`. */
  readonly delimiter?: string;
  /** Default `utf-8`; a UTF-8 byte order mark is detected and stripped. */
  readonly encoding?: FileEncoding;
  /** The first record holds the column names (default true). */
  readonly header?: boolean;
  /** Column names when `header` is false. */
  readonly columnNames?: readonly string[];
  /** Unquoted field texts that mean NULL (default `['']`). */
  readonly nullValues?: readonly string[];
  /** Quote character (default `"`). */
  readonly quote?: string;
}

/** A JSON Lines file: one JSON object per line, UTF-8; blank lines are ignored. */
export interface JsonLinesTableConfig extends FileTableBase {
  readonly format: 'jsonl';
}

/** One table of the file connector. */
export type FileTableConfig = CsvTableConfig | JsonLinesTableConfig;

/** Configuration of `createFileConnector`. */
export interface FileConnectorConfig {
  /** Source-system name (lineage `sourceSystem`). */
  readonly name: string;
  /** Directory the table files are relative to. */
  readonly baseDir: string;
  /** Table name → file and format. */
  readonly tables: Readonly<Record<string, FileTableConfig>>;
  /**
   * Most rows a joined (right-hand) file of a join source may have: those files are held in memory as
   * a lookup index, so a read fails clearly above this (default 1,000,000).
   */
  readonly joinIndexRowLimit?: number;
}

/** Default of `FileConnectorConfig.joinIndexRowLimit`: lookup tables are small. */
export const DEFAULT_JOIN_INDEX_ROW_LIMIT = 1_000_000;

/** A table config with every default applied and the path resolved. */
export interface ResolvedFileTable {
  readonly table: string;
  readonly path: string;
  readonly format: 'csv' | 'jsonl';
  readonly encoding: FileEncoding;
  readonly delimiter: string;
  readonly quote: string;
  readonly header: boolean;
  readonly columnNames: readonly string[] | undefined;
  readonly nullValues: ReadonlySet<string>;
  readonly columns: Readonly<Record<string, NormalizedType>>;
  /** Key columns; `['__record']` when none is declared. */
  readonly keyColumns: readonly string[];
  readonly decimalSeparator: '.' | ',';
}

const NORMALIZED_TYPES: ReadonlySet<string> = new Set<NormalizedType>([
  'integer',
  'bigint',
  'decimal',
  'float',
  'boolean',
  'string',
  'date',
  'timestamp',
  'timestamptz',
  'time',
  'uuid',
  'binary',
  'json',
  'unknown',
]);

function fail(table: string, what: string): never {
  throw new ConfigurationError(`File table "${table}": ${what}`, { details: { table } });
}

/** Applies defaults and checks one table's options. */
export function resolveFileTable(baseDir: string, table: string, cfg: FileTableConfig): ResolvedFileTable {
  if (typeof cfg.file !== 'string' || cfg.file === '') fail(table, '"file" is required.');
  if (cfg.format !== 'csv' && cfg.format !== 'jsonl') fail(table, '"format" must be "csv" or "jsonl".');
  const columns = cfg.columns ?? {};
  for (const [column, type] of Object.entries(columns)) {
    if (!NORMALIZED_TYPES.has(type)) fail(table, `column "${column}" has unknown type "${String(type)}".`);
  }
  const csv = cfg.format === 'csv' ? cfg : undefined;
  const encoding = csv?.encoding ?? 'utf-8';
  if (!FILE_ENCODINGS.includes(encoding)) fail(table, `"encoding" must be one of ${FILE_ENCODINGS.join(', ')}.`);
  const delimiter = csv?.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '\n' || delimiter === '\r') fail(table, '"delimiter" must be one character.');
  const quote = csv?.quote ?? '"';
  if (quote.length !== 1 || quote === delimiter) fail(table, '"quote" must be one character other than the delimiter.');
  const header = csv?.header ?? true;
  const columnNames = csv?.columnNames;
  if (csv && !header && (!columnNames || columnNames.length === 0)) fail(table, '"columnNames" is required when "header" is false.');
  const decimalSeparator = cfg.decimalSeparator ?? '.';
  const keyColumns = cfg.keyColumn === undefined ? [RECORD_ORDINAL_COLUMN] : typeof cfg.keyColumn === 'string' ? [cfg.keyColumn] : [...cfg.keyColumn];
  if (keyColumns.length === 0 || new Set(keyColumns).size !== keyColumns.length) fail(table, '"keyColumn" must name distinct columns.');
  if (decimalSeparator === delimiter) fail(table, '"decimalSeparator" equals the delimiter.');
  return {
    table,
    path: isAbsolute(cfg.file) ? cfg.file : resolve(baseDir, cfg.file),
    format: cfg.format,
    encoding,
    delimiter,
    quote,
    header,
    columnNames,
    nullValues: new Set(csv?.nullValues ?? ['']),
    columns,
    keyColumns,
    decimalSeparator,
  };
}

/** Validates the whole configuration and resolves every table. */
export function resolveFileConnectorConfig(config: FileConnectorConfig): ReadonlyMap<string, ResolvedFileTable> {
  if (typeof config.name !== 'string' || config.name === '') {
    throw new ConfigurationError('File connector: "name" is required.');
  }
  if (typeof config.baseDir !== 'string' || config.baseDir === '') {
    throw new ConfigurationError('File connector: "baseDir" is required.');
  }
  const tables = new Map<string, ResolvedFileTable>();
  for (const [table, cfg] of Object.entries(config.tables ?? {})) {
    tables.set(table, resolveFileTable(resolve(config.baseDir), table, cfg));
  }
  if (tables.size === 0) throw new ConfigurationError('File connector: "tables" lists no table.');
  return tables;
}

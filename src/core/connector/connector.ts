/**
 * The connector SPI, split like Kysely's dialects: a connector is a small factory of parts (driver,
 * introspector, reader, control totals, writer) plus an adapter with capability flags. Core code talks
 * only to these interfaces and never imports a driver package; each connector lives under
 * `src/connectors/<name>/` and is reached through its own subpath export.
 */
import type { ControlTotalCondition } from './control-total-condition.js';
import type { DeltaFilter } from './delta-filter.js';
import type { JoinSource } from './join-source.js';
import type { NormalizedType, SourceRow, SourceValue } from './source-value.js';
import type { DocumentContentSource, DocumentSourceSpec } from '../documents/document-content-source.js';

/** Capability flags; core branches on these, never on a connector's name. */
export interface ConnectorAdapter {
  /** Stable dialect name, e.g. `postgres`, `mysql`, `mssql`, `csv`, `jsonl`. */
  readonly dialect: string;
  /** DDL can run inside a transaction and roll back. */
  readonly supportsTransactionalDdl: boolean;
  /** The writer can upsert (`INSERT … ON CONFLICT` or equivalent). */
  readonly supportsUpsert: boolean;
  /** Reads stream from a server-side cursor/stream instead of buffering a page. */
  readonly supportsStreaming: boolean;
  /** Control totals are computed inside the source (SQL aggregates). */
  readonly supportsControlTotals: boolean;
  /** The connector can be a write target. */
  readonly supportsWrite: boolean;
  /** Most bind parameters one statement may carry. */
  readonly maxParameters: number;
  /**
   * Reads page by the key columns (keyset pagination, `WHERE key > last ORDER BY key`): a key never
   * appears in two batches of one read, so the engine looks for duplicated keys inside each batch and
   * needs no scan of the whole table before the load. Sources read in file order leave it unset.
   */
  readonly pagesByKey?: boolean;
}

/** Connections and transactions. Created unconnected; `init()` connects, `destroy()` releases all. */
export interface ConnectorDriver {
  /** Opens the pool or handles; a connection failure throws a `ConnectionError`. */
  init(): Promise<void>;
  /** Closes everything `init` opened; safe to call more than once. */
  destroy(): Promise<void>;
  /** Runs a statement in the dialect's SQL with positional parameters. Not available for files. */
  query?(sql: string, params?: readonly unknown[]): Promise<{ rows: SourceRow[]; rowCount: number }>;
  /** Runs `fn` in one transaction: commit when it resolves, roll back when it throws. */
  transaction?<T>(fn: (tx: ConnectorDriver) => Promise<T>): Promise<T>;
}

/** A column as introspected: the raw engine type and its normalised type. */
export interface ColumnMetadata {
  readonly name: string;
  /** As the engine names it, e.g. `int4`, `varchar(40)`, `datetime2(7)`, `tinyint(1)`. */
  readonly dataType: string;
  readonly type: NormalizedType;
  readonly nullable: boolean;
  readonly maxLength?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly unsigned?: boolean;
  /** Character set or file encoding, where known (`latin1`, `utf8mb4`, `windows-1252`). */
  readonly charset?: string;
  /** Made by the connector, not stored in the source (a file's record ordinal key); profiles leave it out. */
  readonly synthetic?: boolean;
}

/** A foreign key as introspected. */
export interface ForeignKeyMetadata {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
}

/** A table (or file) as introspected. */
export interface TableMetadata {
  /** Schema/database the table lives in, where the engine has one. */
  readonly schema?: string;
  readonly name: string;
  readonly columns: readonly ColumnMetadata[];
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly ForeignKeyMetadata[];
  /** Exact row count (COUNT(*)); files count their records. */
  readonly rowCount: number;
}

/** Tables, columns, keys and row counts of a source. */
export interface Introspector {
  /** Names of the tables (and views) the source offers. */
  listTables(): Promise<readonly string[]>;
  /** Columns, keys and foreign keys of one table; an unknown table throws `ObjectNotFoundError`. */
  describeTable(table: string): Promise<TableMetadata>;
}

/**
 * Where a reader stopped: the key of the last row delivered (keyset pagination) or, for files, the
 * ordinal of the last record. JSON-serialisable, so the run ledger can store it.
 */
export interface ReadPosition {
  /** Key column values of the last row delivered, in key order. */
  readonly key: readonly (string | number | boolean | null)[];
  /** Rows delivered so far in this read, including earlier resumed reads when known. */
  readonly rowsRead: number;
}

/**
 * What to read: a table, or (with `join` or `query`) a join or a read-only query, whose rows carry the
 * output column names and are ordered by the declared `keyColumns` (required then).
 */
export interface ReadRequest {
  /** Table (or file path/alias for file connectors); for a join the driving table, for a query its name in errors. */
  readonly table: string;
  /** Reads this join instead of `table` (see `JoinSource`; inner joins return unmatched rows marked, not dropped). */
  readonly join?: JoinSource;
  /** Reads this read-only `SELECT`/`WITH` statement instead of `table` (SQL connectors only). */
  readonly query?: string;
  /** Columns to read; all when omitted. */
  readonly columns?: readonly string[];
  /** Key columns that give a total, stable order; the primary key when omitted (required for a join or query). */
  readonly keyColumns?: readonly string[];
  /** Rows per batch (at least 1). */
  readonly batchSize: number;
  /** Resume after this position (exclusive). */
  readonly after?: ReadPosition;
  /**
   * Delta read: only rows whose `since.column` is greater than `since.after` (or NULL, so an unstamped
   * row is never lost), pushed down into the source query (a SQL `WHERE`, a streamed filter for files).
   */
  readonly since?: DeltaFilter;
  /** Stops the read; the iterator then rejects with a CancelledError and releases its resources. */
  readonly signal?: AbortSignal;
}

/** One batch of rows and the position after its last row. */
export interface RowBatch<R extends SourceRow = SourceRow> {
  readonly rows: readonly R[];
  readonly position: ReadPosition;
}

/** Streams rows in a stable key order, batch by batch, resumable from a position. */
export interface SourceReader {
  /** Streams the rows of one table in batches, in key order, resuming after `request.after` when given. */
  read(request: ReadRequest): AsyncIterableIterator<RowBatch>;
}

/** A control total asked of the source: count and exact sums, optionally per year and per group. */
export interface ControlTotalSpec {
  readonly table: string;
  /** Date column whose calendar year splits the totals. */
  readonly yearColumn?: string;
  /** Further columns to group by (e.g. a booking type). */
  readonly groupBy?: readonly string[];
  /** Money columns (decimal CHF or integer Rappen) to sum exactly. */
  readonly sumColumns?: readonly string[];
  /** Only rows for which every condition holds are counted and summed (e.g. one booking type per entity fed). */
  readonly where?: readonly ControlTotalCondition[];
  /** Rows for which every condition holds add their amounts with the opposite sign (e.g. receipts stored positive). */
  readonly negateWhen?: readonly ControlTotalCondition[];
}

/** One group of a control total. Sums are exact decimal strings as the source stores them. */
export interface ControlTotalRow {
  /** Group values: `year` (number or null) and each groupBy column as text or null. */
  readonly group: Readonly<Record<string, string | number | null>>;
  readonly count: number;
  readonly sums: Readonly<Record<string, string>>;
}

/** Computes control totals inside the source (independent witness for reconciliation). */
export interface ControlTotals {
  /** Counts and exact sums per group, computed in the source, for reconciliation. */
  compute(spec: ControlTotalSpec): Promise<readonly ControlTotalRow[]>;
}

/** Rows to write into a target table. */
export interface WriteRequest {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SourceValue[])[];
  /** `insert` fails on a duplicate key; `upsert` updates the row with the same `keyColumns`. */
  readonly mode: 'insert' | 'upsert';
  readonly keyColumns?: readonly string[];
}

/** Bulk writes where the connector can be a target. */
export interface TableWriter {
  /** Writes rows into one table (for fixtures and loaders); returns how many were written. */
  write(request: WriteRequest): Promise<{ written: number }>;
}

/** A connector: a factory of its parts (Kysely's Dialect shape). */
export interface Connector {
  /** Name of this connector instance, used in lineage (`sourceSystem`) and reports. */
  readonly name: string;
  readonly adapter: ConnectorAdapter;
  /** A new driver (not yet initialised) for this connector's configuration. */
  createDriver(): ConnectorDriver;
  /** Reads the source's schema through an initialised driver. */
  createIntrospector(driver: ConnectorDriver): Introspector;
  /** Reads the source's rows through an initialised driver. */
  createReader(driver: ConnectorDriver): SourceReader;
  /** Computes control totals in the source (absent: the source cannot, reconciliation says so). */
  createControlTotals?(driver: ConnectorDriver): ControlTotals;
  /** Writes rows (absent: the connector is read-only). */
  createWriter?(driver: ConnectorDriver): TableWriter;
  /**
   * Optional ability: reads documents stored in the source (a BLOB column) on `driver`, a driver of
   * their own (the migration's reader may be closed by then). A connector without it has no such documents.
   */
  createDocumentSource?(driver: ConnectorDriver, spec: DocumentSourceSpec): DocumentContentSource;
}

/**
 * The engine's view of a mapping: how one source table turns into canonical records. The declarative
 * mapping DSL (`src/mappings/`) compiles to this interface; engineers may also implement it by hand.
 *
 * Accounting unit: one source row. A row is either filtered by a named rule, quarantined (any
 * error-severity issue in any record it yields, or no record at all: nothing of it is loaded), or
 * loaded (all its records, at least one).
 */
import type { ControlTotalSpec } from '../connector/connector.js';
import type { JoinSource } from '../connector/join-source.js';
import type { SourceRow } from '../connector/source-value.js';
import type { ValidationIssue } from '../model/validation-issue.js';

/** A canonical record produced by a mapping, before validation and load. */
export interface CanonicalRecordDraft {
  /** Canonical entity name, e.g. `person`, `booking`. */
  readonly entity: string;
  /** The record, conforming to the entity's JSON Schema. `id` must be set (use `ctx.id`). */
  readonly record: Record<string, unknown>;
}

/** A named rule that removes a source row on purpose; counted as `filtered` under its name. */
export interface FilterRule {
  /** Stable name shown in reports, e.g. `test-cases`, `closed-before-2015`. */
  readonly name: string;
  /** Why the rule exists (reviewable, shown in the mapping document). */
  readonly description: string;
  /** True when the row is to be filtered out. */
  readonly test: (row: SourceRow) => boolean;
}

/** Helpers the engine passes to `map()`. */
export interface MapContext {
  /** Source-system name (lineage). */
  readonly sourceSystem: string;
  /**
   * Deterministic canonical id of tenant + entity + legacy key under the run's id scheme (UUIDv5, or
   * the ordered UUIDv8 of `options.idScheme: 'ordered'`). References must use it too (never
   * `canonicalId` directly), so that they agree with the referenced record's id under either scheme.
   */
  id(entity: string, ...legacyKey: readonly (string | number | bigint)[]): string;
  /** Pseudonymous reference of the current source row, for issues (never personal data). */
  readonly recordRef: string;
}

/** What `map()` returns for one source row. */
export interface MapResult {
  readonly records: readonly CanonicalRecordDraft[];
  /** Issues found while mapping (unparseable dates, unmapped codes, ...). Errors quarantine the row. */
  readonly issues: readonly ValidationIssue[];
  /**
   * Name of the filter rule that accounts for a row yielding no record on purpose. A row with no
   * record, no error and no filter name is quarantined (`mapping.no_output`), never counted as loaded.
   */
  readonly filtered?: string;
}

/**
 * Control totals a mapping declares: the same figures computed inside the source (by the connector) and
 * in the target (on canonical records of this source system), for reconciliation.
 */
export interface ControlTotalMapping {
  /** What the source computes (table, year column, sum columns in source units). */
  readonly source: ControlTotalSpec;
  /** The canonical entity compared against. */
  readonly entity: string;
  /** Canonical date field whose year matches `source.yearColumn`. */
  readonly yearField?: string;
  /** Source sum column → canonical money field (Rappen). Source sums are CHF decimals unless `sourceUnit` says Rappen. */
  readonly sums?: Readonly<Record<string, string>>;
  /** Unit of the source sum columns. */
  readonly sourceUnit?: 'chf' | 'rappen';
}

/**
 * How a mapping finds what changed since the last delivery.
 *
 * - `snapshot` (the default): every run reads the whole table; the content hash decides what is
 *   written, and rows gone from the table become tombstones.
 * - `stamp`: a modification stamp column (timestamp, date or integer); the next run reads only rows
 *   whose stamp is greater than the last run's high-water mark minus `overlap` (a duration such as
 *   `'15 minutes'`/`'PT15M'` for temporal stamps, whole days for dates, an integer for integer stamps),
 *   so rows stamped late by a slow transaction are not missed. Rows with no stamp are read every time.
 * - `growing-key`: a monotonically growing key (an identity column); the next run reads only rows
 *   with a key greater than the mark: new rows, never edits.
 *
 * Delta modes cannot see deletions: their entities are never tombstoned by a delta run.
 */
export type ChangeDetection =
  | { readonly mode: 'snapshot' }
  | { readonly mode: 'stamp'; readonly column: string; readonly overlap: string | number }
  | { readonly mode: 'growing-key'; readonly column: string };

/** One source table (or query) mapped onto canonical entities. */
export interface SourceMapping {
  /** Stable mapping name; also the accounting unit's name in reports. */
  readonly name: string;
  /** Mapping version pinned in lineage and the report. */
  readonly version: string;
  /** The canonical entity this mapping is reported under (its main output). */
  readonly entity: string;
  /** Every canonical entity it may yield. */
  readonly produces: readonly string[];
  /**
   * Source table and read options. With `join` or `query` the mapping reads that instead (see
   * `ReadRequest`); `table` then names the driving table (join) or the query (reports), and
   * `keyColumns` is required.
   */
  readonly source: {
    readonly table: string;
    readonly join?: JoinSource;
    readonly query?: string;
    readonly keyColumns?: readonly string[];
    readonly columns?: readonly string[];
  };
  /** How changes are found (default: a full snapshot, see {@link ChangeDetection}). */
  readonly changeDetection?: ChangeDetection;
  /** Mappings that must run first because this one references their records. */
  readonly dependsOn?: readonly string[];
  /**
   * False when the source table may legitimately be empty; by default an empty source fails the run
   * (the default thresholds, `DEFAULT_THRESHOLDS`), because an empty export usually means a wrong file.
   */
  readonly expectsRows?: boolean;
  readonly filters?: readonly FilterRule[];
  readonly controlTotals?: readonly ControlTotalMapping[];
  /** Maps one row; must not throw for bad data (return issues instead). */
  map(row: SourceRow, ctx: MapContext): MapResult;
  /** Key of a source row as text, for lineage (defaults to the key columns joined with `|`). */
  sourceKey?(row: SourceRow): string;
}

/**
 * The shape of a declarative mapping, typed against the generated canonical types: `fields` of a
 * `person` yield offer completion on person properties and reject a money transform on a code field.
 */
import type { SourceRow } from '../../core/connector/source-value.js';
import type { JoinSource } from '../../core/connector/join-source.js';
import type { ControlTotalMapping } from '../../core/pipeline/source-mapping.js';
import type { CanonicalEntityName, CanonicalRecordOf } from '../../generated/model/index.js';
import type { AnyFieldRule, FieldRule } from './field-rules.js';

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** Field rules of an entity: every required property (incl. `id`) must have a rule; `lineage` is the engine's. */
export type FieldRules<E extends CanonicalEntityName> = {
  readonly [K in Exclude<RequiredKeys<CanonicalRecordOf<E>>, 'lineage'> & string]-?: FieldRule<CanonicalRecordOf<E>[K]>;
} & {
  readonly [K in Exclude<keyof CanonicalRecordOf<E>, RequiredKeys<CanonicalRecordOf<E>> | 'lineage'> & string]?: FieldRule<CanonicalRecordOf<E>[K]>;
};

/** A condition on the source row, with the columns it reads and why it exists (for the document). */
export interface RowCondition {
  readonly description: string;
  readonly columns: readonly string[];
  /** Sees only the declared columns. */
  readonly test: (row: Readonly<SourceRow>) => boolean;
}

/** One canonical record a source row yields. */
export interface YieldDefinition<E extends CanonicalEntityName> {
  readonly entity: E;
  /** Yield the record only when the condition holds (e.g. an address only when a street is present). */
  readonly when?: RowCondition;
  readonly fields: FieldRules<E>;
}

/** A yield of any entity: a union discriminated by `entity`, so object literals are checked per entity. */
export type AnyYieldDefinition = { [E in CanonicalEntityName]: YieldDefinition<E> }[CanonicalEntityName];

/** A named filter rule: rows for which `test` is true are counted as `filtered` under `name`. */
export interface FilterDefinition extends RowCondition {
  /** Stable kebab-case name shown in reports, e.g. `test-cases`. */
  readonly name: string;
}

/** A table source: one table read in key order. */
export interface TableSourceDefinition {
  readonly table: string;
  readonly keyColumns?: readonly string[];
  /** Columns to read; by default exactly the columns the rules, filters and control totals use. */
  readonly columns?: readonly string[];
}

/**
 * A join source: the driving table `from`, the joined tables and the output columns, keyed by `key`
 * (output names, unique per joined row: a one-to-many join's key includes the joined table's key).
 * Driving rows without a match in an `inner` join are counted as the filter `join-unmatched-<alias>`.
 */
export interface JoinSourceDefinition {
  readonly join: JoinSource & { readonly key: readonly string[] };
  /** Output columns to read; by default exactly the columns the rules and filters use. */
  readonly columns?: readonly string[];
}

/** A query source (SQL connectors): one read-only `SELECT`/`WITH` statement, keyed by `key` (result columns). */
export interface QuerySourceDefinition {
  readonly query: string;
  readonly key: readonly string[];
  /** Result columns to read; by default exactly the columns the rules and filters use. */
  readonly columns?: readonly string[];
}

/** A declarative mapping of one source table (or join, or query) onto canonical entities. */
export interface MappingDefinition {
  /** Stable mapping name (report accounting unit), e.g. `kiss-person`. */
  readonly name: string;
  /** Version of this mapping; code-list pins are appended when it is compiled. */
  readonly version: string;
  /** What the mapping covers, for the document. */
  readonly description?: string;
  /**
   * What the mapping reads: a table, a join of tables (rows carry the output names of `join.columns`,
   * ordered by `join.key`), or a read-only SQL query ordered by `key`. See docs/mappings.md.
   */
  readonly source: TableSourceDefinition | JoinSourceDefinition | QuerySourceDefinition;
  /** Main entity reported for the mapping (default: the first yield's entity). */
  readonly entity?: CanonicalEntityName;
  readonly yields: readonly AnyYieldDefinition[];
  readonly filters?: readonly FilterDefinition[];
  /** Mappings that must run first (those producing the records this one references). */
  readonly dependsOn?: readonly string[];
  readonly controlTotals?: readonly ControlTotalMapping[];
  /**
   * A row whose yields all have a `when` that does not hold yields no record. By default that row is
   * quarantined (`mapping.no_output`); name a filter here when such rows are left out on purpose.
   */
  readonly whenNothingYields?: { readonly filter: string; readonly description: string };
  /** Treat blank or whitespace-only source text as null (absent). Default true. */
  readonly blankAsNull?: boolean;
  /**
   * How a repeated delivery finds what changed (default: a full snapshot every run). `{ stamp, overlap }`:
   * a modification stamp column, read from the last run's high-water mark minus `overlap` (`'15 minutes'`,
   * `'PT15M'`, whole days for a date, an integer for an integer stamp); `{ growingKey }`: a monotonically
   * growing key, read after the mark (new rows only). A delta mapping never detects deletions
   * (docs/deliveries.md).
   */
  readonly delta?: DeltaDeclaration;
}

/** A mapping's delta declaration (see {@link MappingDefinition.delta}). */
export type DeltaDeclaration = { readonly stamp: string; readonly overlap: string | number } | { readonly growingKey: string };

/** A yield after compilation: entity name and rules as plain data (what the document prints). */
export interface CompiledYield {
  readonly entity: string;
  readonly when?: RowCondition;
  readonly fields: readonly { readonly field: string; readonly rule: AnyFieldRule; readonly columns: readonly string[] }[];
}

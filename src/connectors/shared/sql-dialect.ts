/** The few dialect differences the shared SQL builders need. */
import type { NormalizedType } from '../../core/connector/source-value.js';

/** How a SQL dialect spells identifiers, parameters and the operations the builders use. */
export interface SqlDialect {
  /** Quotes one identifier part (`"a"` / `` `a` ``). */
  quoteIdentifier(name: string): string;
  /** The placeholder of the 1-based parameter `index` (`$1` / `?`). */
  placeholder(index: number): string;
  /** Wraps a string-typed key column so comparisons and ORDER BY use a deterministic binary order. */
  deterministicString(expression: string, column: KeyColumnInfo): string;
  /** The calendar year of a date/timestamp expression as an integer, NULL when not a real date. */
  yearOf(expression: string): string;
  /** The expression as text (for group values and exact sums). */
  asText(expression: string): string;
  /**
   * Wraps the placeholder of a resume-key value when the engine would otherwise compare it lossily
   * (MySQL compares a BIGINT with a string parameter as DOUBLE).
   */
  castParameter?(placeholder: string, column: KeyColumnInfo): string;
  /** The delta bound (normalised text, `ReadRequest.since`) as the engine accepts it as a parameter. */
  stampParameter?(value: string, column: KeyColumnInfo): unknown;
}

/** What the keyset builder needs to know about one key column. */
export interface KeyColumnInfo {
  readonly name: string;
  /** String-typed keys get a deterministic collation. */
  readonly isString: boolean;
  /** The normalised type, when known. */
  readonly type?: NormalizedType;
  /** The column's collation, when known (a binary one needs no wrapping). */
  readonly collation?: string;
  /** The column's character set, when known. */
  readonly charset?: string;
}

/** Quotes a possibly schema-qualified name (`schema.table`) part by part. */
export function qualifiedName(dialect: SqlDialect, schema: string | undefined, table: string): string {
  return schema ? `${dialect.quoteIdentifier(schema)}.${dialect.quoteIdentifier(table)}` : dialect.quoteIdentifier(table);
}

/**
 * The source profile: what a legacy source holds before anything is mapped (tables, row counts, per
 * column null share, distinct counts, min/max, frequent values, date formats, encodings). A versioned
 * JSON document; personal-looking columns carry counts only.
 */
import type { NormalizedType } from '../connector/source-value.js';
import type { PersonalReason } from './personal-data-heuristics.js';

/** Version of the profile format. */
export const SOURCE_PROFILE_VERSION = '2';

/** How a column's min/max are ordered: as calendar dates, as exact numbers, or as text. */
export type ValueKind = 'date' | 'number' | 'text';

/** The profile of one column. */
export interface ColumnProfile {
  readonly name: string;
  /** Type as the source names it. */
  readonly dataType: string;
  readonly type: NormalizedType;
  /** Character set or file encoding, where the source reports one. */
  readonly charset?: string;
  /**
   * Why the column's values are hidden, or null when they are shown. `undeclared`: a text or date
   * column not declared non-personal (private by default).
   */
  readonly personal: readonly PersonalReason[] | null;
  /** Rows scanned. */
  readonly rows: number;
  readonly nulls: number;
  readonly nonNull: number;
  /** nulls / rows, rounded to 4 places. */
  readonly nullShare: number;
  /** Blank texts (not null). */
  readonly empty: number;
  /** Values the connector could not represent (zero dates, undecodable bytes). */
  readonly invalid: number;
  /** Texts with a date's shape but no such day (31.02.2019), plus invalid dates the connector found. */
  readonly invalidDates: number;
  /** How min/max are ordered; absent when the column holds no value. */
  readonly valueKind?: ValueKind;
  /** Earliest and latest year of a date column whose values are hidden. */
  readonly yearRange?: { readonly min: number; readonly max: number };
  /** Distinct values; `atLeast` when the tracking cap was reached (the count is then a lower bound). */
  readonly distinct: { readonly count: number; readonly atLeast: boolean };
  /** Text lengths (texts only). */
  readonly length: { readonly min: number; readonly max: number; readonly mean: number } | null;
  /** Text values per recognised date format. */
  readonly dateFormats: Readonly<Record<string, number>>;
  /** Smallest and largest value in `valueKind` order, dates as `YYYY-MM-DD` (shown columns only). */
  readonly min?: string;
  readonly max?: string;
  /** Most frequent values with at least the minimum count (non-personal columns only). */
  readonly topValues?: readonly { readonly value: string; readonly count: number }[];
  /** Distinct values not shown because they occur fewer times than the minimum count. */
  readonly suppressedValues?: number;
}

/** The profile of one table (or file). */
export interface TableProfile {
  readonly name: string;
  /** Row count as introspected. */
  readonly rowCount: number;
  /** Rows actually scanned (less than rowCount with a row limit). */
  readonly rowsScanned: number;
  readonly primaryKey: readonly string[];
  /** Detected or declared file encoding / CSV delimiter (file sources). */
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly columns: readonly ColumnProfile[];
}

/** The profile document. */
export interface SourceProfile {
  readonly profileVersion: typeof SOURCE_PROFILE_VERSION;
  readonly source: string;
  readonly dialect: string;
  readonly generatedAt: string;
  readonly limits: { readonly distinctCap: number; readonly topN: number; readonly minCount: number; readonly maxRows: number | null };
  readonly tables: readonly TableProfile[];
}

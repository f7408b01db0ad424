/**
 * Thresholds turn counts into a verdict: per entity (or mapping) and rule, an absolute count and/or a
 * percentage of the extracted rows, with a severity. A breached `error` threshold fails the run, a
 * breached `warning` threshold makes it `passed_with_warnings`.
 */

/** What a threshold counts. */
export type ThresholdMetric =
  /** Rows read from the mapping's source (with `minCount`: an empty source table fails). */
  | 'extracted'
  /** All quarantined rows. */
  | 'quarantined'
  /** All filtered rows. */
  | 'filtered'
  /** Rows loaded with at least one warning. */
  | 'warnings'
  /** Records in duplicate groups. */
  | 'duplicates'
  /** Quarantined rows with this issue code, e.g. `issue:schema.required`. */
  | `issue:${string}`
  /** Rows filtered by this rule, e.g. `filter:test-cases`. */
  | `filter:${string}`
  /** Error-severity findings of the case-level checks (evaluated once per run, against the cases checked). */
  | 'case-errors'
  /** Case-level findings with this code, any severity, e.g. `case:booking.before_case_opened`. */
  | `case:${string}`;

/** True for the metrics counted over the case-level checks rather than per mapping. */
export function isCaseMetric(metric: ThresholdMetric): metric is 'case-errors' | `case:${string}` {
  return metric === 'case-errors' || metric.startsWith('case:');
}

/** One threshold rule. */
export interface ThresholdRule {
  /** Mapping name or reporting entity; `*` (default) applies to every mapping separately. */
  readonly entity?: string;
  readonly metric: ThresholdMetric;
  /** Breached when the count is greater than this. */
  readonly maxCount?: number;
  /** Breached when count / extracted × 100 is greater than this. */
  readonly maxPercent?: number;
  /** Breached when the count is less than this (e.g. `extracted` at least 1: the source is not empty). */
  readonly minCount?: number;
  readonly severity: 'warning' | 'error';
}

/** The counts a threshold is evaluated against, for one mapping. */
export interface ThresholdSubject {
  readonly mapping: string;
  readonly entity: string;
  readonly extracted: number;
  readonly filtered: number;
  readonly filteredByRule: Readonly<Record<string, number>>;
  readonly quarantined: number;
  readonly quarantinedByCode: Readonly<Record<string, number>>;
  readonly warnings: number;
  readonly duplicates: number;
  /** False when the mapping declared that its source may be empty (`SourceMapping.expectsRows`). */
  readonly expectsRows?: boolean;
}

/** One threshold evaluated for one mapping. */
export interface ThresholdResult {
  readonly mapping: string;
  readonly entity: string;
  readonly metric: ThresholdMetric;
  readonly severity: 'warning' | 'error';
  readonly count: number;
  readonly percent: number;
  readonly maxCount: number | null;
  readonly maxPercent: number | null;
  /** Set by rules with `minCount` (absent in reports written before it existed). */
  readonly minCount?: number | null;
  readonly breached: boolean;
  /** Set on the rule the engine applies by itself: case-level error findings no threshold allows fail the run. */
  readonly implicit?: boolean;
}

/**
 * The thresholds a commune gets without configuring any (the CLI applies them to a config without
 * `options.thresholds`; library callers pass them as `MigrationOptions.thresholds`): more than 5 % of a
 * mapping's rows quarantined fails the run, and so does a mapping whose source table (or file) had no
 * row at all, unless the mapping declares `expectsRows: false`, and any row whose text was decoded with
 * the wrong encoding (`source.encoding_mismatch`). Configured thresholds (even `[]`)
 * replace them.
 */
export const DEFAULT_THRESHOLDS: readonly ThresholdRule[] = Object.freeze([
  { metric: 'quarantined', maxPercent: 5, severity: 'error' },
  { metric: 'extracted', minCount: 1, severity: 'error' },
  // One misdecoded row means the declared encoding of the whole file is wrong: every umlaut in it is mojibake.
  { metric: 'issue:source.encoding_mismatch', maxCount: 0, severity: 'error' },
]);

/** Evaluates every rule against every mapping it applies to. */
export function evaluateThresholds(rules: readonly ThresholdRule[], subjects: readonly ThresholdSubject[]): ThresholdResult[] {
  const results: ThresholdResult[] = [];
  for (const rule of rules) {
    if (isCaseMetric(rule.metric)) continue;
    const target = rule.entity ?? '*';
    for (const subject of subjects) {
      if (target !== '*' && target !== subject.mapping && target !== subject.entity) continue;
      if (rule.minCount !== undefined && rule.metric === 'extracted' && subject.expectsRows === false) continue;
      const count = countOf(rule.metric, subject);
      const percent = subject.extracted === 0 ? 0 : (count / subject.extracted) * 100;
      const breached =
        (rule.maxCount !== undefined && count > rule.maxCount) ||
        (rule.maxPercent !== undefined && percent > rule.maxPercent) ||
        (rule.minCount !== undefined && count < rule.minCount);
      results.push({
        mapping: subject.mapping,
        entity: subject.entity,
        metric: rule.metric,
        severity: rule.severity,
        count,
        percent: Math.round(percent * 100) / 100,
        maxCount: rule.maxCount ?? null,
        maxPercent: rule.maxPercent ?? null,
        minCount: rule.minCount ?? null,
        breached,
      });
    }
  }
  return results;
}

function countOf(metric: ThresholdMetric, s: ThresholdSubject): number {
  if (metric === 'extracted') return s.extracted;
  if (metric === 'quarantined') return s.quarantined;
  if (metric === 'filtered') return s.filtered;
  if (metric === 'warnings') return s.warnings;
  if (metric === 'duplicates') return s.duplicates;
  if (metric.startsWith('issue:')) return s.quarantinedByCode[metric.slice('issue:'.length)] ?? 0;
  return s.filteredByRule[metric.slice('filter:'.length)] ?? 0;
}

/** Final status of a run. */
export type RunStatus = 'passed' | 'passed_with_warnings' | 'failed' | 'cancelled';

/**
 * Process exit code for a run status: 0 passed; 0 passed with warnings (1 with `strict`); 2 failed;
 * 3 failed because the accounting is unbalanced; 130 cancelled (like SIGINT).
 */
export function exitCodeFor(report: { readonly status: RunStatus; readonly unbalanced: boolean }, strict = false): number {
  if (report.status === 'cancelled') return 130;
  if (report.unbalanced) return 3;
  if (report.status === 'failed') return 2;
  if (report.status === 'passed_with_warnings') return strict ? 1 : 0;
  return 0;
}

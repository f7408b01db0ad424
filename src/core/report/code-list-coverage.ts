/**
 * Code-list coverage as the run report carries it: per code-list map, how many source rows had each
 * source code mapped, unmapped, unapproved or defaulted. Reports carry known codes only; any value the
 * map does not know is replaced by a keyed pseudonym (`protectCodeListCoverage`);
 * counts are exact here, and renderers suppress small ones. The mappings package counts (its
 * `CodeCoverage`); the engine collects the counts of every mapping that offers them into the report.
 */

/** Lookup counts by outcome. */
export interface CodeCounts {
  readonly mapped: number;
  readonly unmapped: number;
  readonly unapproved: number;
  readonly defaulted: number;
  readonly total: number;
}

/** Counts of one source code. */
export interface CodeCoverageRow extends CodeCounts {
  /** The source code when the map knows it; in reports an unknown value is `unknown #<pseudonym> (<length> chars)` (`protectCodeListCoverage`). */
  readonly sourceCode: string;
  /** Set in reports: whether the code-list map knew the code (false: `sourceCode` is a pseudonym). */
  readonly known?: boolean;
  /** Set in reports for unknown codes: the value's length class (`1-3`, `4-8`, `9-16`, `17+`). */
  readonly lengthClass?: string;
  readonly mapped: number;
  readonly unmapped: number;
  readonly unapproved: number;
  readonly defaulted: number;
  readonly total: number;
}

/** Coverage of one code-list map. */
export interface CodeListCoverage {
  readonly codeList: string;
  /** The pin (`id@version#fingerprint`) of the map used. */
  readonly pin: string;
  readonly totals: CodeCounts;
  /** Source codes by descending frequency, then code. */
  readonly codes: readonly CodeCoverageRow[];
}

/** A mapping that counts its code-list lookups (the compiled declarative mappings do). */
export interface CodeCoverageSource {
  /** Coverage since compilation or the last reset. */
  coverage(): readonly CodeListCoverage[];
  /** Forgets the counts (the engine calls it when a run starts). */
  resetCoverage(): void;
}

/** Whether a mapping offers code-list coverage. */
export function hasCodeCoverage<T>(value: T): value is T & CodeCoverageSource {
  const c = value as { coverage?: unknown; resetCoverage?: unknown } | null;
  return typeof c === 'object' && c !== null && typeof c.coverage === 'function' && typeof c.resetCoverage === 'function';
}

const COUNT_KEYS = ['mapped', 'unmapped', 'unapproved', 'defaulted', 'total'] as const;
type Counts = Record<(typeof COUNT_KEYS)[number], number>;

function add(into: Counts, from: CodeCounts): void {
  for (const k of COUNT_KEYS) into[k] += from[k];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One entry per code list: several mappings using the same map are summed code by code. Codes are
 * sorted by descending frequency, then code; lists by id. When two mappings pinned different versions
 * of one list, the pins are joined with `,` so the report shows that both were in use.
 */
export function mergeCodeListCoverage(list: readonly CodeListCoverage[]): CodeListCoverage[] {
  const byList = new Map<string, { pins: Set<string>; totals: Counts; codes: Map<string, Counts> }>();
  for (const c of list) {
    let acc = byList.get(c.codeList);
    if (acc === undefined) byList.set(c.codeList, (acc = { pins: new Set(), totals: zero(), codes: new Map() }));
    acc.pins.add(c.pin);
    add(acc.totals, c.totals);
    for (const row of c.codes) {
      let counts = acc.codes.get(row.sourceCode);
      if (counts === undefined) acc.codes.set(row.sourceCode, (counts = zero()));
      add(counts, row);
    }
  }
  return [...byList.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([codeList, acc]) => ({
      codeList,
      pin: [...acc.pins].sort(byText).join(','),
      totals: acc.totals,
      codes: [...acc.codes.entries()]
        .map(([sourceCode, counts]) => ({ sourceCode, ...counts }))
        .sort((a, b) => b.total - a.total || byText(a.sourceCode, b.sourceCode)),
    }));
}

function zero(): Counts {
  return { mapped: 0, unmapped: 0, unapproved: 0, defaulted: 0, total: 0 };
}

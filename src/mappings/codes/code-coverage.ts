/**
 * Coverage of code-list maps in a run: per map and source code, how many rows were mapped, unmapped,
 * unapproved or defaulted. Counts are exact in memory; rendered tables suppress counts below 5 (`<5`)
 * so that a rare code cannot point at one person.
 */
import type { CodeListCoverage } from '../../core/report/code-list-coverage.js';
import type { CodeOutcome } from './code-list-policy.js';

/** The suppression rule lives in core (the reports apply it); re-exported for mapping authors. */
export { SMALL_COUNT_THRESHOLD, suppressSmall } from '../../core/report/small-counts.js';
import { suppressSmall } from '../../core/report/small-counts.js';

/** The coverage shapes live in core (the run report carries them); re-exported for mapping authors. */
export type { CodeCoverageRow, CodeListCoverage } from '../../core/report/code-list-coverage.js';

type Counts = Record<CodeOutcome, number>;

/** Accumulates lookup outcomes per map and source code. */
export class CodeCoverage {
  readonly #maps = new Map<string, { pin: string; codes: Map<string, Counts> }>();

  /** Counts one lookup. */
  record(codeList: string, pin: string, sourceCode: string, outcome: CodeOutcome): void {
    let map = this.#maps.get(codeList);
    if (map === undefined) this.#maps.set(codeList, (map = { pin, codes: new Map() }));
    let counts = map.codes.get(sourceCode);
    if (counts === undefined) map.codes.set(sourceCode, (counts = { mapped: 0, unmapped: 0, unapproved: 0, defaulted: 0 }));
    counts[outcome] += 1;
  }

  /** Forgets all counts (e.g. before a new run with the same compiled mapping). */
  reset(): void {
    this.#maps.clear();
  }

  /** Exact coverage per map, sorted by map id. */
  snapshot(): readonly CodeListCoverage[] {
    return [...this.#maps.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([codeList, { pin, codes }]) => {
        const rows = [...codes.entries()].map(([sourceCode, c]) => ({ sourceCode, ...c, total: c.mapped + c.unmapped + c.unapproved + c.defaulted }));
        rows.sort((a, b) => b.total - a.total || (a.sourceCode < b.sourceCode ? -1 : a.sourceCode > b.sourceCode ? 1 : 0));
        const totals = { mapped: 0, unmapped: 0, unapproved: 0, defaulted: 0, total: 0 };
        for (const r of rows) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
        return { codeList, pin, totals, codes: rows };
      });
  }
}

/** Renders coverage as Markdown tables (one per map), small counts suppressed. */
export function renderCodeCoverageMarkdown(coverage: readonly CodeListCoverage[]): string {
  const out: string[] = [];
  for (const c of coverage) {
    out.push(`### Code list \`${c.pin}\``, '');
    out.push(
      `Rows: ${suppressSmall(c.totals.total)}; mapped ${suppressSmall(c.totals.mapped)}, unmapped ${suppressSmall(c.totals.unmapped)}, unapproved ${suppressSmall(c.totals.unapproved)}, defaulted ${suppressSmall(c.totals.defaulted)}.`,
      '',
    );
    out.push('| source code | rows | mapped | unmapped | unapproved | defaulted |', '|---|---:|---:|---:|---:|---:|');
    for (const r of c.codes) {
      out.push(
        `| \`${r.sourceCode.replace(/[|`]/g, '\\$&')}\` | ${[r.total, r.mapped, r.unmapped, r.unapproved, r.defaulted].map(suppressSmall).join(' | ')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

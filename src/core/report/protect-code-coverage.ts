/**
 * What the reports may show of source codes: a code the code-list map knows (an entry with a target)
 * appears as it is; any other value of a code column is shown by keyed pseudonym and length class only.
 * Clerks type names, AHV numbers and notes into code columns; the report must not carry them (JSON,
 * HTML and Markdown are all rendered from the protected coverage).
 */
import type { PseudonymKey } from '../pseudonyms/pseudonym-key.js';
import type { CodeCoverageRow, CodeListCoverage } from './code-list-coverage.js';

/** Length classes of an unknown value: enough to tell a typo'd code from a pasted sentence, no more. */
export function lengthClass(value: string): string {
  const n = [...value].length;
  if (n <= 3) return '1-3';
  if (n <= 8) return '4-8';
  if (n <= 16) return '9-16';
  return '17+';
}

/** The display form of an unknown source code: `unknown #<10 hex> (<length class> chars)`. */
export function unknownCodeLabel(codeList: string, sourceCode: string, key: PseudonymKey): string {
  return `unknown #${key.digest('code', codeList, sourceCode).slice(0, 10)} (${lengthClass(sourceCode)} chars)`;
}

/** Whether the map knew the code: some lookup found an entry with a target (mapped or still proposed). */
function isKnown(row: CodeCoverageRow): boolean {
  return row.mapped + row.unapproved > 0;
}

/**
 * The coverage as reports may carry it: known codes unchanged (marked `known: true`), every other
 * code replaced by its {@link unknownCodeLabel} (marked `known: false` with its length class). Counts
 * are untouched; rows are re-sorted by frequency, then label. Idempotent: protected rows pass unchanged.
 */
export function protectCodeListCoverage(list: readonly CodeListCoverage[], key: PseudonymKey): CodeListCoverage[] {
  return list.map((c) => ({
    ...c,
    codes: c.codes
      // A row already protected (`known` set) stays as it is: protecting twice would label the label.
      .map(
        (row): CodeCoverageRow =>
          row.known !== undefined
            ? row
            : isKnown(row)
              ? { ...row, known: true }
              : { ...row, sourceCode: unknownCodeLabel(c.codeList, row.sourceCode, key), known: false, lengthClass: lengthClass(row.sourceCode) },
      )
      .sort((a, b) => b.total - a.total || (a.sourceCode < b.sourceCode ? -1 : a.sourceCode > b.sourceCode ? 1 : 0)),
  }));
}

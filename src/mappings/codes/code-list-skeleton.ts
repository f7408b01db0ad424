/**
 * The CSV skeleton of a code-list map: every extracted code with status `proposed`, for commune staff to
 * fill in and approve in a spreadsheet. Frequencies below 5 are written as `<5` (a rare code can point at
 * one person). Codes already in an existing map keep their row as it is, so re-extracting never loses
 * approvals; codes no longer seen in the source keep their row too.
 */
import type { CodeListMap } from './code-list-map.js';
import { CODE_LIST_MAP_COLUMNS } from './code-list-map.js';
import { codeKey } from './code-list-map.js';
import { suppressSmall } from './code-coverage.js';
import type { ExtractedCodes } from './extract-codes.js';

/** Options of {@link writeCodeListSkeleton}. */
export interface SkeletonOptions {
  /** Delimiter (default `;`, what Swiss spreadsheet software expects). */
  readonly delimiter?: ';' | ',';
  /** An existing map whose rows are kept (matching by source code). */
  readonly existing?: CodeListMap;
}

/** Writes the skeleton CSV text (header plus one row per code, UTF-8 with BOM for spreadsheet software). */
export function writeCodeListSkeleton(extracted: ExtractedCodes, options: SkeletonOptions = {}): string {
  const delimiter = options.delimiter ?? ';';
  const header = [...CODE_LIST_MAP_COLUMNS, 'frequency'];
  const lines = [header.join(delimiter)];
  const seen = new Set<string>();
  const existing = options.existing;
  for (const c of extracted.codes) {
    const key = codeKey(c.code, existing?.ignoreCase ?? false);
    seen.add(key);
    const kept = existing?.entries.get(key);
    const cells = kept
      ? [kept.sourceCode, kept.sourceLabel ?? c.label ?? '', kept.targetCode ?? '', kept.status, kept.approvedBy ?? '', kept.approvedAt ?? '', kept.note ?? '']
      : [c.code, c.label ?? '', '', 'proposed', '', '', ''];
    lines.push([...cells, suppressSmall(c.frequency)].map((v) => csvCell(v, delimiter)).join(delimiter));
  }
  for (const [key, e] of existing?.entries ?? []) {
    if (seen.has(key)) continue;
    const cells = [e.sourceCode, e.sourceLabel ?? '', e.targetCode ?? '', e.status, e.approvedBy ?? '', e.approvedAt ?? '', e.note ?? '', '0'];
    lines.push(cells.map((v) => csvCell(v, delimiter)).join(delimiter));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Quotes a CSV cell when it holds the delimiter, a quote, a line break or edge whitespace (RFC 4180). */
export function csvCell(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

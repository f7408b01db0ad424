/**
 * HTML and Markdown of the report's `delta` section: per mapping whether it read a full snapshot or
 * a delta (stamp or growing key), the bound it read after and the mark it leaves for the next run.
 */
import type { DeltaMappingReport, DeltaSection } from '../pipeline/delta-reads.js';
import { escapeHtml, table } from './html-kit.js';
import { mdTable } from './markdown-kit.js';

const HEADERS = ['Mapping', 'Mode', 'Column', 'Read after', { text: 'Rows read', num: true }, 'Mark now'] as const;

function mode(m: DeltaMappingReport): string {
  if (m.mode === 'snapshot') return 'full snapshot';
  return m.mode === 'stamp' ? `stamp (overlap ${String(m.overlap ?? 0)})` : 'growing key';
}

function markText(m: DeltaMappingReport): string {
  if (m.mode === 'snapshot') return '—';
  if (m.mark === null || m.mark === undefined) return 'none';
  return m.markCommitted === true ? m.mark : `${m.mark} (not stored)`;
}

function cells(m: DeltaMappingReport): [string, string, string, string, number, string] {
  return [m.mapping, mode(m), m.column ?? '—', m.mode === 'snapshot' ? '—' : (m.readAfter ?? 'everything (no mark yet)'), m.rowsRead, markText(m)];
}

const NOTE = 'A delta read cannot see deletions: only full-snapshot mappings tombstone records gone from the source. Marks advance only with a finished real run.';

/** The delta section as HTML. */
export function deltaSectionHtml(section: DeltaSection): string {
  return table([...HEADERS], section.mappings.map(cells)) + `<p class="muted">${escapeHtml(NOTE)}</p>`;
}

/** The delta section as Markdown. */
export function deltaSectionMarkdown(section: DeltaSection): string {
  return mdTable(['Mapping', 'Mode', 'Column', 'Read after', '#Rows read', 'Mark now'], section.mappings.map(cells)) + `\n${NOTE}\n`;
}

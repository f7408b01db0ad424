/**
 * HTML and Markdown of the report's `delta` section: per mapping whether it read a full snapshot or
 * a delta (stamp or growing key), the bound it read after and the mark it leaves for the next run.
 */
import type { DeltaMappingReport, DeltaSection } from '../pipeline/delta-reads.js';
import { escapeHtml, table } from './html-kit.js';
import { reportMessages, type ReportMessages } from './i18n/report-messages.js';
import { mdTable } from './markdown-kit.js';

const EN = reportMessages('en');

function mode(d: DeltaMappingReport, m: ReportMessages): string {
  if (d.mode === 'snapshot') return m.delta.snapshot;
  return d.mode === 'stamp' ? m.delta.stamp(String(d.overlap ?? 0)) : m.delta.growingKey;
}

function markText(d: DeltaMappingReport, m: ReportMessages): string {
  if (d.mode === 'snapshot') return '—';
  if (d.mark === null || d.mark === undefined) return m.delta.noMark;
  return d.markCommitted === true ? d.mark : m.delta.notStored(d.mark);
}

function cells(d: DeltaMappingReport, m: ReportMessages): [string, string, string, string, number, string] {
  return [d.mapping, mode(d, m), d.column ?? '—', d.mode === 'snapshot' ? '—' : (d.readAfter ?? m.delta.everything), d.rowsRead, markText(d, m)];
}

/** The delta section as HTML. */
export function deltaSectionHtml(section: DeltaSection, m: ReportMessages = EN): string {
  const headers = [m.delta.mapping, m.delta.mode, m.delta.column, m.delta.readAfter, { text: m.delta.rowsRead, num: true as const }, m.delta.markNow];
  return `${table(
    headers,
    section.mappings.map((d) => cells(d, m)),
  )}<p class="muted">${escapeHtml(m.delta.note)}</p>`;
}

/** The delta section as Markdown. */
export function deltaSectionMarkdown(section: DeltaSection, m: ReportMessages = EN): string {
  return `${mdTable(
    [m.delta.mapping, m.delta.mode, m.delta.column, m.delta.readAfter, `#${m.delta.rowsRead}`, m.delta.markNow],
    section.mappings.map((d) => cells(d, m)),
  )}\n${m.delta.note}\n`;
}

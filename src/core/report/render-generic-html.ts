/**
 * Renders an optional report section whose shape another component owns (statistics readiness,
 * documents): arrays of objects become tables, objects become key/value tables, scalars text. All
 * values escaped; lists capped so that a large section cannot blow up the page.
 */
import { escapeHtml, formatCount, table as kitTable, type Cell } from './html-kit.js';
import { reportMessages, type ReportMessages } from './i18n/report-messages.js';

const EN = reportMessages('en');

/** Most rows rendered per list. */
const MAX_ROWS = 200;

/** Renders any JSON value as HTML. */
export function renderGenericHtml(value: unknown, depth = 0, m: ReportMessages = EN): string {
  const table = (headers: readonly Cell[], rows: readonly (readonly Cell[])[]): string => kitTable(headers, rows, { empty: m.none });
  if (value === null || value === undefined) return '<span class="muted">—</span>';
  if (typeof value !== 'object') return escapeHtml(typeof value === 'number' ? formatCount(value) : String(value));
  if (depth > 3) return `<code>${escapeHtml(JSON.stringify(value).slice(0, 200))}</code>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `<p class="muted">${escapeHtml(m.none)}</p>`;
    if (value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
      const keys = [...new Set(value.slice(0, MAX_ROWS).flatMap((v) => Object.keys(v as object)))];
      const rows = value.slice(0, MAX_ROWS).map((v) => keys.map((k) => toCell((v as Record<string, unknown>)[k], depth, m)));
      return table(keys, rows) + more(value.length, m);
    }
    return `<ul>${value
      .slice(0, MAX_ROWS)
      .map((v) => `<li>${renderGenericHtml(v, depth + 1, m)}</li>`)
      .join('')}</ul>${more(value.length, m)}`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return (
    table(
      [m.item, m.value],
      entries.slice(0, MAX_ROWS).map(([k, v]) => [{ html: `<b>${escapeHtml(k)}</b>` }, toCell(v, depth, m)]),
    ) + more(entries.length, m)
  );
}

function toCell(v: unknown, depth: number, m: ReportMessages): Cell {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? m.yes : m.no;
  return { html: renderGenericHtml(v, depth + 1, m) };
}

function more(n: number, m: ReportMessages): string {
  return n > MAX_ROWS ? `<p class="muted">${escapeHtml(m.moreNotShown(formatCount(n - MAX_ROWS)))}</p>` : '';
}

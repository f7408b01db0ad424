/**
 * Renders an optional report section whose shape another component owns (statistics readiness,
 * documents): arrays of objects become tables, objects become key/value tables, scalars text. All
 * values escaped; lists capped so that a large section cannot blow up the page.
 */
import { escapeHtml, formatCount, table, type Cell } from './html-kit.js';

/** Most rows rendered per list. */
const MAX_ROWS = 200;

/** Renders any JSON value as HTML. */
export function renderGenericHtml(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '<span class="muted">—</span>';
  if (typeof value !== 'object') return escapeHtml(typeof value === 'number' ? formatCount(value) : String(value));
  if (depth > 3) return `<code>${escapeHtml(JSON.stringify(value).slice(0, 200))}</code>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '<p class="muted">None.</p>';
    if (value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
      const keys = [...new Set(value.slice(0, MAX_ROWS).flatMap((v) => Object.keys(v as object)))];
      const rows = value.slice(0, MAX_ROWS).map((v) => keys.map((k) => toCell((v as Record<string, unknown>)[k], depth)));
      return table(keys, rows) + more(value.length);
    }
    return `<ul>${value.slice(0, MAX_ROWS).map((v) => `<li>${renderGenericHtml(v, depth + 1)}</li>`).join('')}</ul>${more(value.length)}`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return table(['Item', 'Value'], entries.slice(0, MAX_ROWS).map(([k, v]) => [{ html: `<b>${escapeHtml(k)}</b>` }, toCell(v, depth)])) + more(entries.length);
}

function toCell(v: unknown, depth: number): Cell {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return { html: renderGenericHtml(v, depth + 1) };
}

function more(n: number): string {
  return n > MAX_ROWS ? `<p class="muted">${escapeHtml(formatCount(n - MAX_ROWS))} more not shown.</p>` : '';
}

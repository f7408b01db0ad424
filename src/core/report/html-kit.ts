/**
 * Building blocks of casebridge's self-contained HTML reports (run report, profile report): escaping,
 * the page shell with inline CSS, tables, status badges and small inline SVG charts. No external
 * assets, no scripts: a report opens from a mail attachment or a file share, offline.
 */
import { swissDecimal, swissInteger } from './i18n/swiss-format.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c] ?? c);
}

/** A whole number with Swiss thousands separators (1'234'567), the same in every report language. */
export function formatCount(n: number): string {
  return swissInteger(n);
}

/** Milliseconds as `1.2 s` / `340 ms` (SI units read the same in every language). */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${swissDecimal(ms / 1000, 1)} s` : `${Math.round(ms)} ms`;
}

/** Tone of a badge or figure. */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

/** A coloured status pill. */
export function badge(text: string, tone: Tone): string {
  return `<span class="badge ${tone}">${escapeHtml(text)}</span>`;
}

/** A cell: plain text (escaped) or pre-rendered HTML. */
export type Cell = string | number | { readonly html: string } | { readonly text: string; readonly num: true };

function cell(c: Cell, tag: 'td' | 'th'): string {
  if (typeof c === 'number') return `<${tag} class="num">${escapeHtml(formatCount(c))}</${tag}>`;
  if (typeof c === 'string') return `<${tag}>${escapeHtml(c)}</${tag}>`;
  if ('html' in c) return `<${tag}>${c.html}</${tag}>`;
  return `<${tag} class="num">${escapeHtml(c.text)}</${tag}>`;
}

/** A table; numeric columns right-aligned. `caption` is for screen readers and tests. */
export function table(
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  options: { caption?: string; footer?: readonly Cell[]; empty?: string } = {},
): string {
  if (rows.length === 0) return `<p class="muted">${escapeHtml(options.empty ?? 'None.')}</p>`;
  const caption = options.caption !== undefined ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  const head = `<thead><tr>${headers.map((h) => cell(h, 'th')).join('')}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody>`;
  const foot = options.footer !== undefined ? `<tfoot><tr>${options.footer.map((c) => cell(c, 'td')).join('')}</tr></tfoot>` : '';
  return `<div class="table-wrap"><table>${caption}${head}${body}${foot}</table></div>`;
}

/** A summary tile: a big figure with a label; `figure` names it for tests and scripts in every language (default: the label). */
export function tile(label: string, value: string, tone: Tone = 'info', hint?: string, figure: string = label): string {
  return `<div class="tile ${tone}"><div class="tile-value" data-figure="${escapeHtml(figure)}">${escapeHtml(value)}</div><div class="tile-label">${escapeHtml(label)}</div>${hint !== undefined ? `<div class="tile-hint">${escapeHtml(hint)}</div>` : ''}</div>`;
}

/** A section with an anchor id, title and body. */
export function section(id: string, title: string, body: string, intro?: string): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>${intro !== undefined ? `<p class="intro">${escapeHtml(intro)}</p>` : ''}${body}</section>`;
}

const PALETTE = { loaded: '#2e7d5b', filtered: '#8a94a6', quarantined: '#c0392b', bar: '#2f5d8a' } as const;

/** One segment of a stacked bar. */
export interface Segment {
  readonly label: string;
  readonly value: number;
  readonly color: string;
}

/** A horizontal stacked bar (100 % width) with an accessible title. */
export function stackedBar(segments: readonly Segment[], width = 320, height = 14, emptyLabel = 'no rows'): string {
  const total = segments.reduce((t, s) => t + s.value, 0);
  const title = segments.map((s) => `${s.label} ${formatCount(s.value)}`).join(', ');
  if (total === 0)
    return `<svg class="chart" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(emptyLabel)}"><rect width="${width}" height="${height}" rx="3" fill="#e6e9ef"/></svg>`;
  let x = 0;
  const rects = segments
    .filter((s) => s.value > 0)
    .map((s) => {
      // Every non-zero part stays visible, even one row in a million.
      const w = Math.max(2, (s.value / total) * width);
      const r = `<rect x="${x.toFixed(1)}" width="${w.toFixed(1)}" height="${height}" fill="${s.color}"><title>${escapeHtml(`${s.label}: ${formatCount(s.value)}`)}</title></rect>`;
      x += w;
      return r;
    })
    .join('');
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${Math.max(width, x).toFixed(1)} ${height}" role="img" aria-label="${escapeHtml(title)}"><g>${rects}</g></svg>`;
}

/** Names of the three outcomes as a report language writes them. */
export interface OutcomeLabels {
  readonly loaded: string;
  readonly filtered: string;
  readonly quarantined: string;
}

const ENGLISH_OUTCOMES: OutcomeLabels = { loaded: 'loaded', filtered: 'filtered', quarantined: 'quarantined' };

/** Loaded / filtered / quarantined segments. */
export function outcomeSegments(loaded: number, filtered: number, quarantined: number, labels: OutcomeLabels = ENGLISH_OUTCOMES): Segment[] {
  return [
    { label: labels.loaded, value: loaded, color: PALETTE.loaded },
    { label: labels.filtered, value: filtered, color: PALETTE.filtered },
    { label: labels.quarantined, value: quarantined, color: PALETTE.quarantined },
  ];
}

/** A horizontal bar chart of labelled values (largest first as given). */
export function barChart(
  items: readonly { readonly label: string; readonly value: number }[],
  options: { width?: number; color?: string; unit?: (n: number) => string; ariaLabel?: string } = {},
): string {
  if (items.length === 0) return '';
  const width = options.width ?? 560;
  const labelWidth = 230;
  const rowHeight = 22;
  const max = Math.max(1, ...items.map((i) => i.value));
  const unit = options.unit ?? formatCount;
  const barSpace = width - labelWidth - 80;
  const rows = items
    .map((item, i) => {
      const y = i * rowHeight;
      const w = Math.max(item.value > 0 ? 2 : 0, (item.value / max) * barSpace);
      return `<g transform="translate(0,${y})"><text x="${labelWidth - 8}" y="15" text-anchor="end" class="chart-label">${escapeHtml(truncate(item.label, 34))}</text><rect x="${labelWidth}" y="4" width="${w.toFixed(1)}" height="14" rx="2" fill="${options.color ?? PALETTE.bar}"/><text x="${(labelWidth + w + 6).toFixed(1)}" y="15" class="chart-value">${escapeHtml(unit(item.value))}</text></g>`;
    })
    .join('');
  return `<svg class="chart" width="${width}" height="${items.length * rowHeight + 4}" role="img" aria-label="${escapeHtml(options.ariaLabel ?? 'bar chart')}">${rows}</svg>`;
}

/** A small legend for the outcome colours. */
export function outcomeLegend(labels: OutcomeLabels = ENGLISH_OUTCOMES): string {
  return `<p class="legend"><span style="background:${PALETTE.loaded}"></span>${escapeHtml(labels.loaded)} <span style="background:${PALETTE.filtered}"></span>${escapeHtml(labels.filtered)} <span style="background:${PALETTE.quarantined}"></span>${escapeHtml(labels.quarantined)}</p>`;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

const CSS = `
:root{--ink:#1d2433;--muted:#5b6579;--line:#dde2ea;--bg:#f5f7fa;--card:#fff;--ok:#2e7d5b;--warn:#b7791f;--bad:#c0392b;--info:#2f5d8a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:#1f3a5f;color:#fff;padding:22px 32px 18px}
header.top h1{margin:0 0 4px;font-size:22px;font-weight:600}
header.top .meta{color:#c9d6e8;font-size:13px}
header.top .meta b{color:#fff;font-weight:600}
main{max-width:1120px;margin:0 auto;padding:20px 32px 48px}
nav.toc{font-size:13px;margin:0 0 14px;color:var(--muted)}
nav.toc a{color:var(--info);text-decoration:none;margin-right:14px}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 10px;color:#1f3a5f}
h3{font-size:14px;margin:14px 0 6px}
p.intro{color:var(--muted);margin:0 0 10px;font-size:13px}
.verdict{display:flex;align-items:center;gap:14px;padding:14px 18px;border-radius:8px;margin:0 0 16px;border:1px solid var(--line);background:#fff}
.verdict.ok{border-left:6px solid var(--ok)}.verdict.warn{border-left:6px solid var(--warn)}.verdict.bad{border-left:6px solid var(--bad)}
.verdict .big{font-size:18px;font-weight:600}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0 0 16px}
.tile{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px;border-top:4px solid var(--info)}
.tile.ok{border-top-color:var(--ok)}.tile.warn{border-top-color:var(--warn)}.tile.bad{border-top-color:var(--bad)}.tile.muted{border-top-color:#aab3c2}
.tile-value{font-size:24px;font-weight:600;font-variant-numeric:tabular-nums}
.tile-label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.tile-hint{color:var(--muted);font-size:12px}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
caption{text-align:left;color:var(--muted);font-size:12px;padding:0 0 4px}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
th{background:#f0f3f7;font-weight:600;color:#34405a;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot td{font-weight:600;border-top:2px solid var(--line)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.ok{background:#e3f3ea;color:var(--ok)}.badge.warn{background:#fdf3e1;color:var(--warn)}.badge.bad{background:#fbe7e5;color:var(--bad)}.badge.info{background:#e6eef7;color:var(--info)}.badge.muted{background:#eef0f4;color:var(--muted)}
.muted{color:var(--muted)}
.chart{display:block;max-width:100%}
.chart-label{font-size:12px;fill:#34405a}.chart-value{font-size:12px;fill:#5b6579}
.legend{font-size:12px;color:var(--muted);margin:6px 0 0}
.legend span{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:middle}
.equation{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:nowrap}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px}
@media print{body{background:#fff}section{break-inside:avoid;border-color:#ccc}header.top{background:#fff;color:#000}header.top .meta{color:#333}}
`;

/** The page shell: title, header meta line and body; everything inline. `lang` is the page's language (screen readers, hyphenation). */
export function page(options: {
  title: string;
  heading: string;
  meta: readonly [string, string][];
  toc: readonly [string, string][];
  body: string;
  footer: string;
  lang?: string;
}): string {
  const meta = options.meta.map(([k, v]) => `${escapeHtml(k)} <b>${escapeHtml(v)}</b>`).join(' &middot; ');
  const toc = options.toc.map(([id, label]) => `<a href="#${escapeHtml(id)}">${escapeHtml(label)}</a>`).join('');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(options.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(options.heading)}</h1><div class="meta">${meta}</div></header>
<main>
<nav class="toc">${toc}</nav>
${options.body}
</main>
<footer>${escapeHtml(options.footer)}</footer>
</body>
</html>
`;
}

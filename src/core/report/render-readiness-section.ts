/**
 * The statistics readiness and case-check sections of the HTML and Markdown run reports: readiness as
 * tiles, a per-commune bar chart (inline SVG, 0–100 %), issues per entity and code and the most often
 * missing fields; case checks as counts per code and severity with the flagged records by canonical id.
 * Counts, codes, field names, commune numbers and canonical ids only.
 */
import type { CaseChecksSection } from './case-checks-section.js';
import type { StatisticsReadinessSection } from './statistics-readiness-section.js';
import { badge, barChart, escapeHtml, formatCount, table, tile, type Cell, type Tone } from './html-kit.js';
import { mdTable } from './markdown-kit.js';

/** Most flagged records listed in the HTML report (the counts stay exact). */
const MAX_FLAGS = 200;

function shareTone(percent: string): Tone {
  const p = Number(percent);
  return p >= 95 ? 'ok' : p >= 80 ? 'warn' : 'bad';
}

/** Passing share per commune as horizontal bars on a fixed 0–100 % scale, with dossier counts. */
export function readinessChart(byCommune: StatisticsReadinessSection['byCommune'], width = 560): string {
  if (byCommune.length === 0) return '';
  const labelWidth = 110;
  const rowHeight = 22;
  const barSpace = width - labelWidth - 150;
  const colors: Readonly<Record<Tone, string>> = { ok: '#2e7d5b', warn: '#d68910', bad: '#c0392b', info: '#2f5d8a', muted: '#8a94a6' };
  const rows = byCommune
    .map((c, i) => {
      const pct = Math.min(100, Math.max(0, Number(c.passingPercent)));
      const w = (pct / 100) * barSpace;
      const label = `BFS ${c.municipalityBfsNumber}`;
      const value = `${c.passingPercent} % (${formatCount(c.passing)}/${formatCount(c.dossiers)})`;
      return `<g transform="translate(0,${i * rowHeight})"><title>${escapeHtml(`${label}: ${value} dossiers pass`)}</title><text x="${labelWidth - 8}" y="15" text-anchor="end" class="chart-label">${escapeHtml(label)}</text><rect x="${labelWidth}" y="4" width="${barSpace}" height="14" rx="2" fill="#e6e9ef"/><rect x="${labelWidth}" y="4" width="${w.toFixed(1)}" height="14" rx="2" fill="${colors[shareTone(c.passingPercent)]}"/><text x="${labelWidth + barSpace + 6}" y="15" class="chart-value">${escapeHtml(value)}</text></g>`;
    })
    .join('');
  return `<svg class="chart" width="${width}" height="${byCommune.length * rowHeight + 4}" role="img" aria-label="share of dossiers passing the plausibility checks per commune">${rows}</svg>`;
}

/** The statistics readiness section as HTML. */
export function readinessSectionHtml(s: StatisticsReadinessSection): string {
  const out: string[] = [];
  out.push(
    `<div class="tiles">${[
      tile('Dossiers', formatCount(s.dossiers), 'info', `reference month ${s.referenceMonth}`),
      tile('Passing', `${s.passingPercent} %`, shareTone(s.passingPercent), `${formatCount(s.passing)} of ${formatCount(s.dossiers)} dossiers`),
      tile('Cases read', formatCount(s.cases), 'muted', 'SHS domains'),
      tile('Communes', formatCount(s.byCommune.length), 'muted', 'BFS numbers'),
    ].join('')}</div>`,
  );
  if (s.byCommune.length > 0) {
    out.push(`<h3>Passing share per commune</h3>${readinessChart(s.byCommune)}`);
    out.push(table(['Commune (BFS no.)', { text: 'Dossiers', num: true }, { text: 'Passing', num: true }, 'Share'], s.byCommune.map((c) => [String(c.municipalityBfsNumber), c.dossiers, c.passing, { html: badge(`${c.passingPercent} %`, shareTone(c.passingPercent)) }])));
  }
  const codes = Object.entries(s.byCode).sort(([, a], [, b]) => b - a);
  if (codes.length > 0) out.push(`<h3>Dossiers per plausibility issue</h3>${barChart(codes.map(([label, value]) => ({ label, value })), { color: '#d68910' })}`);
  if (s.byEntity.length > 0) out.push(`<h3>Issues per canonical entity</h3>${table(['Entity', { text: 'Issues', num: true }, { text: 'Dossiers affected', num: true }], s.byEntity.map((e) => [e.entity, e.issues, e.dossiers]))}`);
  if (s.missingFields.length > 0) {
    out.push(`<h3>Most often missing fields</h3>${table(['Entity', 'Field', { text: 'Dossiers', num: true }], s.missingFields.map((f) => [f.entity, { html: `<code>${escapeHtml(f.field)}</code>` }, f.dossiers]))}`);
  }
  return out.join('');
}

/** The statistics readiness section as Markdown (without its heading). */
export function readinessSectionMarkdown(s: StatisticsReadinessSection): string {
  const out = [`**${s.passingPercent} %** of ${formatCount(s.dossiers)} dossiers (reference month ${s.referenceMonth}) pass the plausibility checks.\n`];
  out.push(mdTable(['Commune (BFS no.)', '#Dossiers', '#Passing', 'Share'], s.byCommune.map((c) => [String(c.municipalityBfsNumber), c.dossiers, c.passing, `${c.passingPercent} %`])));
  const codes = Object.entries(s.byCode).sort(([, a], [, b]) => b - a);
  if (codes.length > 0) out.push(`\n${mdTable(['Issue code', '#Dossiers'], codes)}`);
  if (s.missingFields.length > 0) out.push(`\nMost often missing fields:\n\n${mdTable(['Entity', 'Field', '#Dossiers'], s.missingFields.map((f) => [f.entity, f.field, f.dossiers]))}`);
  return out.join('');
}

const SEVERITY_TONE: Readonly<Record<string, Tone>> = { error: 'bad', warning: 'warn', info: 'info' };

/** The case-checks section as HTML. */
export function caseChecksSectionHtml(c: CaseChecksSection): string {
  const out: string[] = [];
  out.push(
    `<div class="tiles">${[
      tile('Cases checked', formatCount(c.cases), 'info', 'after the load'),
      tile('Cases flagged', formatCount(c.casesFlagged), c.casesFlagged > 0 ? 'warn' : 'ok', 'at least one issue'),
      tile('Issues', formatCount(c.issues), c.issues > 0 ? 'warn' : 'ok', 'flags, not quarantine; errors count toward thresholds'),
      ...['error', 'warning', 'info'].filter((s) => (c.bySeverity[s] ?? 0) > 0).map((s) => tile(s, formatCount(c.bySeverity[s] ?? 0), SEVERITY_TONE[s] ?? 'muted', 'issues')),
    ].join('')}</div>`,
  );
  const codes = Object.entries(c.byCode).sort(([, a], [, b]) => b - a);
  if (codes.length === 0) return `${out.join('')}<p>${badge('none', 'ok')} No case-level issue.</p>`;
  const severityOf = new Map(c.flags.map((f) => [f.code, f.severity]));
  out.push(table(['Issue code', 'Severity', { text: 'Issues', num: true }], codes.map(([code, n]) => [{ html: `<code>${escapeHtml(code)}</code>` }, { html: severityOf.has(code) ? badge(severityOf.get(code)!, SEVERITY_TONE[severityOf.get(code)!] ?? 'muted') : '—' }, n] as Cell[])));
  const flags = c.flags.slice(0, MAX_FLAGS);
  out.push(
    `<h3>Flagged records</h3>${table(
      ['Case (canonical id)', 'Entity', 'Record (canonical id)', 'Issue code', 'Severity'],
      flags.map((f) => [{ html: `<code>${escapeHtml(f.caseRef)}</code>` }, f.entity, { html: f.recordRef === null ? '—' : `<code>${escapeHtml(f.recordRef)}</code>` }, { html: `<code>${escapeHtml(f.code)}</code>` }, f.severity]),
    )}`,
  );
  const hidden = c.issues - flags.length;
  if (hidden > 0) out.push(`<p class="muted">${escapeHtml(formatCount(hidden))} more issues not listed${c.truncated ? ' (the report lists at most the list limit per code)' : ''}.</p>`);
  return out.join('');
}

/** The case-checks section as Markdown (without its heading). */
export function caseChecksSectionMarkdown(c: CaseChecksSection): string {
  const out = [`${formatCount(c.cases)} cases checked, ${formatCount(c.casesFlagged)} flagged, ${formatCount(c.issues)} issues (flags on loaded records, not quarantine).\n`];
  const errors = c.bySeverity['error'] ?? 0;
  if (errors > 0) out.push(`${formatCount(errors)} of them have severity error: they fail the run unless a threshold (\`case-errors\` or \`case:<code>\`) allows them.\n\n`);
  out.push(mdTable(['Issue code', '#Issues'], Object.entries(c.byCode).sort(([, a], [, b]) => b - a)));
  return out.join('');
}

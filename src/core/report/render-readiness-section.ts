/**
 * The statistics readiness and case-check sections of the HTML and Markdown run reports: readiness as
 * tiles, a per-commune bar chart (inline SVG, 0–100 %), issues per entity and code and the most often
 * missing fields; case checks as counts per code and severity, the flagged records grouped by issue
 * (with the issue's sentence) instead of listed one by one. Counts, codes, field names and commune
 * numbers only; in the report's language.
 */
import type { CaseChecksSection } from './case-checks-section.js';
import type { StatisticsReadinessSection } from './statistics-readiness-section.js';
import { badge, barChart, escapeHtml, formatCount, table as kitTable, tile, type Cell, type Tone } from './html-kit.js';
import { mdTable } from './markdown-kit.js';
import { groupCaseCheckFlags } from './flag-groups.js';
import { issueMeaning } from './report-wording.js';
import { reportMessages, type ReportMessages } from './i18n/report-messages.js';

const EN = reportMessages('en');

function table(m: ReportMessages, headers: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  return kitTable(headers, rows, { empty: m.none });
}

function num(text: string): Cell {
  return { text, num: true };
}

function shareTone(percent: string): Tone {
  const p = Number(percent);
  return p >= 95 ? 'ok' : p >= 80 ? 'warn' : 'bad';
}

/** Passing share per commune as horizontal bars on a fixed 0–100 % scale, with dossier counts. */
export function readinessChart(byCommune: StatisticsReadinessSection['byCommune'], width = 560, m: ReportMessages = EN): string {
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
      return `<g transform="translate(0,${i * rowHeight})"><title>${escapeHtml(m.dossiersPass(label, value))}</title><text x="${labelWidth - 8}" y="15" text-anchor="end" class="chart-label">${escapeHtml(label)}</text><rect x="${labelWidth}" y="4" width="${barSpace}" height="14" rx="2" fill="#e6e9ef"/><rect x="${labelWidth}" y="4" width="${w.toFixed(1)}" height="14" rx="2" fill="${colors[shareTone(c.passingPercent)]}"/><text x="${labelWidth + barSpace + 6}" y="15" class="chart-value">${escapeHtml(value)}</text></g>`;
    })
    .join('');
  return `<svg class="chart" width="${width}" height="${byCommune.length * rowHeight + 4}" role="img" aria-label="${escapeHtml(m.passingChartLabel)}">${rows}</svg>`;
}

/** The statistics readiness section as HTML. */
export function readinessSectionHtml(s: StatisticsReadinessSection, m: ReportMessages = EN): string {
  const out: string[] = [];
  out.push(
    `<div class="tiles">${[
      tile(m.tileDossiers, formatCount(s.dossiers), 'info', m.referenceMonth(s.referenceMonth), 'Dossiers'),
      tile(m.tilePassing, `${s.passingPercent} %`, shareTone(s.passingPercent), m.passingOf(formatCount(s.passing), formatCount(s.dossiers)), 'Passing'),
      tile(m.tileCasesRead, formatCount(s.cases), 'muted', m.shsDomains, 'Cases read'),
      tile(m.tileCommunes, formatCount(s.byCommune.length), 'muted', m.bfsNumbers, 'Communes'),
    ].join('')}</div>`,
  );
  if (s.byCommune.length > 0) {
    out.push(`<h3>${escapeHtml(m.passingPerCommune)}</h3>${readinessChart(s.byCommune, 560, m)}`);
    out.push(
      table(
        m,
        [m.colCommune, num(m.colDossiers), num(m.colPassing), m.colShare],
        s.byCommune.map((c) => [String(c.municipalityBfsNumber), c.dossiers, c.passing, { html: badge(`${c.passingPercent} %`, shareTone(c.passingPercent)) }]),
      ),
    );
  }
  const codes = Object.entries(s.byCode).sort(([, a], [, b]) => b - a);
  if (codes.length > 0)
    out.push(
      `<h3>${escapeHtml(m.dossiersPerIssue)}</h3>${barChart(
        codes.map(([label, value]) => ({ label, value })),
        { color: '#d68910', ariaLabel: m.barChart },
      )}`,
    );
  if (s.byEntity.length > 0)
    out.push(
      `<h3>${escapeHtml(m.issuesPerEntity)}</h3>${table(
        m,
        [m.colEntity, num(m.colIssues), num(m.colDossiersAffected)],
        s.byEntity.map((e) => [e.entity, e.issues, e.dossiers]),
      )}`,
    );
  if (s.missingFields.length > 0) {
    out.push(
      `<h3>${escapeHtml(m.mostMissingFields)}</h3>${table(
        m,
        [m.colEntity, m.colField, num(m.colDossiers)],
        s.missingFields.map((f) => [f.entity, { html: `<code>${escapeHtml(f.field)}</code>` }, f.dossiers]),
      )}`,
    );
  }
  return out.join('');
}

/** The statistics readiness section as Markdown (without its heading). */
export function readinessSectionMarkdown(s: StatisticsReadinessSection, m: ReportMessages = EN): string {
  const out = [`${m.readinessLine(`**${s.passingPercent} %**`, formatCount(s.dossiers), s.referenceMonth)}\n`];
  out.push(
    mdTable(
      [m.colCommune, `#${m.colDossiers}`, `#${m.colPassing}`, m.colShare],
      s.byCommune.map((c) => [String(c.municipalityBfsNumber), c.dossiers, c.passing, `${c.passingPercent} %`]),
      m.none,
    ),
  );
  const codes = Object.entries(s.byCode).sort(([, a], [, b]) => b - a);
  if (codes.length > 0) out.push(`\n${mdTable([m.colIssueCode, `#${m.colDossiers}`], codes, m.none)}`);
  if (s.missingFields.length > 0)
    out.push(
      `\n${m.mostMissingFields}:\n\n${mdTable(
        [m.colEntity, m.colField, `#${m.colDossiers}`],
        s.missingFields.map((f) => [f.entity, f.field, f.dossiers]),
        m.none,
      )}`,
    );
  return out.join('');
}

const SEVERITY_TONE: Readonly<Record<string, Tone>> = { error: 'bad', warning: 'warn', info: 'info' };

/** The case-checks section as HTML: counts per severity, then the flagged records grouped by issue. */
export function caseChecksSectionHtml(c: CaseChecksSection, m: ReportMessages = EN): string {
  const out: string[] = [];
  out.push(
    `<div class="tiles">${[
      tile(m.tileCasesChecked, formatCount(c.cases), 'info', m.tileCasesCheckedHint, 'Cases checked'),
      tile(m.tileCasesFlagged, formatCount(c.casesFlagged), c.casesFlagged > 0 ? 'warn' : 'ok', m.tileCasesFlaggedHint, 'Cases flagged'),
      tile(m.tileIssues, formatCount(c.issues), c.issues > 0 ? 'warn' : 'ok', m.tileIssuesHint, 'Issues'),
      ...['error', 'warning', 'info']
        .filter((s) => (c.bySeverity[s] ?? 0) > 0)
        .map((s) => tile(m.severity[s] ?? s, formatCount(c.bySeverity[s] ?? 0), SEVERITY_TONE[s] ?? 'muted', m.tileSeverityHint, s)),
    ].join('')}</div>`,
  );
  const groups = groupCaseCheckFlags(c);
  if (groups.length === 0) return `${out.join('')}<p>${badge(m.noneBadge, 'ok')} ${escapeHtml(m.noCaseIssue)}</p>`;
  out.push(`<h3 id="flagged-records">${escapeHtml(m.flaggedRecords)}</h3><p class="intro">${escapeHtml(m.flaggedRecordsIntro)}</p>`);
  out.push(
    table(
      m,
      [m.colIssueCode, m.colMeaning, m.colSeverity, num(m.colIssues), num(m.colCases), num(m.colRecords), m.colEntities],
      groups.map((g) => [
        { html: `<code>${escapeHtml(g.code)}</code>` },
        issueMeaning(g.code, m),
        { html: g.severity === null ? '—' : badge(m.severity[g.severity] ?? g.severity, SEVERITY_TONE[g.severity] ?? 'muted') },
        g.issues,
        num(g.partial ? `≥ ${formatCount(g.cases)}` : formatCount(g.cases)),
        num(g.partial ? `≥ ${formatCount(g.records)}` : formatCount(g.records)),
        g.entities.join(', '),
      ]),
    ),
  );
  const hidden = c.issues - c.flags.length;
  if (hidden > 0) out.push(`<p class="muted">${escapeHtml(m.flagsNotListed(formatCount(hidden)))}</p>`);
  return out.join('');
}

/** The case-checks section as Markdown (without its heading): counts, then the flagged records grouped by issue. */
export function caseChecksSectionMarkdown(c: CaseChecksSection, m: ReportMessages = EN): string {
  const out = [`${m.caseChecksLine(formatCount(c.cases), formatCount(c.casesFlagged), formatCount(c.issues))}\n`];
  const errors = c.bySeverity['error'] ?? 0;
  if (errors > 0) out.push(`${m.caseErrorsLine(formatCount(errors))}\n\n`);
  const groups = groupCaseCheckFlags(c);
  out.push(
    mdTable(
      [m.colIssueCode, m.colMeaning, m.colSeverity, `#${m.colIssues}`, `#${m.colCases}`, `#${m.colRecords}`],
      groups.map((g) => [
        g.code,
        issueMeaning(g.code, m),
        g.severity === null ? '—' : (m.severity[g.severity] ?? g.severity),
        g.issues,
        `${g.partial ? '≥ ' : ''}${formatCount(g.cases)}`,
        `${g.partial ? '≥ ' : ''}${formatCount(g.records)}`,
      ]),
      m.none,
    ),
  );
  return out.join('');
}

/**
 * Renders a SourceProfile as one self-contained HTML page: an overview of the tables, then per table
 * its columns with null share bars, distinct counts, date formats and, for non-personal columns only,
 * min/max and frequent values. Personal columns show a "values hidden" badge and counts only. In the
 * report language (`lang`), with Swiss figures and Zurich local time.
 */
import { badge, escapeHtml, formatCount, page, section, stackedBar, table as kitTable, tile, type Cell } from '../report/html-kit.js';
import type { ReportLanguage } from '../report/i18n/report-language.js';
import { reportMessages, type ReportMessages } from '../report/i18n/report-messages.js';
import { swissDateTime, swissDecimal } from '../report/i18n/swiss-format.js';
import type { ColumnProfile, SourceProfile, TableProfile } from './source-profile.js';

type Words = ReportMessages['profile'];

/** Renders the profile as a standalone HTML document, in `lang` (default English). */
export function renderProfileHtml(profile: SourceProfile, options: { readonly lang?: ReportLanguage } = {}): string {
  const m = reportMessages(options.lang);
  const w = m.profile;
  const table = (headers: readonly Cell[], rows: readonly (readonly Cell[])[]): string => kitTable(headers, rows, { empty: m.none });
  const columns = profile.tables.reduce((t, x) => t + x.columns.length, 0);
  const personal = profile.tables.reduce((t, x) => t + x.columns.filter((c) => c.personal !== null).length, 0);
  const rows = profile.tables.reduce((t, x) => t + x.rowCount, 0);
  const overview =
    `<div class="tiles">${tile(w.tables, formatCount(profile.tables.length), 'info', undefined, 'Tables')}${tile(w.rows, formatCount(rows), 'info', undefined, 'Rows')}${tile(w.columns, formatCount(columns), 'info', undefined, 'Columns')}${tile(w.hiddenColumns, formatCount(personal), 'ok', w.valuesHidden, 'Hidden columns')}</div>` +
    section(
      'tables',
      w.tables,
      table(
        [w.table, { text: w.rows, num: true }, { text: w.scanned, num: true }, { text: w.columns, num: true }, w.primaryKey, w.encoding, w.delimiter],
        profile.tables.map((t) => [
          { html: `<a href="#t-${escapeHtml(anchor(t.name))}">${escapeHtml(t.name)}</a>` },
          t.rowCount,
          t.rowsScanned,
          t.columns.length,
          t.primaryKey.join(', ') || '—',
          t.encoding ?? '—',
          t.delimiter === undefined ? '—' : t.delimiter === '\t' ? w.tab : t.delimiter,
        ]),
      ),
      w.intro(String(profile.limits.minCount)),
    );
  const body = [overview, ...profile.tables.map((t) => tableSection(t, w, table))].join('\n');
  return page({
    lang: m.lang,
    title: w.title(profile.source),
    heading: w.heading(profile.source),
    meta: [
      [w.dialect, profile.dialect],
      [w.generated, swissDateTime(profile.generatedAt)],
      [w.distinctCap, formatCount(profile.limits.distinctCap)],
      [w.rowLimit, profile.limits.maxRows === null ? w.noLimit : formatCount(profile.limits.maxRows)],
    ],
    toc: [['tables', w.tables], ...profile.tables.map((t) => [`t-${anchor(t.name)}`, t.name] as [string, string])],
    body,
    footer: w.footer(profile.profileVersion),
  });
}

function tableSection(t: TableProfile, w: Words, table: (headers: readonly Cell[], rows: readonly (readonly Cell[])[]) => string): string {
  const rows: Cell[][] = t.columns.map((c) => [
    { html: `<b>${escapeHtml(c.name)}</b><br><span class="muted mono">${escapeHtml(c.dataType)} → ${escapeHtml(c.type)}</span>` },
    { html: nullShareCell(c, w) },
    { text: `${c.distinct.atLeast ? '≥ ' : ''}${formatCount(c.distinct.count)}`, num: true },
    { html: c.length === null ? '<span class="muted">—</span>' : `${c.length.min}–${c.length.max} <span class="muted">(ø ${c.length.mean})</span>` },
    { html: dateFormats(c, w) },
    { html: values(c, w) },
  ]);
  return section(
    `t-${anchor(t.name)}`,
    w.tableTitle(t.name, formatCount(t.rowCount)),
    table([w.column, w.nullShare, { text: w.distinct, num: true }, w.length, w.dateFormats, w.values], rows),
  );
}

/**
 * The null-share bar: its filled part is the share of rows without a value (null first, then blank
 * and invalid), so a column with 0 % null shows an empty bar and a column that is all null a full one.
 */
function nullShareCell(c: ColumnProfile, w: Words): string {
  const values = Math.max(0, c.nonNull - c.empty - c.invalid);
  const bar = stackedBar(
    [
      { label: w.null, value: c.nulls, color: '#5b6b82' },
      { label: w.blank, value: c.empty, color: '#b7791f' },
      { label: w.invalid, value: c.invalid, color: '#c0392b' },
      { label: w.withValue, value: values, color: '#e6e9ef' },
    ],
    110,
    10,
  );
  return `${bar}<span class="muted">${escapeHtml(w.percentNull(swissDecimal(c.nullShare * 100, 1)))}</span>`;
}

function dateFormats(c: ColumnProfile, w: Words): string {
  const entries = Object.entries(c.dateFormats);
  const invalid = c.invalidDates > 0 ? `${badge(w.impossibleDates(formatCount(c.invalidDates)), 'bad')}` : '';
  if (entries.length === 0) return invalid === '' ? '<span class="muted">—</span>' : invalid;
  const mixed = entries.length > 1 ? ` ${badge(w.mixed, 'warn')}` : '';
  return entries.map(([f, n]) => `<code>${escapeHtml(f)}</code> ${escapeHtml(formatCount(n))}`).join('<br>') + mixed + (invalid === '' ? '' : `<br>${invalid}`);
}

function values(c: ColumnProfile, w: Words): string {
  if (c.personal !== null) {
    const undeclared = c.personal.length === 1 && c.personal[0] === 'undeclared';
    const label = undeclared ? badge(w.valuesHidden, 'info') : badge(w.personalHidden, 'warn');
    // The kinds of personal data (name, ahvn13, …) are codes: shown as such in every language.
    const why = undeclared ? escapeHtml(w.undeclared) : c.personal.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ');
    const years =
      c.yearRange === undefined ? '' : `<br><span class="muted">${escapeHtml(w.years)}</span> <code>${c.yearRange.min}</code>–<code>${c.yearRange.max}</code>`;
    return `${label}<br><span class="muted">${why}</span>${years}`;
  }
  const parts: string[] = [];
  if (c.min !== undefined)
    parts.push(
      `<span class="muted">${escapeHtml(c.valueKind === 'date' ? w.earliest : w.min)}</span> <code>${escapeHtml(c.min)}</code> <span class="muted">${escapeHtml(c.valueKind === 'date' ? w.latest : w.max)}</span> <code>${escapeHtml(c.max ?? '')}</code>`,
    );
  const top = c.topValues ?? [];
  if (top.length > 0) parts.push(top.map((v) => `<code>${escapeHtml(v.value)}</code>&nbsp;${escapeHtml(formatCount(v.count))}`).join(' · '));
  if ((c.suppressedValues ?? 0) > 0) parts.push(`<span class="muted">${escapeHtml(w.rareValues(formatCount(c.suppressedValues ?? 0)))}</span>`);
  return parts.join('<br>') || '<span class="muted">—</span>';
}

function anchor(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

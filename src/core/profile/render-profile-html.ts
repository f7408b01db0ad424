/**
 * Renders a SourceProfile as one self-contained HTML page: an overview of the tables, then per table
 * its columns with null share bars, distinct counts, date formats and, for non-personal columns only,
 * min/max and frequent values. Personal columns show a "values hidden" badge and counts only.
 */
import { badge, escapeHtml, formatCount, page, section, stackedBar, table, tile, type Cell } from '../report/html-kit.js';
import type { ColumnProfile, SourceProfile, TableProfile } from './source-profile.js';

/** Renders the profile as a standalone HTML document. */
export function renderProfileHtml(profile: SourceProfile): string {
  const columns = profile.tables.reduce((t, x) => t + x.columns.length, 0);
  const personal = profile.tables.reduce((t, x) => t + x.columns.filter((c) => c.personal !== null).length, 0);
  const rows = profile.tables.reduce((t, x) => t + x.rowCount, 0);
  const overview =
    `<div class="tiles">${tile('Tables', formatCount(profile.tables.length))}${tile('Rows', formatCount(rows))}${tile('Columns', formatCount(columns))}${tile('Hidden columns', formatCount(personal), 'ok', 'values hidden')}</div>` +
    section(
      'tables',
      'Tables',
      table(
        ['Table', { text: 'Rows', num: true }, { text: 'Scanned', num: true }, { text: 'Columns', num: true }, 'Primary key', 'Encoding', 'Delimiter'],
        profile.tables.map((t) => [{ html: `<a href="#t-${escapeHtml(anchor(t.name))}">${escapeHtml(t.name)}</a>` }, t.rowCount, t.rowsScanned, t.columns.length, t.primaryKey.join(', ') || '—', t.encoding ?? '—', t.delimiter === undefined ? '—' : t.delimiter === '\t' ? 'tab' : t.delimiter]),
      ),
      'Private by default: text and date columns show counts only unless declared non-personal (--non-personal TABLE.COLUMN), date columns their year range; columns that look personal (names, AHV numbers, birth dates, addresses, contact data, bank accounts, free text) stay hidden even when declared. Frequent values occurring fewer than ' +
        `${profile.limits.minCount} times are not shown.`,
    );
  const body = [overview, ...profile.tables.map(tableSection)].join('\n');
  return page({
    title: `casebridge source profile — ${profile.source}`,
    heading: `Source profile: ${profile.source}`,
    meta: [
      ['Dialect', profile.dialect],
      ['Generated', profile.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')],
      ['Distinct cap', formatCount(profile.limits.distinctCap)],
      ['Row limit', profile.limits.maxRows === null ? 'none' : formatCount(profile.limits.maxRows)],
    ],
    toc: [['tables', 'Tables'], ...profile.tables.map((t) => [`t-${anchor(t.name)}`, t.name] as [string, string])],
    body,
    footer: `casebridge source profile v${profile.profileVersion} · personal columns show counts only`,
  });
}

function tableSection(t: TableProfile): string {
  const rows: Cell[][] = t.columns.map((c) => [
    { html: `<b>${escapeHtml(c.name)}</b><br><span class="muted mono">${escapeHtml(c.dataType)} → ${escapeHtml(c.type)}</span>` },
    { html: nullShareCell(c) },
    { text: `${c.distinct.atLeast ? '≥ ' : ''}${formatCount(c.distinct.count)}`, num: true },
    { html: c.length === null ? '<span class="muted">—</span>' : `${c.length.min}–${c.length.max} <span class="muted">(ø ${c.length.mean})</span>` },
    { html: dateFormats(c) },
    { html: values(c) },
  ]);
  return section(
    `t-${anchor(t.name)}`,
    `${t.name} (${formatCount(t.rowCount)} rows)`,
    table(['Column', 'Null share', { text: 'Distinct', num: true }, 'Length', 'Date formats', 'Values'], rows),
  );
}

/**
 * The null-share bar: its filled part is the share of rows without a value (null first, then blank
 * and invalid), so a column with 0 % null shows an empty bar and a column that is all null a full one.
 */
function nullShareCell(c: ColumnProfile): string {
  const values = Math.max(0, c.nonNull - c.empty - c.invalid);
  const bar = stackedBar(
    [
      { label: 'null', value: c.nulls, color: '#5b6b82' },
      { label: 'blank', value: c.empty, color: '#b7791f' },
      { label: 'invalid', value: c.invalid, color: '#c0392b' },
      { label: 'with a value', value: values, color: '#e6e9ef' },
    ],
    110,
    10,
  );
  return `${bar}<span class="muted">${(c.nullShare * 100).toFixed(1)} % null</span>`;
}

function dateFormats(c: ColumnProfile): string {
  const entries = Object.entries(c.dateFormats);
  const invalid = c.invalidDates > 0 ? `${badge(`${formatCount(c.invalidDates)} impossible dates`, 'bad')}` : '';
  if (entries.length === 0) return invalid === '' ? '<span class="muted">—</span>' : invalid;
  const mixed = entries.length > 1 ? ` ${badge('mixed', 'warn')}` : '';
  return entries.map(([f, n]) => `<code>${escapeHtml(f)}</code> ${escapeHtml(formatCount(n))}`).join('<br>') + mixed + (invalid === '' ? '' : `<br>${invalid}`);
}

function values(c: ColumnProfile): string {
  if (c.personal !== null) {
    const undeclared = c.personal.length === 1 && c.personal[0] === 'undeclared';
    const label = undeclared ? badge('values hidden', 'info') : badge('personal: values hidden', 'warn');
    const why = undeclared ? 'text or date column not declared non-personal (--non-personal)' : c.personal.join(', ');
    const years = c.yearRange === undefined ? '' : `<br><span class="muted">years</span> <code>${c.yearRange.min}</code>–<code>${c.yearRange.max}</code>`;
    return `${label}<br><span class="muted">${escapeHtml(why)}</span>${years}`;
  }
  const parts: string[] = [];
  if (c.min !== undefined) parts.push(`<span class="muted">${c.valueKind === 'date' ? 'earliest' : 'min'}</span> <code>${escapeHtml(c.min)}</code> <span class="muted">${c.valueKind === 'date' ? 'latest' : 'max'}</span> <code>${escapeHtml(c.max ?? '')}</code>`);
  const top = c.topValues ?? [];
  if (top.length > 0) parts.push(top.map((v) => `<code>${escapeHtml(v.value)}</code>&nbsp;${escapeHtml(formatCount(v.count))}`).join(' · '));
  if ((c.suppressedValues ?? 0) > 0) parts.push(`<span class="muted">${escapeHtml(formatCount(c.suppressedValues ?? 0))} rare values not shown</span>`);
  return parts.join('<br>') || '<span class="muted">—</span>';
}

function anchor(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

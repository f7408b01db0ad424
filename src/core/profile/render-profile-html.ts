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
    `<div class="tiles">${tile('Tables', formatCount(profile.tables.length))}${tile('Rows', formatCount(rows))}${tile('Columns', formatCount(columns))}${tile('Personal columns', formatCount(personal), personal > 0 ? 'warn' : 'ok', 'values hidden')}</div>` +
    section(
      'tables',
      'Tables',
      table(
        ['Table', { text: 'Rows', num: true }, { text: 'Scanned', num: true }, { text: 'Columns', num: true }, 'Primary key', 'Encoding', 'Delimiter'],
        profile.tables.map((t) => [{ html: `<a href="#t-${escapeHtml(anchor(t.name))}">${escapeHtml(t.name)}</a>` }, t.rowCount, t.rowsScanned, t.columns.length, t.primaryKey.join(', ') || '—', t.encoding ?? '—', t.delimiter === undefined ? '—' : t.delimiter === '\t' ? 'tab' : t.delimiter]),
      ),
      'Columns that look personal (names, AHV numbers, birth dates, addresses, contact data, bank accounts, free text) show counts only, never values. Frequent values occurring fewer than ' +
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
    { html: `${stackedBar([{ label: 'values', value: c.nonNull - c.empty - c.invalid, color: '#2f5d8a' }, { label: 'blank', value: c.empty, color: '#b7791f' }, { label: 'invalid', value: c.invalid, color: '#c0392b' }, { label: 'null', value: c.nulls, color: '#d5dae3' }], 110, 10)}<span class="muted">${(c.nullShare * 100).toFixed(1)} % null</span>` },
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

function dateFormats(c: ColumnProfile): string {
  const entries = Object.entries(c.dateFormats);
  if (entries.length === 0) return '<span class="muted">—</span>';
  const mixed = entries.length > 1 ? ` ${badge('mixed', 'warn')}` : '';
  return entries.map(([f, n]) => `<code>${escapeHtml(f)}</code> ${escapeHtml(formatCount(n))}`).join('<br>') + mixed;
}

function values(c: ColumnProfile): string {
  if (c.personal !== null) return `${badge('personal: values hidden', 'warn')}<br><span class="muted">${escapeHtml(c.personal.join(', '))}</span>`;
  const parts: string[] = [];
  if (c.min !== undefined) parts.push(`<span class="muted">min</span> <code>${escapeHtml(c.min)}</code> <span class="muted">max</span> <code>${escapeHtml(c.max ?? '')}</code>`);
  const top = c.topValues ?? [];
  if (top.length > 0) parts.push(top.map((v) => `<code>${escapeHtml(v.value)}</code>&nbsp;${escapeHtml(formatCount(v.count))}`).join(' · '));
  if ((c.suppressedValues ?? 0) > 0) parts.push(`<span class="muted">${escapeHtml(formatCount(c.suppressedValues ?? 0))} rare values not shown</span>`);
  return parts.join('<br>') || '<span class="muted">—</span>';
}

function anchor(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

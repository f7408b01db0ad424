/**
 * HTML of the delivery section (live rows before and after, tombstones) and of a dry run's change list
 * (record by record, by canonical id; updates name the changed fields, never their values).
 */
import type { ChangeListSection } from '../pipeline/change-list.js';
import type { DeliverySection } from '../pipeline/deliveries.js';
import { escapeHtml, formatCount, table as kitTable, type Cell } from './html-kit.js';
import { reportMessages, type ReportMessages } from './i18n/report-messages.js';

const EN = reportMessages('en');

function table(m: ReportMessages, headers: readonly Cell[], rows: readonly (readonly Cell[])[], options: { caption?: string } = {}): string {
  return kitTable(headers, rows, { ...options, empty: m.none });
}

function num(text: string): Cell {
  return { text, num: true };
}

/** The delivery's accounting per entity and the first tombstones. */
export function deliverySectionHtml(section: DeliverySection, m: ReportMessages = EN): string {
  const rows: Cell[][] = section.entities.map((e) => [
    e.entity,
    e.previousLive,
    e.inserted,
    e.updated,
    e.deleted,
    e.live,
    e.balanced ? m.checkBalanced : { html: `<strong>${escapeHtml(m.doesNotBalance)}</strong>` },
  ]);
  const deleted =
    section.deleted.length === 0
      ? ''
      : `<h3>${escapeHtml(m.deletedRecords(formatCount(section.deletedCount)))}</h3>` +
        table(
          m,
          [m.colEntity, m.colCanonicalId, m.colWhy],
          section.deleted.map((d) => [d.entity, { html: `<code>${escapeHtml(d.id)}</code>` }, { html: `<code>${escapeHtml(d.reason)}</code>` }]),
        ) +
        (section.deletedCount > section.deleted.length
          ? `<p class="muted">${escapeHtml(m.andMore(formatCount(section.deletedCount - section.deleted.length)))}</p>`
          : '');
  return (
    `<p class="muted">${escapeHtml(m.deliveryDeletions(section.deletions, String(Math.round(section.maxShare * 100))))}</p>` +
    table(m, [m.colEntity, num(m.colLiveBefore), num(m.colInserted), num(m.colUpdated), num(m.colDeleted), num(m.colLiveAfter), m.colCheck], rows, {
      caption: m.deliveryCaption,
    }) +
    deleted
  );
}

/** The dry run's change list: counts per entity and the first records. */
export function changeListSectionHtml(section: ChangeListSection, m: ReportMessages = EN): string {
  const counts = table(
    m,
    [m.colEntity, num(m.colInsert), num(m.colUpdate), num(m.colDelete)],
    section.entities.map((e) => [e.entity, e.insert, e.update, e.delete]),
  );
  const listed = section.entities.flatMap((e) => e.records);
  const total = section.entities.reduce((t, e) => t + e.insert + e.update + e.delete, 0);
  const records = table(
    m,
    [m.colEntity, m.colCanonicalId, m.colChange, m.colChangedFields],
    listed.map((r) => [
      r.entity,
      { html: `<code>${escapeHtml(r.id)}</code>` },
      m.change[r.change] ?? r.change,
      r.change === 'update' ? (r.fields ?? []).join(', ') : r.change === 'delete' ? { html: `<code>${escapeHtml(r.reason ?? '')}</code>` } : '',
    ]),
  );
  const more = formatCount(total - listed.length);
  const rest =
    total > listed.length ? `<p class="muted">${escapeHtml(section.file === null ? m.moreNotListed(more) : m.moreNotListedFile(more, section.file))}</p>` : '';
  return counts + records + rest;
}

/**
 * HTML of the delivery section (live rows before and after, tombstones) and of a dry run's change list
 * (record by record, by canonical id; updates name the changed fields, never their values).
 */
import type { ChangeListSection } from '../pipeline/change-list.js';
import type { DeliverySection } from '../pipeline/deliveries.js';
import { escapeHtml, formatCount, table } from './html-kit.js';

/** The delivery's accounting per entity and the first tombstones. */
export function deliverySectionHtml(section: DeliverySection): string {
  const rows = section.entities.map((e) => [
    e.entity,
    e.previousLive,
    e.inserted,
    e.updated,
    e.deleted,
    e.live,
    e.balanced ? 'balanced' : { html: '<strong>does not balance</strong>' },
  ]);
  const deleted =
    section.deleted.length === 0
      ? ''
      : `<h3>Deleted records (${escapeHtml(formatCount(section.deletedCount))})</h3>` +
        table(['Entity', 'Canonical id', 'Why'], section.deleted.map((d) => [d.entity, { html: `<code>${escapeHtml(d.id)}</code>` }, d.reason])) +
        (section.deletedCount > section.deleted.length ? `<p class="muted">… and ${escapeHtml(formatCount(section.deletedCount - section.deleted.length))} more.</p>` : '');
  return (
    `<p class="muted">Deletions: ${escapeHtml(section.deletions)}; guard: at most ${escapeHtml(String(Math.round(section.maxShare * 100)))} % of an entity's live records per delivery.</p>` +
    table(['Entity', { text: 'Live before', num: true }, { text: 'Inserted', num: true }, { text: 'Updated', num: true }, { text: 'Deleted', num: true }, { text: 'Live after', num: true }, 'Check'], rows, {
      caption: 'Live records: before + inserted − deleted = after',
    }) +
    deleted
  );
}

/** The dry run's change list: counts per entity and the first records. */
export function changeListSectionHtml(section: ChangeListSection): string {
  const counts = table(
    ['Entity', { text: 'Insert', num: true }, { text: 'Update', num: true }, { text: 'Delete', num: true }],
    section.entities.map((e) => [e.entity, e.insert, e.update, e.delete]),
  );
  const listed = section.entities.flatMap((e) => e.records);
  const total = section.entities.reduce((t, e) => t + e.insert + e.update + e.delete, 0);
  const records = table(
    ['Entity', 'Canonical id', 'Change', 'Changed fields'],
    listed.map((r) => [r.entity, { html: `<code>${escapeHtml(r.id)}</code>` }, r.change, r.change === 'update' ? (r.fields ?? []).join(', ') : r.change === 'delete' ? (r.reason ?? '') : '']),
  );
  const rest = total > listed.length ? `<p class="muted">${escapeHtml(formatCount(total - listed.length))} more not listed here${section.file === null ? '' : `; the full list is in <code>${escapeHtml(section.file)}</code>`}.</p>` : '';
  return counts + records + rest;
}

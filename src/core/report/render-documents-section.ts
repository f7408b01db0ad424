/**
 * The documents section of the HTML and Markdown run reports: what the document transfer did
 * (transferred / unchanged / quarantined by code / failed), the bytes moved, and whether reconciliation
 * proved every stored document byte for byte. Canonical ids and pseudonymous references only.
 */
import type { DocumentsReport } from '../documents/documents-report.js';
import { badge, escapeHtml, formatCount, table, tile, type Cell, type Tone } from './html-kit.js';
import { escapeMarkdownCell, mdTable } from './markdown-kit.js';

/** Bytes in binary units (`12.3 MiB`), exact below 1 KiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function statusTone(status: string): Tone {
  return status === 'passed' ? 'ok' : status === 'passed_with_warnings' ? 'warn' : status === 'failed' ? 'bad' : 'muted';
}

/** What the byte-for-byte check says, in words. */
function checkText(d: DocumentsReport): { text: string; tone: Tone } {
  const r = d.reconciliation;
  if (r === null) return { text: d.dryRun ? 'not run in a dry run' : 'switched off', tone: 'muted' };
  return r.status === 'passed' ? { text: `${formatCount(r.matched)} of ${formatCount(r.checked)} verified`, tone: 'ok' } : { text: `${formatCount(r.mismatchedCount + r.missingCount)} not verified`, tone: 'bad' };
}

function codeRows(byCode: Readonly<Record<string, number>>): Cell[][] {
  return Object.entries(byCode).sort(([, a], [, b]) => b - a).map(([code, n]) => [{ html: `<code>${escapeHtml(code)}</code>` }, n]);
}

/** The documents section as HTML (body of the report section). */
export function documentsSectionHtml(d: DocumentsReport): string {
  const check = checkText(d);
  const out: string[] = [];
  out.push(`<p>Status: ${badge(d.status, statusTone(d.status))} ${d.balanced ? badge('balanced', 'ok') : badge('UNBALANCED', 'bad')} <span class="muted">source: ${escapeHtml(d.source)} → store: ${escapeHtml(d.store)}${d.dryRun ? ' · dry run: read and hashed, nothing kept' : ''}</span></p>`);
  out.push(
    `<div class="tiles">${[
      tile('Documents', formatCount(d.total), 'info', 'referenced by records'),
      tile('Transferred', formatCount(d.transferred), 'ok', d.dryRun ? 'would be written' : `${formatCount(d.inserted)} new, ${formatCount(d.updated)} updated${d.resumed > 0 ? `, ${formatCount(d.resumed)} in an earlier session` : ''}`),
      tile('Unchanged', formatCount(d.unchanged), 'muted', 'same digest as stored'),
      tile('Quarantined documents', formatCount(d.quarantined), d.quarantined > 0 ? 'warn' : 'ok', `${formatCount(d.missing)} missing at the source`),
      tile('Failed', formatCount(d.failed), d.failed > 0 ? 'bad' : 'ok', 'technical errors'),
      tile('Bytes', formatBytes(d.totalBytes), 'info', 'read from the source'),
      tile('Digests verified', check.text, check.tone, 'SHA-256 and size read back'),
    ].join('')}</div>`,
  );
  out.push(
    `<p class="equation">${escapeHtml(formatCount(d.total))} referenced ${d.balanced ? '=' : '≠'} ${escapeHtml(formatCount(d.transferred))} transferred + ${escapeHtml(formatCount(d.unchanged))} unchanged + ${escapeHtml(formatCount(d.quarantined))} quarantined + ${escapeHtml(formatCount(d.failed))} failed</p>`,
  );
  if (d.quarantined > 0) out.push(`<h3>Quarantined by reason</h3>${table(['Issue code', { text: 'Documents', num: true }], codeRows(d.quarantinedByCode))}`);
  if (d.failed > 0) out.push(`<h3>Failed by error code</h3>${table(['Error code', { text: 'Documents', num: true }], codeRows(d.failedByCode))}`);
  if (d.warnings > 0) out.push(`<h3>Stored with warnings</h3>${table(['Warning code', { text: 'Documents', num: true }], codeRows(d.warningsByCode))}`);
  const media = Object.entries(d.byMediaType).sort(([, a], [, b]) => b - a);
  if (media.length > 0) out.push(`<h3>Stored by media type</h3>${table(['Media type', { text: 'Documents', num: true }], media.map(([m, n]) => [{ html: `<code>${escapeHtml(m)}</code>` }, n]))}`);
  const r = d.reconciliation;
  if (r !== null) {
    out.push(
      `<h3>Byte-for-byte reconciliation</h3><p>${badge(r.status, r.status === 'passed' ? 'ok' : 'bad')} ${escapeHtml(formatCount(r.checked))} documents (${escapeHtml(formatBytes(r.bytesChecked))}) read back and rehashed: ${escapeHtml(formatCount(r.matched))} matched, ${escapeHtml(formatCount(r.mismatchedCount))} mismatched, ${escapeHtml(formatCount(r.missingCount))} missing.</p>`,
    );
    const problems: Cell[][] = [
      ...r.mismatched.map((m) => [{ html: `<code>${escapeHtml(m.documentId)}</code>` }, { html: `<code>${escapeHtml(m.recordRef)}</code>` }, m.reasons.join(', ')] as Cell[]),
      ...r.missing.map((m) => [{ html: `<code>${escapeHtml(m.documentId)}</code>` }, { html: `<code>${escapeHtml(m.recordRef)}</code>` }, 'missing in the store'] as Cell[]),
    ];
    if (problems.length > 0) out.push(table(['Document id', 'Source record', 'Problem'], problems, { caption: 'Documents not verified (pseudonymous references)' }));
  }
  const listed: Cell[][] = [...d.quarantine, ...d.failures].map((e) => [{ html: `<code>${escapeHtml(e.documentId)}</code>` }, { html: `<code>${escapeHtml(e.recordRef)}</code>` }, { html: `<code>${escapeHtml(e.code)}</code>` }]);
  if (listed.length > 0) {
    const hidden = d.quarantined + d.failed - listed.length;
    out.push(`<h3>Quarantined and failed documents</h3>${table(['Document id', 'Source record', 'Code'], listed)}${hidden > 0 ? `<p class="muted">${escapeHtml(formatCount(hidden))} more not listed.</p>` : ''}`);
  }
  return out.join('');
}

/** The documents section as Markdown (without its heading). */
export function documentsSectionMarkdown(d: DocumentsReport): string {
  const check = checkText(d);
  const out: string[] = [];
  out.push(`Status: **${d.status}**${d.balanced ? '' : ' · **UNBALANCED**'} · source ${escapeMarkdownCell(d.source)} → store ${escapeMarkdownCell(d.store)}${d.dryRun ? ' · dry run (nothing kept)' : ''}\n`);
  out.push(
    mdTable(
      ['#Referenced', '#Transferred', '#Unchanged', '#Resumed', '#Quarantined', '#Failed', 'Bytes', 'Digests verified'],
      [[d.total, d.transferred, d.unchanged, d.resumed, d.quarantined, d.failed, formatBytes(d.totalBytes), check.text]],
    ),
  );
  const codes = [...Object.entries(d.quarantinedByCode).map(([c, n]) => ['quarantined', c, n] as const), ...Object.entries(d.failedByCode).map(([c, n]) => ['failed', c, n] as const), ...Object.entries(d.warningsByCode).map(([c, n]) => ['warning', c, n] as const)];
  if (codes.length > 0) out.push(`\n${mdTable(['Outcome', 'Code', '#Documents'], codes.map(([o, c, n]) => [o, c, n]))}`);
  const r = d.reconciliation;
  if (r !== null && r.status !== 'passed') {
    out.push(`\nNot verified byte for byte:\n\n${mdTable(['Document id', 'Source record', 'Problem'], [...r.mismatched.map((m) => [m.documentId, m.recordRef, m.reasons.join(', ')]), ...r.missing.map((m) => [m.documentId, m.recordRef, 'missing in the store'])])}`);
  }
  return out.join('');
}

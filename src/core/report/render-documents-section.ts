/**
 * The documents section of the HTML and Markdown run reports: what the document transfer did
 * (transferred / unchanged / quarantined by code / failed), the bytes moved, and whether reconciliation
 * proved every stored document byte for byte. Canonical ids and pseudonymous references only.
 */
import type { DocumentsReport } from '../documents/documents-report.js';
import { badge, escapeHtml, formatCount, table as kitTable, tile, type Cell, type Tone } from './html-kit.js';
import { escapeMarkdownCell, mdTable } from './markdown-kit.js';
import { reportMessages, type ReportMessages } from './i18n/report-messages.js';
import { swissDecimal } from './i18n/swiss-format.js';

const EN = reportMessages('en');

function table(m: ReportMessages, headers: readonly Cell[], rows: readonly (readonly Cell[])[], options: { caption?: string } = {}): string {
  return kitTable(headers, rows, { ...options, empty: m.none });
}

function num(text: string): Cell {
  return { text, num: true };
}

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
  return `${swissDecimal(value, 1)} ${units[unit]}`;
}

function statusTone(status: string): Tone {
  return status === 'passed' ? 'ok' : status === 'passed_with_warnings' ? 'warn' : status === 'failed' ? 'bad' : 'muted';
}

/** What the byte-for-byte check says, in words. */
function checkText(d: DocumentsReport, m: ReportMessages): { text: string; tone: Tone } {
  const r = d.reconciliation;
  if (r === null) return { text: d.dryRun ? m.docCheckDryRun : m.docCheckOff, tone: 'muted' };
  return r.status === 'passed'
    ? { text: m.docVerified(formatCount(r.matched), formatCount(r.checked)), tone: 'ok' }
    : { text: m.docNotVerified(formatCount(r.mismatchedCount + r.missingCount)), tone: 'bad' };
}

function codeRows(byCode: Readonly<Record<string, number>>): Cell[][] {
  return Object.entries(byCode)
    .sort(([, a], [, b]) => b - a)
    .map(([code, n]) => [{ html: `<code>${escapeHtml(code)}</code>` }, n]);
}

/** The documents section as HTML (body of the report section). */
export function documentsSectionHtml(d: DocumentsReport, m: ReportMessages = EN): string {
  const check = checkText(d, m);
  const out: string[] = [];
  const status = m.runStatus[d.status] ?? d.status;
  out.push(
    `<p>${escapeHtml(m.statusLabel)}: ${badge(status, statusTone(d.status))} ${d.balanced ? badge(m.badgeBalanced, 'ok') : badge(m.badgeUnbalanced, 'bad')} <span class="muted">${escapeHtml(m.docSourceStore(d.source, d.store))}${d.dryRun ? ` · ${escapeHtml(m.docDryRun)}` : ''}</span></p>`,
  );
  out.push(
    `<div class="tiles">${[
      tile(m.tileDocuments, formatCount(d.total), 'info', m.tileDocumentsHint, 'Documents'),
      tile(
        m.tileTransferred,
        formatCount(d.transferred),
        'ok',
        d.dryRun
          ? m.docWouldWrite
          : d.resumed > 0
            ? `${m.docNewUpdated(formatCount(d.inserted), formatCount(d.updated))}, ${m.docResumed(formatCount(d.resumed))}`
            : m.docNewUpdated(formatCount(d.inserted), formatCount(d.updated)),
        'Transferred',
      ),
      tile(m.tileUnchanged, formatCount(d.unchanged), 'muted', m.docSameDigest, 'Unchanged'),
      tile(
        m.tileQuarantinedDocuments,
        formatCount(d.quarantined),
        d.quarantined > 0 ? 'warn' : 'ok',
        m.docMissingAtSource(formatCount(d.missing)),
        'Quarantined documents',
      ),
      tile(m.tileFailed, formatCount(d.failed), d.failed > 0 ? 'bad' : 'ok', m.docTechnicalErrors, 'Failed'),
      tile(m.tileBytes, formatBytes(d.totalBytes), 'info', m.docReadFromSource, 'Bytes'),
      tile(m.tileDigestsVerified, check.text, check.tone, m.docDigestHint, 'Digests verified'),
    ].join('')}</div>`,
  );
  out.push(
    `<p class="equation">${escapeHtml(m.docEquation(formatCount(d.total), d.balanced ? '=' : '≠', formatCount(d.transferred), formatCount(d.unchanged), formatCount(d.quarantined), formatCount(d.failed)))}</p>`,
  );
  if (d.quarantined > 0)
    out.push(`<h3>${escapeHtml(m.docQuarantinedByReason)}</h3>${table(m, [m.colIssueCode, num(m.colDocuments)], codeRows(d.quarantinedByCode))}`);
  if (d.failed > 0) out.push(`<h3>${escapeHtml(m.docFailedByCode)}</h3>${table(m, [m.colErrorCode, num(m.colDocuments)], codeRows(d.failedByCode))}`);
  if (d.warnings > 0)
    out.push(`<h3>${escapeHtml(m.docStoredWithWarnings)}</h3>${table(m, [m.colWarningCode, num(m.colDocuments)], codeRows(d.warningsByCode))}`);
  const media = Object.entries(d.byMediaType).sort(([, a], [, b]) => b - a);
  if (media.length > 0)
    out.push(
      `<h3>${escapeHtml(m.docByMediaType)}</h3>${table(
        m,
        [m.colMediaType, num(m.colDocuments)],
        media.map(([t, n]) => [{ html: `<code>${escapeHtml(t)}</code>` }, n]),
      )}`,
    );
  const r = d.reconciliation;
  if (r !== null) {
    out.push(
      `<h3>${escapeHtml(m.docByteForByte)}</h3><p>${badge(m.reconciliationStatus[r.status] ?? r.status, r.status === 'passed' ? 'ok' : 'bad')} ${escapeHtml(m.docReconLine(formatCount(r.checked), formatBytes(r.bytesChecked), formatCount(r.matched), formatCount(r.mismatchedCount), formatCount(r.missingCount)))}</p>`,
    );
    const problems: Cell[][] = [
      ...r.mismatched.map(
        (x) =>
          [
            { html: `<code>${escapeHtml(x.documentId)}</code>` },
            { html: `<code>${escapeHtml(x.recordRef)}</code>` },
            { html: `<code>${escapeHtml(x.reasons.join(', '))}</code>` },
          ] as Cell[],
      ),
      ...r.missing.map(
        (x) => [{ html: `<code>${escapeHtml(x.documentId)}</code>` }, { html: `<code>${escapeHtml(x.recordRef)}</code>` }, m.docMissingInStore] as Cell[],
      ),
    ];
    if (problems.length > 0) out.push(table(m, [m.colDocumentId, m.colSourceRecord, m.colProblem], problems, { caption: m.docNotVerifiedCaption }));
  }
  const listed: Cell[][] = [...d.quarantine, ...d.failures].map((e) => [
    { html: `<code>${escapeHtml(e.documentId)}</code>` },
    { html: `<code>${escapeHtml(e.recordRef)}</code>` },
    { html: `<code>${escapeHtml(e.code)}</code>` },
  ]);
  if (listed.length > 0) {
    const hidden = d.quarantined + d.failed - listed.length;
    out.push(
      `<h3>${escapeHtml(m.docQuarantinedAndFailed)}</h3>${table(m, [m.colDocumentId, m.colSourceRecord, m.colCode], listed)}${hidden > 0 ? `<p class="muted">${escapeHtml(m.moreNotListed(formatCount(hidden)))}</p>` : ''}`,
    );
  }
  return out.join('');
}

/** The documents section as Markdown (without its heading). */
export function documentsSectionMarkdown(d: DocumentsReport, m: ReportMessages = EN): string {
  const check = checkText(d, m);
  const out: string[] = [];
  out.push(`${escapeMarkdownCell(m.docStatusLine(m.runStatus[d.status] ?? d.status, d.balanced, d.source, d.store, d.dryRun))}\n`);
  out.push(
    mdTable(
      [
        `#${m.colReferenced}`,
        `#${m.tileTransferred}`,
        `#${m.colUnchanged}`,
        `#${m.colResumed}`,
        `#${m.colQuarantined}`,
        `#${m.tileFailed}`,
        m.colBytes,
        m.tileDigestsVerified,
      ],
      [[d.total, d.transferred, d.unchanged, d.resumed, d.quarantined, d.failed, formatBytes(d.totalBytes), check.text]],
      m.none,
    ),
  );
  const codes = [
    ...Object.entries(d.quarantinedByCode).map(([c, n]) => ['quarantined', c, n] as const),
    ...Object.entries(d.failedByCode).map(([c, n]) => ['failed', c, n] as const),
    ...Object.entries(d.warningsByCode).map(([c, n]) => ['warning', c, n] as const),
  ];
  if (codes.length > 0)
    out.push(
      `\n${mdTable(
        [m.colOutcome, m.colCode, `#${m.colDocuments}`],
        codes.map(([o, c, n]) => [m.docOutcome[o] ?? o, c, n]),
        m.none,
      )}`,
    );
  const r = d.reconciliation;
  if (r !== null && r.status !== 'passed') {
    out.push(
      `\n${m.docNotVerifiedMd}\n\n${mdTable([m.colDocumentId, m.colSourceRecord, m.colProblem], [...r.mismatched.map((x) => [x.documentId, x.recordRef, x.reasons.join(', ')]), ...r.missing.map((x) => [x.documentId, x.recordRef, m.docMissingInStore])], m.none)}`,
    );
  }
  return out.join('');
}

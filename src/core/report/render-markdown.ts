/**
 * Renders a RunReport as a Markdown summary (for a ticket, a pull request or a mail): the verdict,
 * the accounting per entity, reconciliation, quarantine by reason, code-list coverage and the dry run's
 * changes. Table cells are escaped so that no value can break the table or inject markup.
 */
import type { RunReport } from './run-report.js';
import { formatCount, formatDuration } from './html-kit.js';
import { escapeMarkdownCell, mdTable } from './markdown-kit.js';
import { REASON_TEXT, balanceBadge, errorNextStep, issueMeaning, reconciliationLine, statusVerdict, suppressSmall, totalOf } from './report-wording.js';
import { documentsSectionMarkdown } from './render-documents-section.js';
import { caseChecksSectionMarkdown, readinessSectionMarkdown } from './render-readiness-section.js';

/** Renders the run report as Markdown. */
export function renderRunReportMarkdown(report: RunReport): string {
  const v = statusVerdict(report);
  const out: string[] = [];
  out.push(`# Migration run report: ${escapeMarkdownCell(report.migration)}\n`);
  out.push(`**${v.label}** (status \`${report.status}\`, exit code ${report.exitCode}). ${v.advice}\n`);
  if (report.errors.length > 0) {
    out.push('## What stopped the run\n');
    out.push(mdTable(['Code', 'What happened', 'What to do'], report.errors.map((e) => [e.code, e.message, errorNextStep(e)])));
  }
  out.push(
    `- Source: ${escapeMarkdownCell(report.sourceSystem)} · Target: ${escapeMarkdownCell(report.target.kind)} · Mode: ${report.dryRun ? 'dry run' : 'real run'}${report.resumed ? ' (resumed)' : ''}`,
    `- Run: \`${escapeMarkdownCell(report.runId)}\` · Started ${escapeMarkdownCell(report.startedAt)} · Duration ${formatDuration(report.durationsMs.total)}`,
    `- Rows: ${formatCount(totalOf(report, 'extracted'))} extracted, ${formatCount(totalOf(report, 'loaded'))} loaded, ${formatCount(totalOf(report, 'filtered'))} filtered, ${formatCount(totalOf(report, 'quarantined'))} quarantined · Balanced: ${report.unbalanced ? '**no**' : report.entities.every((e) => balanceBadge(e).tone === 'ok') ? 'yes' : 'not complete'} · Reconciliation: ${escapeMarkdownCell(reconciliationLine(report.reconciliation, report.dryRun))}\n`,
  );
  if (report.reasons.length > 0) {
    out.push('## Why this status\n');
    out.push(report.reasons.map((r) => `- \`${escapeMarkdownCell(r)}\`: ${REASON_TEXT[r] ?? ''}`).join('\n') + '\n');
  }
  out.push('## Accounting per entity\n');
  out.push('extracted = loaded + filtered + quarantined\n');
  out.push(
    mdTable(
      ['Entity', 'Mapping', '#Extracted', '#Loaded', '#Filtered', '#Quarantined', 'Status'],
      report.entities.map((e) => [e.name, `${e.mapping} v${e.mappingVersion}`, e.extracted, e.loaded, e.filtered, e.quarantined, balanceBadge(e).label]),
    ),
  );
  if (report.changes !== null) {
    out.push('## What would change (dry run)\n');
    out.push(mdTable(['Entity', '#Insert', '#Update', '#Unchanged'], Object.entries(report.changes).map(([entity, c]) => [entity, c.insert, c.update, c.unchanged])));
  }
  out.push('## Reconciliation\n');
  const r = report.reconciliation;
  out.push(`Status: **${r.status === 'not_run' ? 'not run' : r.status}** (${reconciliationLine(r, report.dryRun).replace(/^[^·]*· /, '')}).`);
  if (r.controlTotals.length > 0) {
    out.push(`\n${mdTable(['Mapping', 'Year', '#Source', '#Target', '#Excluded', 'Result'], r.controlTotals.map((c) => [c.mapping, c.year === null ? '—' : String(c.year), c.source.count, c.target.count, c.excluded.count, c.matched ? 'matched' : c.conclusive ? 'MISMATCH' : 'inconclusive']))}`);
  } else out.push(' No control totals in this run.\n');
  if (r.hashes !== null) out.push(`Hashes: ${formatCount(r.hashes.checked)} read back, ${formatCount(r.hashes.mismatchedCount)} mismatched, ${formatCount(r.hashes.missingCount)} missing.\n`);
  out.push('## Quarantine by reason\n');
  out.push(mdTable(['Issue code', 'Meaning', '#Rows'], Object.entries(report.quarantine.byCode).sort(([, a], [, b]) => b - a).map(([code, n]) => [code, issueMeaning(code), n])));
  if (report.codeListCoverage !== undefined) {
    out.push('## Code-list coverage\n');
    out.push(mdTable(['Code list', '#Mapped', '#Unmapped', '#Unapproved', '#Defaulted'], report.codeListCoverage.map((c) => [c.codeList, suppressSmall(c.totals.mapped), suppressSmall(c.totals.unmapped), suppressSmall(c.totals.unapproved), suppressSmall(c.totals.defaulted)])));
    const gaps = report.codeListCoverage.flatMap((c) => c.codes.filter((x) => x.unmapped + x.unapproved + x.defaulted > 0).map((x) => [c.codeList, x.sourceCode, suppressSmall(x.unmapped), suppressSmall(x.unapproved), suppressSmall(x.defaulted)]));
    if (gaps.length > 0) out.push(`\nLegacy codes needing attention (counts below 5 shown as <5):\n\n${mdTable(['Code list', 'Legacy code', 'Unmapped', 'Unapproved', 'Defaulted'], gaps.slice(0, 200))}`);
  }
  const breached = report.thresholds.filter((t) => t.breached);
  if (breached.length > 0) {
    out.push('## Breached thresholds\n');
    out.push(mdTable(['Mapping', 'Metric', 'Severity', '#Count', 'Percent'], breached.map((t) => [t.mapping, t.metric, t.severity, t.count, `${t.percent.toFixed(2)} %`])));
  }
  out.push(`## Duplicates\n\n${formatCount(report.duplicates.groupCount)} duplicate groups (policy ${report.duplicates.policy}).\n`);
  const sections: [string, unknown, (value: never) => string][] = [
    ['Case checks', report.caseChecks, caseChecksSectionMarkdown],
    ['Statistics readiness', report.statisticsReadiness, readinessSectionMarkdown],
    ['Documents', report.documents, documentsSectionMarkdown],
  ];
  for (const [title, value, render] of sections) {
    if (value === undefined || value === null) continue;
    let body: string;
    try {
      body = render(value as never);
    } catch {
      // A section of another shape (a report from another version): show it as JSON rather than fail.
      body = `\`\`\`json\n${JSON.stringify(value, null, 2).replace(/```/g, '` ` `').slice(0, 20_000)}\n\`\`\`\n`;
    }
    out.push(`## ${title}\n\n${body}`);
  }
  out.push(`\n_casebridge run report v${report.reportVersion}; pseudonymous references only._\n`);
  return out.join('\n');
}

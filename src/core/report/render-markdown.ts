/**
 * Renders a RunReport as a Markdown summary (for a ticket, a pull request or a mail): the verdict,
 * the accounting per entity, reconciliation, quarantine by reason, code-list coverage and the dry run's
 * changes, in the report's language. Table cells are escaped so that no value can break the table or
 * inject markup.
 */
import type { RunReport } from './run-report.js';
import { formatCount, formatDuration } from './html-kit.js';
import { escapeMarkdownCell, mdTable } from './markdown-kit.js';
import {
  balanceBadge,
  errorNextStep,
  issueMeaning,
  reasonText,
  reconciliationDetail,
  reconciliationLine,
  reconciliationStatusName,
  statusVerdict,
  suppressSmall,
  totalOf,
} from './report-wording.js';
import { reportMessages } from './i18n/report-messages.js';
import { swissDateTime, swissDecimal } from './i18n/swiss-format.js';
import type { RenderReportOptions } from './render-html.js';
import { documentsSectionMarkdown } from './render-documents-section.js';
import { deltaSectionMarkdown } from './render-delta-section.js';
import { hasHistory, sessionsSectionMarkdown } from './render-sessions-section.js';
import { caseChecksSectionMarkdown, readinessSectionMarkdown } from './render-readiness-section.js';

/** Renders the run report as Markdown. */
export function renderRunReportMarkdown(report: RunReport, options: RenderReportOptions = {}): string {
  const m = reportMessages(options.lang);
  const v = statusVerdict(report, m);
  const out: string[] = [];
  out.push(`# ${escapeMarkdownCell(m.heading(report.migration))}\n`);
  out.push(`${m.mdStatusLine(v.label, report.status, String(report.exitCode), v.advice)}\n`);
  if (report.errors.length > 0) {
    out.push(`## ${m.secErrors}\n`);
    out.push(
      mdTable(
        [m.colCode, m.colWhatHappened, m.colWhatToDo],
        report.errors.map((e) => [e.code, e.message, errorNextStep(e, m)]),
        m.none,
      ),
    );
  }
  const balanced = report.unbalanced ? `**${m.no}**` : report.entities.every((e) => balanceBadge(e).tone === 'ok') ? m.yes : m.mdBalancedNotComplete;
  out.push(
    `- ${m.mdSourceLine(escapeMarkdownCell(report.sourceSystem), escapeMarkdownCell(report.target.kind), report.dryRun ? m.modeDryRun : m.modeRealRun, report.resumed)}`,
    `- ${m.mdRunLine(`\`${escapeMarkdownCell(report.runId)}\``, swissDateTime(report.startedAt), formatDuration(report.durationsMs.total))}`,
    `- ${m.mdRowsLine(formatCount(totalOf(report, 'extracted')), formatCount(totalOf(report, 'loaded')), formatCount(totalOf(report, 'filtered')), formatCount(totalOf(report, 'quarantined')), balanced, escapeMarkdownCell(reconciliationLine(report.reconciliation, report.dryRun, m)))}\n`,
  );
  if (report.reasons.length > 0) {
    out.push(`## ${m.secReasons}\n`);
    out.push(`${report.reasons.map((r) => `- \`${escapeMarkdownCell(r)}\`: ${reasonText(r, m)}`).join('\n')}\n`);
  }
  if (hasHistory(report)) {
    out.push(`## ${m.secSessions}\n`);
    out.push(`${sessionsSectionMarkdown(report, m)}\n`);
  }
  out.push(`## ${m.mdAccounting}\n`);
  out.push(`${m.mdEquation}\n`);
  out.push(
    mdTable(
      [m.colEntity, m.colMapping, `#${m.colExtracted}`, `#${m.colLoaded}`, `#${m.colFiltered}`, `#${m.colQuarantined}`, m.colStatus],
      report.entities.map((e) => [e.name, `${e.mapping} v${e.mappingVersion}`, e.extracted, e.loaded, e.filtered, e.quarantined, balanceBadge(e, m).label]),
      m.none,
    ),
  );
  if (report.changes !== null) {
    out.push(`## ${m.secChanges}\n`);
    out.push(
      mdTable(
        [m.colEntity, `#${m.colInsert}`, `#${m.colUpdate}`, `#${m.colUnchanged}`],
        Object.entries(report.changes).map(([entity, c]) => [entity, c.insert, c.update, c.unchanged]),
        m.none,
      ),
    );
  }
  out.push(`## ${m.secReconciliation}\n`);
  const r = report.reconciliation;
  out.push(m.mdReconciliationStatus(reconciliationStatusName(r.status, m), reconciliationDetail(r, report.dryRun, m)));
  if (r.controlTotals.length > 0) {
    out.push(
      `\n${mdTable(
        [m.colMapping, m.colYear, `#${m.mdSource}`, `#${m.mdTarget}`, `#${m.colExcluded}`, m.colResult],
        r.controlTotals.map((c) => [
          c.mapping,
          c.year === null ? '—' : String(c.year),
          c.source.count,
          c.target.count,
          c.excluded.count,
          c.matched ? m.matched : c.conclusive ? m.mismatch : m.inconclusive,
        ]),
        m.none,
      )}`,
    );
  } else out.push(` ${m.mdNoControlTotals}\n`);
  if (r.hashes !== null) out.push(`${m.mdHashes(formatCount(r.hashes.checked), formatCount(r.hashes.mismatchedCount), formatCount(r.hashes.missingCount))}\n`);
  out.push(`## ${m.secQuarantine}\n`);
  out.push(
    mdTable(
      [m.colIssueCode, m.colMeaning, `#${m.colRows}`],
      Object.entries(report.quarantine.byCode)
        .sort(([, a], [, b]) => b - a)
        .map(([code, n]) => [code, issueMeaning(code, m), n]),
      m.none,
    ),
  );
  if (report.codeListCoverage !== undefined) {
    out.push(`## ${m.secCodeLists}\n`);
    out.push(
      mdTable(
        [m.colCodeList, `#${m.colMapped}`, `#${m.colUnmapped}`, `#${m.colUnapproved}`, `#${m.colDefaulted}`],
        report.codeListCoverage.map((c) => [
          c.codeList,
          suppressSmall(c.totals.mapped),
          suppressSmall(c.totals.unmapped),
          suppressSmall(c.totals.unapproved),
          suppressSmall(c.totals.defaulted),
        ]),
        m.none,
      ),
    );
    const gaps = report.codeListCoverage.flatMap((c) =>
      c.codes
        .filter((x) => x.unmapped + x.unapproved + x.defaulted > 0)
        .map((x) => [c.codeList, x.sourceCode, suppressSmall(x.unmapped), suppressSmall(x.unapproved), suppressSmall(x.defaulted)]),
    );
    if (gaps.length > 0)
      out.push(
        `\n${m.legacyCodesAttentionSmall}\n\n${mdTable([m.colCodeList, m.colLegacyCode, m.colUnmapped, m.colUnapproved, m.colDefaulted], gaps.slice(0, 200), m.none)}`,
      );
  }
  const breached = report.thresholds.filter((t) => t.breached);
  if (breached.length > 0) {
    out.push(`## ${m.breachedThresholds}\n`);
    out.push(
      mdTable(
        [m.colMapping, m.colMetric, m.colSeverity, `#${m.colCount}`, m.colPercent],
        breached.map((t) => [t.mapping, t.metric, m.severity[t.severity] ?? t.severity, t.count, `${swissDecimal(t.percent, 2)} %`]),
        m.none,
      ),
    );
  }
  out.push(`## ${m.secDuplicates}\n\n${m.duplicateGroupsPolicy(formatCount(report.duplicates.groupCount), report.duplicates.policy)}\n`);
  const sections: [string, unknown, (value: never, messages: typeof m) => string][] = [
    [m.secDelta, report.delta, deltaSectionMarkdown],
    [m.secCaseChecks, report.caseChecks, caseChecksSectionMarkdown],
    [m.secStatistics, report.statisticsReadiness, readinessSectionMarkdown],
    [m.secDocuments, report.documents, documentsSectionMarkdown],
  ];
  for (const [title, value, render] of sections) {
    if (value === undefined || value === null) continue;
    let body: string;
    try {
      body = render(value as never, m);
    } catch {
      // A section of another shape (a report from another version): show it as JSON rather than fail.
      body = `\`\`\`json\n${JSON.stringify(value, null, 2).replace(/```/g, '` ` `').slice(0, 20_000)}\n\`\`\`\n`;
    }
    out.push(`## ${title}\n\n${body}`);
  }
  out.push(`\n_${m.mdFooter(report.reportVersion)}_\n`);
  return out.join('\n');
}

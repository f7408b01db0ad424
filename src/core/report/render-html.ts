/**
 * Renders a RunReport as one self-contained HTML page for the people who decide whether a migration
 * can go ahead: the verdict first, then the accounting per entity (the conservation equation), the
 * stages, reconciliation, quarantine by reason, code-list coverage, the dry run's "what would change"
 * and any optional sections. Everything comes from the JSON report, so it holds codes, counts and
 * pseudonymous references only; every value is escaped. The words come from the message catalogue of
 * the chosen language (`lang`); figures use the Swiss format and times Zurich local time in every language.
 */
import type { RunReport } from './run-report.js';
import {
  badge,
  barChart,
  escapeHtml,
  formatCount,
  formatDuration,
  outcomeLegend,
  outcomeSegments,
  page,
  section,
  stackedBar,
  table as kitTable,
  tile,
  type Cell,
} from './html-kit.js';
import {
  balanceBadge,
  completionOf,
  errorNextStep,
  issueMeaning,
  reasonText,
  reconciliationDetail,
  reconciliationStatusName,
  reconciliationTone,
  statusName,
  statusVerdict,
  suppressSmall,
  totalOf,
} from './report-wording.js';
import type { ReportLanguage } from './i18n/report-language.js';
import { reportMessages, type ReportMessages } from './i18n/report-messages.js';
import { swissDateTime, swissDecimal, swissExactDecimal } from './i18n/swiss-format.js';
import { renderGenericHtml } from './render-generic-html.js';
import { documentsSectionHtml } from './render-documents-section.js';
import { hasHistory, sessionsSectionHtml } from './render-sessions-section.js';
import { caseChecksSectionHtml, readinessSectionHtml } from './render-readiness-section.js';
import { changeListSectionHtml, deliverySectionHtml } from './render-delivery-section.js';
import { deltaSectionHtml } from './render-delta-section.js';

/** Options of the rendered run report. */
export interface RenderReportOptions {
  /** Language of the words (default English); figures and dates are Swiss in every language. */
  readonly lang?: ReportLanguage;
}

/** Renders the run report as a standalone HTML document. */
export function renderRunReportHtml(report: RunReport, options: RenderReportOptions = {}): string {
  const m = reportMessages(options.lang);
  const verdict = statusVerdict(report, m);
  const parts: string[] = [];
  const toc: [string, string][] = [];
  const add = (id: string, title: string, body: string, intro?: string): void => {
    parts.push(section(id, title, body, intro));
    toc.push([id, title]);
  };

  parts.push(
    `<div class="verdict ${verdict.tone}" id="verdict" data-status="${escapeHtml(report.status)}"><div>${badge(statusName(report.status, m), verdict.tone)}</div><div><div class="big">${escapeHtml(verdict.label)}</div><div class="muted">${escapeHtml(verdict.advice)}</div></div></div>`,
  );
  // A failed run leads with its cause: code, message and the next step, before any figure.
  if (report.errors.length > 0) add('errors', m.secErrors, causes(report, m), m.secErrorsIntro);
  parts.push(summaryTiles(report, m));
  if (report.reasons.length > 0) {
    add('reasons', m.secReasons, `<ul>${report.reasons.map((r) => `<li><code>${escapeHtml(r)}</code> — ${escapeHtml(reasonText(r, m))}</li>`).join('')}</ul>`);
  }
  add('accounting', m.secAccounting, accounting(report, m), m.secAccountingIntro);
  if (report.changes !== null) add('changes', m.secChanges, changes(report, m), m.secChangesIntro);
  if (report.changeList !== undefined) {
    add(
      'change-list',
      m.secChangeList,
      safely(() => changeListSectionHtml(report.changeList!, m), report.changeList, m),
      m.secChangeListIntro,
    );
  }
  if (report.delivery !== undefined) {
    add(
      'delivery',
      m.secDelivery,
      safely(() => deliverySectionHtml(report.delivery!, m), report.delivery, m),
      m.secDeliveryIntro,
    );
  }
  if (report.delta !== undefined) {
    add(
      'delta',
      m.secDelta,
      safely(() => deltaSectionHtml(report.delta!, m), report.delta, m),
      m.secDeltaIntro,
    );
  }
  add('records', m.secRecords, records(report, m), m.secRecordsIntro);
  add('stages', m.secStages, stages(report, m), m.secStagesIntro);
  if (hasHistory(report)) add('sessions', m.secSessions, sessionsSectionHtml(report, m), m.secSessionsIntro);
  add('reconciliation', m.secReconciliation, reconciliation(report, m), m.secReconciliationIntro);
  add('quarantine', m.secQuarantine, quarantine(report, m), m.secQuarantineIntro);
  if (report.codeListCoverage !== undefined) add('code-lists', m.secCodeLists, codeLists(report, m), m.secCodeListsIntro);
  if (report.thresholds.length > 0) add('thresholds', m.secThresholds, thresholds(report, m));
  add('duplicates', m.secDuplicates, duplicates(report, m), m.secDuplicatesIntro(report.duplicates.policy));
  // Optional sections are typed, but a report written by another version may carry another shape:
  // then the generic rendering shows whatever is there instead of failing.
  if (report.caseChecks !== undefined)
    add(
      'case-checks',
      m.secCaseChecks,
      safely(() => caseChecksSectionHtml(report.caseChecks!, m), report.caseChecks, m),
      m.secCaseChecksIntro,
    );
  if (report.statisticsReadiness !== undefined) {
    add(
      'statistics',
      m.secStatistics,
      safely(() => readinessSectionHtml(report.statisticsReadiness!, m), report.statisticsReadiness, m),
      m.secStatisticsIntro,
    );
  }
  if (report.documents !== undefined) {
    add(
      'documents',
      m.secDocuments,
      safely(() => documentsSectionHtml(report.documents!, m), report.documents, m),
      m.secDocumentsIntro,
    );
  }

  return page({
    lang: m.lang,
    title: m.pageTitle(report.migration),
    heading: m.heading(report.migration),
    meta: [
      [m.metaSource, report.sourceSystem],
      [m.metaTarget, report.target.kind],
      [m.metaMode, report.dryRun ? m.modeDryRun : m.modeRealRun],
      [m.metaRun, report.runId],
      [m.metaStarted, swissDateTime(report.startedAt)],
      [m.metaDuration, formatDuration(report.durationsMs.total)],
    ],
    toc,
    body: parts.join('\n'),
    footer: m.footer(report.reportVersion, String(report.exitCode), report.resumed),
  });
}

/** A table whose empty state speaks the report's language. */
function tableIn(
  m: ReportMessages,
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  options: { caption?: string; footer?: readonly Cell[] } = {},
): string {
  return kitTable(headers, rows, { ...options, empty: m.none });
}

function num(text: string): Cell {
  return { text, num: true };
}

function causes(report: RunReport, m: ReportMessages): string {
  return tableIn(
    m,
    [m.colCode, m.colWhatHappened, m.colWhatToDo],
    report.errors.map((e) => [{ html: `<code>${escapeHtml(e.code)}</code>` }, e.message, errorNextStep(e, m)]),
    { caption: m.errorsCaption },
  );
}

function summaryTiles(report: RunReport, m: ReportMessages): string {
  const extracted = totalOf(report, 'extracted');
  const loaded = totalOf(report, 'loaded');
  const filtered = totalOf(report, 'filtered');
  const quarantined = totalOf(report, 'quarantined');
  const rec = report.reconciliation.status;
  // Green only for what ran to its end: a stopped run's figures are partial, not good news.
  const complete = report.entities.every((e) => completionOf(e) === 'complete');
  const ranAny = report.entities.some((e) => completionOf(e) !== 'not_run');
  const balanced = report.unbalanced
    ? tile(m.tileBalanced, m.no, 'bad', m.tileBalancedEquation, 'Balanced')
    : !ranAny
      ? tile(m.tileBalanced, m.badgeNotRun, 'muted', m.tileBalancedNoMapping, 'Balanced')
      : complete
        ? tile(m.tileBalanced, m.yes, 'ok', m.tileBalancedEquation, 'Balanced')
        : tile(m.tileBalanced, m.tileBalancedSoFar, 'warn', m.tileBalancedStopped, 'Balanced');
  const recHint =
    rec === 'skipped'
      ? m.recHintOff
      : rec === 'not_run'
        ? report.reconciliation.notRunBecause === 'cancelled'
          ? m.recHintCancelled
          : m.recHintStopped
        : m.recHintCompared;
  return `<div class="tiles">${[
    tile(m.tileExtracted, formatCount(extracted), 'info', m.tileExtractedHint, 'Extracted'),
    tile(
      m.tileLoaded,
      formatCount(loaded),
      complete ? 'ok' : 'muted',
      report.dryRun ? m.tileLoadedDry : complete ? m.tileLoadedDone : m.tileLoadedStopped,
      'Loaded',
    ),
    tile(m.tileFiltered, formatCount(filtered), 'muted', m.tileFilteredHint, 'Filtered'),
    tile(m.tileQuarantined, formatCount(quarantined), quarantined > 0 ? 'warn' : complete ? 'ok' : 'muted', m.tileQuarantinedHint, 'Quarantined'),
    balanced,
    tile(m.tileReconciliation, reconciliationStatusName(rec, m), reconciliationTone(rec), recHint, 'Reconciliation'),
  ].join('')}</div>`;
}

function accounting(report: RunReport, m: ReportMessages): string {
  const rows: Cell[][] = report.entities.map((e) => [
    { html: `<b>${escapeHtml(e.name)}</b><br><span class="muted mono">${escapeHtml(e.mapping)} v${escapeHtml(e.mappingVersion)}</span>` },
    e.extracted,
    e.loaded,
    e.filtered,
    e.quarantined,
    {
      html: `<span class="equation">${escapeHtml(formatCount(e.extracted))} ${e.balanced ? '=' : '≠'} ${escapeHtml(formatCount(e.loaded))} + ${escapeHtml(formatCount(e.filtered))} + ${escapeHtml(formatCount(e.quarantined))}</span>`,
    },
    { html: ((b) => badge(b.label, b.tone))(balanceBadge(e, m)) },
    { html: stackedBar(outcomeSegments(e.loaded, e.filtered, e.quarantined, m.outcome), 180, 14, m.noRows) },
  ]);
  const overall = report.unbalanced
    ? { label: m.badgeUnbalanced, tone: 'bad' as const }
    : report.entities.every((e) => completionOf(e) === 'complete')
      ? { label: m.badgeBalanced, tone: 'ok' as const }
      : { label: m.badgeIncomplete, tone: 'warn' as const };
  const footer: Cell[] = [
    m.total,
    totalOf(report, 'extracted'),
    totalOf(report, 'loaded'),
    totalOf(report, 'filtered'),
    totalOf(report, 'quarantined'),
    '',
    { html: badge(overall.label, overall.tone) },
    '',
  ];
  const filters = report.entities.flatMap((e) =>
    Object.entries(e.filteredByRule).map(([rule, n]) => [e.mapping, { html: `<code>${escapeHtml(rule)}</code>` }, n] as Cell[]),
  );
  return (
    tableIn(
      m,
      [m.colEntityMapping, num(m.colExtracted), num(m.colLoaded), num(m.colFiltered), num(m.colQuarantined), m.colEquation, m.colStatus, m.colShare],
      rows,
      { caption: m.accountingCaption, footer },
    ) +
    outcomeLegend(m.outcome) +
    (filters.length > 0 ? `<h3>${escapeHtml(m.filteredByRule)}</h3>${tableIn(m, [m.colMapping, m.colRule, num(m.colRows)], filters)}` : '')
  );
}

function changes(report: RunReport, m: ReportMessages): string {
  const entries = Object.entries(report.changes ?? {});
  return tableIn(
    m,
    [m.colEntity, num(m.colWouldInsert), num(m.colWouldUpdate), num(m.colUnchanged)],
    entries.map(([entity, c]) => [entity, c.insert, c.update, c.unchanged]),
    {
      caption: m.changesCaption,
      footer: [
        m.total,
        entries.reduce((t, [, c]) => t + c.insert, 0),
        entries.reduce((t, [, c]) => t + c.update, 0),
        entries.reduce((t, [, c]) => t + c.unchanged, 0),
      ],
    },
  );
}

function records(report: RunReport, m: ReportMessages): string {
  const entries = Object.entries(report.records);
  return tableIn(
    m,
    [m.colCanonicalEntity, num(m.colInserted), num(m.colUpdated), num(m.colUnchanged)],
    entries.map(([entity, c]) => [entity, c.inserted, c.updated, c.unchanged]),
  );
}

function stages(report: RunReport, m: ReportMessages): string {
  const order = ['extract', 'map', 'validate', 'load', 'reconcile'] as const;
  const items = order.map((s) => ({ label: m.stage[s] ?? s, value: report.durationsMs[s] }));
  const batches = formatCount(report.entities.reduce((t, e) => t + e.batches, 0));
  return `${barChart(items, { unit: formatDuration, ariaLabel: m.barChart })}<p class="muted">${escapeHtml(m.stagesTotal(formatDuration(report.durationsMs.total), batches))}</p>`;
}

function reconciliation(report: RunReport, m: ReportMessages): string {
  const r = report.reconciliation;
  const out: string[] = [
    `<p>${escapeHtml(m.statusLabel)}: ${badge(reconciliationStatusName(r.status, m), reconciliationTone(r.status))} <span class="muted">${escapeHtml(reconciliationDetail(r, report.dryRun, m))}</span></p>`,
  ];
  const unbalanced = r.conservation.filter((c) => !c.balanced);
  out.push(
    `<h3>${escapeHtml(m.conservation)}</h3><p>${unbalanced.length === 0 ? `${badge(m.allBalanced, 'ok')} ${escapeHtml(m.mappingsChecked(formatCount(r.conservation.length)))}` : `${badge(m.nUnbalanced(formatCount(unbalanced.length)), 'bad')}`}</p>`,
  );
  if (unbalanced.length > 0)
    out.push(
      tableIn(
        m,
        [m.colMapping, num(m.colDifference)],
        unbalanced.map((c) => [c.mapping, c.difference]),
      ),
    );
  out.push(`<h3>${escapeHtml(m.controlTotals)}</h3>`);
  if (r.controlTotals.length === 0) out.push(`<p class="muted">${escapeHtml(m.noControlTotals)}</p>`);
  else {
    out.push(
      tableIn(
        m,
        [m.colMapping, m.colYear, num(m.colSourceRows), num(m.colTargetRows), num(m.colExcluded), m.colSums, m.colResult],
        r.controlTotals.map((c) => [
          c.mapping,
          c.year === null ? '—' : String(c.year),
          c.source.count,
          c.target.count,
          c.excluded.count,
          {
            html:
              Object.keys(c.source.sums)
                .map(
                  (k) =>
                    `<span class="mono">${escapeHtml(k.replace(/Rappen$/, ' CHF'))}: ${escapeHtml(money(k, c.source.sums[k]))} / ${escapeHtml(money(k, c.target.sums[k]))} + ${escapeHtml(money(k, c.excluded.sums[k] ?? '0'))}</span>`,
                )
                .join('<br>') || '<span class="muted">—</span>',
          },
          { html: c.matched ? badge(m.matched, 'ok') : c.conclusive ? badge(m.mismatch, 'bad') : badge(m.inconclusive, 'warn') },
        ]),
      ),
    );
  }
  if (r.controlTotalsSkipped.length > 0)
    out.push(
      tableIn(
        m,
        [m.colMapping, m.colSkippedBecause],
        r.controlTotalsSkipped.map((s) => [s.mapping, { html: `<code>${escapeHtml(s.reason)}</code>` }]),
      ),
    );
  out.push(`<h3>${escapeHtml(m.contentHashes)}</h3>`);
  if (r.hashes === null) out.push(`<p class="muted">${escapeHtml(m.hashesNotChecked)}</p>`);
  else {
    out.push(`<p>${escapeHtml(m.hashesLine(formatCount(r.hashes.checked), formatCount(r.hashes.mismatchedCount), formatCount(r.hashes.missingCount)))}</p>`);
    const mismatches: Cell[][] = [
      ...r.hashes.mismatched.map((x) => [x.entity, { html: `<code>${escapeHtml(x.id)}</code>` }, { html: `<code>${escapeHtml(x.reason)}</code>` }] as Cell[]),
      ...r.hashes.missing.map((x) => [x.entity, { html: `<code>${escapeHtml(x.id)}</code>` }, m.missing] as Cell[]),
    ];
    if (mismatches.length > 0) out.push(tableIn(m, [m.colEntity, m.colCanonicalId, m.colProblem], mismatches, { caption: m.mismatchCaption }));
  }
  return out.join('');
}

/** A control-total sum for display: integer Rappen fields as CHF with Swiss separators (exact, string arithmetic). */
function money(field: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (!field.endsWith('Rappen')) return value;
  return swissExactDecimal(value, 2);
}

function quarantine(report: RunReport, m: ReportMessages): string {
  const entries = Object.entries(report.quarantine.byCode).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return `<p>${badge(m.noneBadge, 'ok')} ${escapeHtml(m.noQuarantine)}</p>`;
  const quarantined = report.entities.filter((e) => e.quarantined > 0);
  const perMapping = quarantined.flatMap((e) =>
    Object.entries(e.quarantinedByCode).map(([code, n]) => [e.mapping, { html: `<code>${escapeHtml(code)}</code>` }, issueMeaning(code, m), n] as Cell[]),
  );
  // Stages are counted per mapping, not per code: one row per mapping, never repeated beside each code.
  const stageNames = [...new Set(quarantined.flatMap((e) => Object.keys(e.quarantinedByStage)))].sort();
  const perStage = quarantined.map((e) => [e.mapping, ...stageNames.map((s) => e.quarantinedByStage[s] ?? 0), e.quarantined] as Cell[]);
  return (
    `<p>${escapeHtml(m.quarantinedRows(formatCount(report.quarantine.total)))}</p>` +
    barChart(
      entries.map(([code, n]) => ({ label: code, value: n })),
      { color: '#c0392b', ariaLabel: m.barChart },
    ) +
    tableIn(m, [m.colMapping, m.colIssueCode, m.colMeaning, num(m.colRows)], perMapping, { caption: m.quarantineCaption }) +
    (stageNames.length > 0
      ? `<h3>${escapeHtml(m.rejectedAtStage)}</h3>${tableIn(m, [m.colMapping, ...stageNames.map((s) => num(m.stage[s] ?? s)), num(m.total)], perStage, { caption: m.stageCaption })}`
      : '')
  );
}

function codeLists(report: RunReport, m: ReportMessages): string {
  const list = report.codeListCoverage ?? [];
  if (list.length === 0) return `<p class="muted">${escapeHtml(m.noCodeList)}</p>`;
  const rows: Cell[][] = list.map((c) => {
    const total = c.totals.total;
    const pct = total === 0 ? 100 : (c.totals.mapped / total) * 100;
    const tone = c.totals.unmapped > 0 ? 'bad' : c.totals.unapproved + c.totals.defaulted > 0 ? 'warn' : 'ok';
    // The same small-count suppression as the table of legacy codes below, so one cannot be subtracted from the other.
    return [
      { html: `<b>${escapeHtml(c.codeList)}</b><br><span class="muted mono">${escapeHtml(c.pin)}</span>` },
      { text: suppressSmall(c.totals.mapped), num: true },
      { text: suppressSmall(c.totals.unmapped), num: true },
      { text: suppressSmall(c.totals.unapproved), num: true },
      { text: suppressSmall(c.totals.defaulted), num: true },
      { text: suppressSmall(total), num: true },
      { html: badge(m.percentMapped(swissDecimal(pct, 1)), tone) },
    ];
  });
  const gaps = list.flatMap((c) =>
    c.codes
      .filter((r) => r.unmapped + r.unapproved + r.defaulted > 0)
      .map(
        (r) =>
          [
            c.codeList,
            { html: `<code>${escapeHtml(r.sourceCode)}</code>` },
            { text: suppressSmall(r.unmapped), num: true },
            { text: suppressSmall(r.unapproved), num: true },
            { text: suppressSmall(r.defaulted), num: true },
          ] as Cell[],
      ),
  );
  return (
    tableIn(m, [m.colCodeList, num(m.colMapped), num(m.colUnmapped), num(m.colUnapproved), num(m.colDefaulted), num(m.colLookups), m.colCoverage], rows) +
    (gaps.length > 0
      ? `<h3>${escapeHtml(m.legacyCodesAttention)}</h3>${tableIn(m, [m.colCodeList, m.colLegacyCode, num(m.colUnmapped), num(m.colUnapproved), num(m.colDefaulted)], gaps.slice(0, 200))}`
      : '')
  );
}

function thresholds(report: RunReport, m: ReportMessages): string {
  return tableIn(
    m,
    [m.colMapping, m.colMetric, m.colSeverity, num(m.colCount), num('%'), m.colLimit, m.colResult],
    report.thresholds.map((t) => [
      t.mapping,
      { html: `<code>${escapeHtml(t.metric)}</code>` },
      m.severity[t.severity] ?? t.severity,
      t.count,
      num(swissDecimal(t.percent, 2)),
      [t.maxCount !== null ? `≤ ${t.maxCount}` : '', t.maxPercent !== null ? `≤ ${t.maxPercent} %` : '', (t.minCount ?? null) !== null ? `≥ ${t.minCount}` : '']
        .filter((s) => s !== '')
        .join(', '),
      { html: t.breached ? badge(m.breached, t.severity === 'error' ? 'bad' : 'warn') : badge(m.ok, 'ok') },
    ]),
  );
}

function duplicates(report: RunReport, m: ReportMessages): string {
  const d = report.duplicates;
  if (d.groupCount === 0) return `<p>${badge(m.noneBadge, 'ok')} ${escapeHtml(m.noDuplicates)}</p>`;
  return (
    `<p>${escapeHtml(m.duplicateGroups(formatCount(d.groupCount), d.groups.length < d.groupCount ? formatCount(d.groups.length) : null))}</p>` +
    tableIn(
      m,
      [m.colEntity, m.colKeyField, m.colMembers, m.colSurvivor],
      d.groups.map((g) => [
        g.entity,
        { html: `<code>${escapeHtml(g.field)}</code>` },
        { html: g.members.map((x) => `<code>${escapeHtml(x.id)}</code>${x.merged ? ` (${escapeHtml(m.merged)})` : ''}`).join('<br>') },
        { html: g.survivorId === null ? '—' : `<code>${escapeHtml(g.survivorId)}</code>` },
      ]),
    )
  );
}

/** Renders a typed section, falling back to the generic rendering when its shape is not the expected one. */
function safely(render: () => string, value: unknown, m: ReportMessages): string {
  try {
    return render();
  } catch {
    return renderGenericHtml(value, 0, m);
  }
}

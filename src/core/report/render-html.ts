/**
 * Renders a RunReport as one self-contained HTML page for the people who decide whether a migration
 * can go ahead: the verdict first, then the accounting per entity (the conservation equation), the
 * stages, reconciliation, quarantine by reason, code-list coverage, the dry run's "what would change"
 * and any optional sections. Everything comes from the JSON report, so it holds codes, counts and
 * pseudonymous references only; every value is escaped.
 */
import type { RunReport } from './run-report.js';
import {
  badge, barChart, escapeHtml, formatCount, formatDuration, outcomeLegend, outcomeSegments, page, section, stackedBar, table, tile, type Cell,
} from './html-kit.js';
import { REASON_TEXT, balanceBadge, completionOf, errorNextStep, issueMeaning, reconciliationLine, reconciliationTone, statusVerdict, suppressSmall, totalOf } from './report-wording.js';
import { renderGenericHtml } from './render-generic-html.js';
import { documentsSectionHtml } from './render-documents-section.js';
import { hasHistory, sessionsSectionHtml } from './render-sessions-section.js';
import { caseChecksSectionHtml, readinessSectionHtml } from './render-readiness-section.js';
import { changeListSectionHtml, deliverySectionHtml } from './render-delivery-section.js';

/** Renders the run report as a standalone HTML document. */
export function renderRunReportHtml(report: RunReport): string {
  const verdict = statusVerdict(report);
  const parts: string[] = [];
  const toc: [string, string][] = [];
  const add = (id: string, title: string, body: string, intro?: string): void => {
    parts.push(section(id, title, body, intro));
    toc.push([id, title]);
  };

  parts.push(
    `<div class="verdict ${verdict.tone}" id="verdict"><div>${badge(report.status, verdict.tone)}</div><div><div class="big">${escapeHtml(verdict.label)}</div><div class="muted">${escapeHtml(verdict.advice)}</div></div></div>`,
  );
  // A failed run leads with its cause: code, message and the next step, before any figure.
  if (report.errors.length > 0) add('errors', 'What stopped the run', causes(report), 'Fix the cause named here first; the figures below only cover what ran before it.');
  parts.push(summaryTiles(report));
  if (report.reasons.length > 0) {
    add('reasons', 'Why this status', `<ul>${report.reasons.map((r) => `<li><code>${escapeHtml(r)}</code> — ${escapeHtml(REASON_TEXT[r] ?? r)}</li>`).join('')}</ul>`);
  }
  add('accounting', 'Accounting per entity (conservation)', accounting(report), 'Every source row must end up loaded, filtered (by a named rule) or quarantined (with a reason code): extracted = loaded + filtered + quarantined.');
  if (report.changes !== null) add('changes', 'What would change (dry run)', changes(report), 'A dry run stages everything exactly like a real run, then rolls back. These are the changes a real run would make to the target.');
  if (report.changeList !== undefined) {
    add('change-list', 'What would change, record by record (dry run)', safely(() => changeListSectionHtml(report.changeList!), report.changeList), 'By canonical id (a pseudonymous reference); updates name the fields that would change, never their values.');
  }
  if (report.delivery !== undefined) {
    add('delivery', 'Delivery', safely(() => deliverySectionHtml(report.delivery!), report.delivery), 'Records gone from a full-snapshot source become tombstones: marked deleted with the run that saw them, never erased.');
  }
  add('records', 'Canonical records', records(report), 'One source row may yield several canonical records (e.g. a person and an address).');
  add('stages', 'Stages', stages(report), 'Time spent per stage, summed over mappings (stages overlap when reading ahead).');
  if (hasHistory(report)) add('sessions', 'Sessions and stages', sessionsSectionHtml(report), 'A run killed or interrupted is resumed by a new session; the ledger keeps each session and checkpoints each stage.');
  add('reconciliation', 'Reconciliation', reconciliation(report), 'Three independent witnesses: the conservation equation, control totals computed inside the source, and content hashes read back from the target.');
  add('quarantine', 'Quarantine by reason', quarantine(report), 'Quarantined rows were not loaded; each carries a stable issue code. Fix them in the source or the mapping and run again.');
  if (report.codeListCoverage !== undefined) add('code-lists', 'Code-list coverage', codeLists(report), 'How legacy codes were translated into the harmonized code lists (eCH, BFS, KOKES, SKOS). Counts below 5 are shown as <5.');
  if (report.thresholds.length > 0) add('thresholds', 'Thresholds', thresholds(report));
  add('duplicates', 'Duplicates', duplicates(report), `Policy: ${report.duplicates.policy}. Records that share a key (e.g. the same AHV number), listed by pseudonymous id only.`);
  // Optional sections are typed, but a report written by another version may carry another shape:
  // then the generic rendering shows whatever is there instead of failing.
  if (report.caseChecks !== undefined) add('case-checks', 'Case checks', safely(() => caseChecksSectionHtml(report.caseChecks!), report.caseChecks), 'Rules across the records of one case, run after the load. They flag loaded records for review; nothing is quarantined, but error findings fail the run unless a threshold allows them.');
  if (report.statisticsReadiness !== undefined) {
    add('statistics', 'Statistics readiness (BFS SHS)', safely(() => readinessSectionHtml(report.statisticsReadiness!), report.statisticsReadiness), 'Share of the statistical dossiers that would pass the BFS plausibility checks if delivered from the loaded data.');
  }
  if (report.documents !== undefined) {
    add('documents', 'Documents', safely(() => documentsSectionHtml(report.documents!), report.documents), 'Document contents streamed from the source into the document store, each hashed on the way (SHA-256) and read back to prove it arrived byte for byte.');
  }

  return page({
    title: `casebridge run report — ${report.migration}`,
    heading: `Migration run report: ${report.migration}`,
    meta: [
      ['Source', report.sourceSystem],
      ['Target', report.target.kind],
      ['Mode', report.dryRun ? 'dry run' : 'real run'],
      ['Run', report.runId],
      ['Started', report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')],
      ['Duration', formatDuration(report.durationsMs.total)],
    ],
    toc,
    body: parts.join('\n'),
    footer: `casebridge run report v${report.reportVersion} · exit code ${report.exitCode}${report.resumed ? ' · resumed run' : ''} · pseudonymous references only`,
  });
}

function causes(report: RunReport): string {
  return table(
    ['Code', 'What happened', 'What to do'],
    report.errors.map((e) => [{ html: `<code>${escapeHtml(e.code)}</code>` }, e.message, errorNextStep(e)]),
    { caption: 'Errors that stopped the run' },
  );
}

function summaryTiles(report: RunReport): string {
  const extracted = totalOf(report, 'extracted');
  const loaded = totalOf(report, 'loaded');
  const filtered = totalOf(report, 'filtered');
  const quarantined = totalOf(report, 'quarantined');
  const rec = report.reconciliation.status;
  // Green only for what ran to its end: a stopped run's figures are partial, not good news.
  const complete = report.entities.every((e) => completionOf(e) === 'complete');
  const ranAny = report.entities.some((e) => completionOf(e) !== 'not_run');
  const balanced = report.unbalanced ? tile('Balanced', 'no', 'bad', 'conservation equation') : !ranAny ? tile('Balanced', 'not run', 'muted', 'no mapping ran') : complete ? tile('Balanced', 'yes', 'ok', 'conservation equation') : tile('Balanced', 'so far', 'warn', 'the run stopped before its end');
  const recHint = rec === 'skipped' ? 'switched off' : rec === 'not_run' ? (report.reconciliation.notRunBecause === 'cancelled' ? 'not run: the run was cancelled' : 'not run: the run stopped') : 'source vs target';
  return `<div class="tiles">${[
    tile('Extracted', formatCount(extracted), 'info', 'source rows read'),
    tile('Loaded', formatCount(loaded), complete ? 'ok' : 'muted', report.dryRun ? 'would be loaded' : complete ? 'rows loaded' : 'rows loaded before the stop'),
    tile('Filtered', formatCount(filtered), 'muted', 'by named rules'),
    tile('Quarantined', formatCount(quarantined), quarantined > 0 ? 'warn' : complete ? 'ok' : 'muted', 'with a reason code'),
    balanced,
    tile('Reconciliation', rec === 'not_run' ? 'not run' : rec, reconciliationTone(rec), recHint),
  ].join('')}</div>`;
}

function accounting(report: RunReport): string {
  const rows: Cell[][] = report.entities.map((e) => [
    { html: `<b>${escapeHtml(e.name)}</b><br><span class="muted mono">${escapeHtml(e.mapping)} v${escapeHtml(e.mappingVersion)}</span>` },
    e.extracted,
    e.loaded,
    e.filtered,
    e.quarantined,
    { html: `<span class="equation">${escapeHtml(formatCount(e.extracted))} ${e.balanced ? '=' : '≠'} ${escapeHtml(formatCount(e.loaded))} + ${escapeHtml(formatCount(e.filtered))} + ${escapeHtml(formatCount(e.quarantined))}</span>` },
    { html: ((b) => badge(b.label, b.tone))(balanceBadge(e)) },
    { html: stackedBar(outcomeSegments(e.loaded, e.filtered, e.quarantined), 180) },
  ]);
  const overall = report.unbalanced ? { label: 'UNBALANCED', tone: 'bad' as const } : report.entities.every((e) => completionOf(e) === 'complete') ? { label: 'balanced', tone: 'ok' as const } : { label: 'incomplete', tone: 'warn' as const };
  const footer: Cell[] = ['Total', totalOf(report, 'extracted'), totalOf(report, 'loaded'), totalOf(report, 'filtered'), totalOf(report, 'quarantined'), '', { html: badge(overall.label, overall.tone) }, ''];
  const filters = report.entities.flatMap((e) => Object.entries(e.filteredByRule).map(([rule, n]) => [e.mapping, { html: `<code>${escapeHtml(rule)}</code>` }, n] as Cell[]));
  return (
    table(['Entity / mapping', { text: 'Extracted', num: true }, { text: 'Loaded', num: true }, { text: 'Filtered', num: true }, { text: 'Quarantined', num: true }, 'Equation', 'Status', 'Share'], rows, { caption: 'Source rows per mapping', footer }) +
    outcomeLegend() +
    (filters.length > 0 ? `<h3>Filtered by rule</h3>${table(['Mapping', 'Rule', { text: 'Rows', num: true }], filters)}` : '')
  );
}

function changes(report: RunReport): string {
  const entries = Object.entries(report.changes ?? {});
  return table(
    ['Entity', { text: 'Would insert', num: true }, { text: 'Would update', num: true }, { text: 'Unchanged', num: true }],
    entries.map(([entity, c]) => [entity, c.insert, c.update, c.unchanged]),
    { caption: 'Changes a real run would make', footer: ['Total', entries.reduce((t, [, c]) => t + c.insert, 0), entries.reduce((t, [, c]) => t + c.update, 0), entries.reduce((t, [, c]) => t + c.unchanged, 0)] },
  );
}

function records(report: RunReport): string {
  const entries = Object.entries(report.records);
  return table(
    ['Canonical entity', { text: 'Inserted', num: true }, { text: 'Updated', num: true }, { text: 'Unchanged', num: true }],
    entries.map(([entity, c]) => [entity, c.inserted, c.updated, c.unchanged]),
  );
}

function stages(report: RunReport): string {
  const order = ['extract', 'map', 'validate', 'load', 'reconcile'] as const;
  const items = order.map((s) => ({ label: s, value: report.durationsMs[s] }));
  return barChart(items, { unit: formatDuration }) + `<p class="muted">Total wall time ${escapeHtml(formatDuration(report.durationsMs.total))}, ${escapeHtml(formatCount(report.entities.reduce((t, e) => t + e.batches, 0)))} batches.</p>`;
}

function reconciliation(report: RunReport): string {
  const r = report.reconciliation;
  const out: string[] = [`<p>Status: ${badge(r.status === 'not_run' ? 'not run' : r.status, reconciliationTone(r.status))} <span class="muted">${escapeHtml(reconciliationLine(r, report.dryRun).replace(/^[^·]*· /, ''))}</span></p>`];
  const unbalanced = r.conservation.filter((c) => !c.balanced);
  out.push(`<h3>Conservation</h3><p>${unbalanced.length === 0 ? `${badge('all balanced', 'ok')} ${escapeHtml(String(r.conservation.length))} mappings checked.` : `${badge(`${unbalanced.length} unbalanced`, 'bad')}`}</p>`);
  if (unbalanced.length > 0) out.push(table(['Mapping', { text: 'Difference', num: true }], unbalanced.map((c) => [c.mapping, c.difference])));
  out.push('<h3>Control totals</h3>');
  if (r.controlTotals.length === 0) out.push('<p class="muted">No control totals were computed in this run.</p>');
  else {
    out.push(
      table(
        ['Mapping', 'Year', { text: 'Source rows', num: true }, { text: 'Target rows', num: true }, { text: 'Excluded', num: true }, 'Sums (source / target + excluded)', 'Result'],
        r.controlTotals.map((c) => [
          c.mapping,
          c.year === null ? '—' : String(c.year),
          c.source.count,
          c.target.count,
          c.excluded.count,
          { html: Object.keys(c.source.sums).map((k) => `<span class="mono">${escapeHtml(k.replace(/Rappen$/, ' CHF'))}: ${escapeHtml(money(k, c.source.sums[k]))} / ${escapeHtml(money(k, c.target.sums[k]))} + ${escapeHtml(money(k, c.excluded.sums[k] ?? '0'))}</span>`).join('<br>') || '<span class="muted">—</span>' },
          { html: c.matched ? badge('matched', 'ok') : c.conclusive ? badge('MISMATCH', 'bad') : badge('inconclusive', 'warn') },
        ]),
      ),
    );
  }
  if (r.controlTotalsSkipped.length > 0) out.push(table(['Mapping', 'Skipped because'], r.controlTotalsSkipped.map((s) => [s.mapping, s.reason])));
  out.push('<h3>Content hashes</h3>');
  if (r.hashes === null) out.push('<p class="muted">Not checked in this run.</p>');
  else {
    out.push(`<p>${escapeHtml(formatCount(r.hashes.checked))} records read back; ${escapeHtml(formatCount(r.hashes.mismatchedCount))} mismatched, ${escapeHtml(formatCount(r.hashes.missingCount))} missing.</p>`);
    const mismatches: Cell[][] = [
      ...r.hashes.mismatched.map((m) => [m.entity, { html: `<code>${escapeHtml(m.id)}</code>` }, m.reason] as Cell[]),
      ...r.hashes.missing.map((m) => [m.entity, { html: `<code>${escapeHtml(m.id)}</code>` }, 'missing'] as Cell[]),
    ];
    if (mismatches.length > 0) out.push(table(['Entity', 'Canonical id', 'Problem'], mismatches, { caption: 'Reconciliation mismatches (pseudonymous ids)' }));
  }
  return out.join('');
}

/** A control-total sum for display: integer Rappen fields as CHF with Swiss separators (exact, string arithmetic). */
function money(field: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (!field.endsWith('Rappen') || !/^-?\d+$/.test(value)) return value;
  const negative = value.startsWith('-');
  const digits = (negative ? value.slice(1) : value).padStart(3, '0');
  const francs = digits.slice(0, -2).replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, "'");
  return `${negative ? '-' : ''}${francs}.${digits.slice(-2)}`;
}

function quarantine(report: RunReport): string {
  const entries = Object.entries(report.quarantine.byCode).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return `<p>${badge('none', 'ok')} No row was quarantined.</p>`;
  const quarantined = report.entities.filter((e) => e.quarantined > 0);
  const perMapping = quarantined.flatMap((e) => Object.entries(e.quarantinedByCode).map(([code, n]) => [e.mapping, { html: `<code>${escapeHtml(code)}</code>` }, issueMeaning(code), n] as Cell[]));
  // Stages are counted per mapping, not per code: one row per mapping, never repeated beside each code.
  const stageNames = [...new Set(quarantined.flatMap((e) => Object.keys(e.quarantinedByStage)))].sort();
  const perStage = quarantined.map((e) => [e.mapping, ...stageNames.map((s) => e.quarantinedByStage[s] ?? 0), e.quarantined] as Cell[]);
  return (
    `<p><b>${escapeHtml(formatCount(report.quarantine.total))}</b> rows quarantined. A row with two issues counts under both codes.</p>` +
    barChart(entries.map(([code, n]) => ({ label: code, value: n })), { color: '#c0392b' }) +
    table(['Mapping', 'Issue code', 'Meaning', { text: 'Rows', num: true }], perMapping, { caption: 'Quarantined rows per mapping and issue code' }) +
    (stageNames.length > 0 ? `<h3>Rejected at stage</h3>${table(['Mapping', ...stageNames.map((s) => ({ text: s, num: true as const })), { text: 'Total', num: true }], perStage, { caption: 'Quarantined rows per mapping and the stage that rejected them' })}` : '')
  );
}

function codeLists(report: RunReport): string {
  const list = report.codeListCoverage ?? [];
  if (list.length === 0) return '<p class="muted">No code-list map was used.</p>';
  const rows: Cell[][] = list.map((c) => {
    const total = c.totals.total;
    const pct = total === 0 ? 100 : (c.totals.mapped / total) * 100;
    const tone = c.totals.unmapped > 0 ? 'bad' : c.totals.unapproved + c.totals.defaulted > 0 ? 'warn' : 'ok';
    // The same small-count suppression as the table of legacy codes below, so one cannot be subtracted from the other.
    return [{ html: `<b>${escapeHtml(c.codeList)}</b><br><span class="muted mono">${escapeHtml(c.pin)}</span>` }, { text: suppressSmall(c.totals.mapped), num: true }, { text: suppressSmall(c.totals.unmapped), num: true }, { text: suppressSmall(c.totals.unapproved), num: true }, { text: suppressSmall(c.totals.defaulted), num: true }, { text: suppressSmall(total), num: true }, { html: badge(`${pct.toFixed(1)} % mapped`, tone) }];
  });
  const gaps = list.flatMap((c) => c.codes.filter((r) => r.unmapped + r.unapproved + r.defaulted > 0).map((r) => [c.codeList, { html: `<code>${escapeHtml(r.sourceCode)}</code>` }, { text: suppressSmall(r.unmapped), num: true }, { text: suppressSmall(r.unapproved), num: true }, { text: suppressSmall(r.defaulted), num: true }] as Cell[]));
  return (
    table(['Code list', { text: 'Mapped', num: true }, { text: 'Unmapped', num: true }, { text: 'Unapproved', num: true }, { text: 'Defaulted', num: true }, { text: 'Lookups', num: true }, 'Coverage'], rows) +
    (gaps.length > 0 ? `<h3>Legacy codes needing attention</h3>${table(['Code list', 'Legacy code', { text: 'Unmapped', num: true }, { text: 'Unapproved', num: true }, { text: 'Defaulted', num: true }], gaps.slice(0, 200))}` : '')
  );
}

function thresholds(report: RunReport): string {
  return table(
    ['Mapping', 'Metric', 'Severity', { text: 'Count', num: true }, { text: '%', num: true }, 'Limit', 'Result'],
    report.thresholds.map((t) => [
      t.mapping,
      { html: `<code>${escapeHtml(t.metric)}</code>` },
      t.severity,
      t.count,
      { text: t.percent.toFixed(2), num: true },
      [t.maxCount !== null ? `≤ ${t.maxCount}` : '', t.maxPercent !== null ? `≤ ${t.maxPercent} %` : '', (t.minCount ?? null) !== null ? `≥ ${t.minCount}` : ''].filter((s) => s !== '').join(', '),
      { html: t.breached ? badge('breached', t.severity === 'error' ? 'bad' : 'warn') : badge('ok', 'ok') },
    ]),
  );
}

function duplicates(report: RunReport): string {
  const d = report.duplicates;
  if (d.groupCount === 0) return `<p>${badge('none', 'ok')} No duplicate groups.</p>`;
  return (
    `<p><b>${escapeHtml(formatCount(d.groupCount))}</b> duplicate groups${d.groups.length < d.groupCount ? ` (first ${d.groups.length} listed)` : ''}.</p>` +
    table(
      ['Entity', 'Key field', 'Members (canonical ids)', 'Survivor'],
      d.groups.map((g) => [g.entity, { html: `<code>${escapeHtml(g.field)}</code>` }, { html: g.members.map((m) => `<code>${escapeHtml(m.id)}</code>${m.merged ? ' (merged)' : ''}`).join('<br>') }, { html: g.survivorId === null ? '—' : `<code>${escapeHtml(g.survivorId)}</code>` }]),
    )
  );
}

/** Renders a typed section, falling back to the generic rendering when its shape is not the expected one. */
function safely(render: () => string, value: unknown): string {
  try {
    return render();
  } catch {
    return renderGenericHtml(value);
  }
}

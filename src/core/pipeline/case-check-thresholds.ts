/**
 * Case-level findings count toward the thresholds like record issues. A run whose case checks found an
 * error-severity issue fails unless a threshold allows it: a `case:<code>` rule for that code or a
 * `case-errors` rule that is not breached. The rules' results join `report.thresholds` (mapping
 * `case-checks`, entity `case`), and `reasons` says `case-checks` when they fail the run.
 */
import type { CaseChecksSection } from '../report/case-checks-section.js';
import type { RunReport } from '../report/run-report.js';
import { exitCodeFor, isCaseMetric, type RunStatus, type ThresholdResult, type ThresholdRule } from './thresholds.js';

/** The subject name case-level threshold results are reported under. */
export const CASE_CHECKS_SUBJECT = 'case-checks';

/** Evaluates the case-level rules (and the implicit "no error finding" rule) against the case checks. */
export function evaluateCaseCheckThresholds(rules: readonly ThresholdRule[], section: CaseChecksSection): ThresholdResult[] {
  const caseRules = rules.filter(
    (r) => isCaseMetric(r.metric) && (r.entity === undefined || r.entity === '*' || r.entity === CASE_CHECKS_SUBJECT || r.entity === 'case'),
  );
  const errorsByCode = section.errorsByCode ?? {};
  const countOf = (rule: ThresholdRule): number =>
    rule.metric === 'case-errors' ? (section.bySeverity['error'] ?? 0) : (section.byCode[rule.metric.slice('case:'.length)] ?? 0);
  const result = (rule: ThresholdRule, count: number, implicit = false): ThresholdResult => {
    const percent = section.cases === 0 ? 0 : (count / section.cases) * 100;
    return {
      mapping: CASE_CHECKS_SUBJECT,
      entity: 'case',
      metric: rule.metric,
      severity: rule.severity,
      count,
      percent: Math.round(percent * 100) / 100,
      maxCount: rule.maxCount ?? null,
      maxPercent: rule.maxPercent ?? null,
      breached: (rule.maxCount !== undefined && count > rule.maxCount) || (rule.maxPercent !== undefined && percent > rule.maxPercent),
      ...(implicit ? { implicit: true } : {}),
    };
  };
  const results = caseRules.map((rule) => result(rule, countOf(rule)));
  // Error findings no rule speaks for: the engine's own rule allows none of them.
  if (!caseRules.some((r) => r.metric === 'case-errors')) {
    const covered = new Set(caseRules.map((r) => r.metric.slice('case:'.length)));
    const uncovered = Object.entries(errorsByCode).reduce((n, [code, count]) => (covered.has(code) ? n : n + count), 0);
    if (uncovered > 0) results.push(result({ metric: 'case-errors', maxCount: 0, severity: 'error' }, uncovered, true));
  }
  return results;
}

/** The report with the case-level thresholds applied to its status, reasons and exit code. */
export function applyCaseCheckThresholds(report: RunReport, rules: readonly ThresholdRule[]): RunReport {
  if (report.caseChecks === undefined) return report;
  const results = evaluateCaseCheckThresholds(rules, report.caseChecks);
  if (results.length === 0) return report;
  const failing = results.some((r) => r.breached && r.severity === 'error');
  const warning = results.some((r) => r.breached && r.severity === 'warning');
  const reasons = [...report.reasons];
  if (failing && !reasons.includes('case-checks')) reasons.push('case-checks');
  if (warning && !reasons.includes('threshold-warning')) reasons.push('threshold-warning');
  let status: RunStatus = report.status;
  if (failing && (status === 'passed' || status === 'passed_with_warnings')) status = 'failed';
  else if (warning && status === 'passed') status = 'passed_with_warnings';
  return { ...report, thresholds: [...report.thresholds, ...results], reasons, status, exitCode: exitCodeFor({ status, unbalanced: report.unbalanced }) };
}

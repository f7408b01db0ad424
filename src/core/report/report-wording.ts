/**
 * The words the HTML and Markdown run reports and the console summary share: what a status means for the
 * person deciding whether the migration can go ahead, and what each reason code stands for, in the
 * report's language (`ReportMessages`). Every function defaults to English.
 */
import type { EntityReport, ReconciliationReport, ReportedError, RunReport } from './run-report.js';
import type { Tone } from './html-kit.js';
import { errorCodeTextIn } from '../error-code-translations.js';
import { issueCodeMeaningIn } from '../issue-code-translations.js';
import { reportMessages, type ReportMessages } from './i18n/report-messages.js';

const EN = reportMessages('en');

/** Headline and tone of a run's status. */
export function statusVerdict(
  report: Pick<RunReport, 'status' | 'dryRun' | 'unbalanced'>,
  m: ReportMessages = EN,
): { label: string; tone: Tone; advice: string } {
  switch (report.status) {
    case 'passed':
      return { label: m.verdictPassed(report.dryRun), tone: 'ok', advice: m.advicePassed };
    case 'passed_with_warnings':
      return { label: m.verdictWarnings(report.dryRun), tone: 'warn', advice: m.adviceWarnings };
    case 'cancelled':
      return { label: m.verdictCancelled, tone: 'warn', advice: m.adviceCancelled };
    default:
      return { label: m.verdictFailed(report.dryRun), tone: 'bad', advice: report.unbalanced ? m.adviceUnbalanced : m.adviceFailed };
  }
}

/** Plain-language meaning of each reason code (English; `reasonText` for another language). */
export const REASON_TEXT: Readonly<Record<string, string>> = EN.reasons;

/** The meaning of a reason code in the report's language (the code itself for an unknown one). */
export function reasonText(reason: string, m: ReportMessages = EN): string {
  return m.reasons[reason] ?? reason;
}

/** The name of a run status in the report's language (the status code for an unknown one). */
export function statusName(status: string, m: ReportMessages = EN): string {
  return m.runStatus[status] ?? status;
}

/** Sum of a numeric field over the entity reports. */
export function totalOf(report: RunReport, field: 'extracted' | 'loaded' | 'filtered' | 'quarantined' | 'warnings' | 'duplicates'): number {
  return report.entities.reduce((t, e) => t + e[field], 0);
}

/** A count for frequency tables: below 5 shown as `<5` so a rare value cannot point at one person. */
export { suppressSmall } from './small-counts.js';

/** The sentence explaining an issue code (from the issue-code registry) in the report's language, or `''` for a mapping's own code. */
export function issueMeaning(code: string, m: ReportMessages = EN): string {
  return issueCodeMeaningIn(code, m.lang) ?? '';
}

/** What to do about a reported error: the remedy of its `CB_*` code, in the report's language. */
export function errorNextStep(error: Pick<ReportedError, 'code'>, m: ReportMessages = EN): string {
  return errorCodeTextIn(error.code, m.lang)?.remedy ?? m.defaultNextStep;
}

/** How far a mapping got (reports written before `completion` existed count as complete). */
export function completionOf(entity: Pick<EntityReport, 'completion'>): 'complete' | 'interrupted' | 'not_run' {
  return entity.completion ?? 'complete';
}

/** Label and tone of an entity's conservation badge: no green badge for a mapping that did not run to its end. */
export function balanceBadge(entity: Pick<EntityReport, 'completion' | 'balanced'>, m: ReportMessages = EN): { label: string; tone: Tone } {
  if (!entity.balanced) return { label: m.badgeUnbalanced, tone: 'bad' };
  const completion = completionOf(entity);
  if (completion === 'not_run') return { label: m.badgeNotRun, tone: 'muted' };
  if (completion === 'interrupted') return { label: m.badgeStopped, tone: 'warn' };
  return { label: m.badgeBalanced, tone: 'ok' };
}

/** The name of a reconciliation status in the report's language. */
export function reconciliationStatusName(status: ReconciliationReport['status'], m: ReportMessages = EN): string {
  return m.reconciliationStatus[status] ?? status;
}

/** One line on what reconciliation compared: never "passed" when the source-side witnesses were not compared. */
export function reconciliationLine(r: Pick<ReconciliationReport, 'status' | 'compared' | 'notRunBecause'>, dryRun: boolean, m: ReportMessages = EN): string {
  const compared = r.compared ?? (r.status === 'passed' || r.status === 'failed' ? ['conservation', 'control-totals', 'hashes'] : ['conservation']);
  const missing = ['conservation', 'control-totals', 'hashes'].filter((w) => !compared.includes(w as never));
  const why = m.notComparedBecause;
  const because =
    r.notRunBecause === 'dry-run'
      ? why['dry-run']
      : r.notRunBecause === 'cancelled'
        ? why.cancelled
        : r.notRunBecause === 'failed'
          ? why.failed
          : r.status === 'skipped'
            ? why.skipped
            : dryRun
              ? why.dryRunNow
              : why.other;
  const status = reconciliationStatusName(r.status, m);
  const names = (list: readonly string[]): string => list.map((w) => m.witness[w] ?? w).join(', ');
  return missing.length > 0 ? m.reconciliationPartly(status, names(compared), names(missing), because) : m.reconciliationCompared(status, names(compared));
}

/** The part of {@link reconciliationLine} after the status. */
export function reconciliationDetail(r: Pick<ReconciliationReport, 'status' | 'compared' | 'notRunBecause'>, dryRun: boolean, m: ReportMessages = EN): string {
  return reconciliationLine(r, dryRun, m).replace(/^[^·]*· /, '');
}

/** Tone of a reconciliation status. */
export function reconciliationTone(status: ReconciliationReport['status']): Tone {
  return status === 'passed' ? 'ok' : status === 'failed' ? 'bad' : 'muted';
}

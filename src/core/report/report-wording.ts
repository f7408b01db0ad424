/**
 * The words the HTML and Markdown run reports share: what a status means for the person deciding
 * whether the migration can go ahead, and what each reason code stands for.
 */
import type { EntityReport, ReconciliationReport, ReportedError, RunReport } from './run-report.js';
import type { Tone } from './html-kit.js';
import { ERROR_CODE_DESCRIPTIONS } from '../error-code-descriptions.js';
import { issueCodeMeaning } from '../issue-codes.js';

/** Headline and tone of a run's status. */
export function statusVerdict(report: Pick<RunReport, 'status' | 'dryRun' | 'unbalanced'>): { label: string; tone: Tone; advice: string } {
  const rehearsal = report.dryRun ? ' (dry run: nothing was written)' : '';
  switch (report.status) {
    case 'passed':
      return { label: `Passed${rehearsal}`, tone: 'ok', advice: 'Every source row is accounted for and every check agrees.' };
    case 'passed_with_warnings':
      return { label: `Passed with warnings${rehearsal}`, tone: 'warn', advice: 'Every source row is accounted for; review the warnings below before going ahead.' };
    case 'cancelled':
      return { label: 'Cancelled', tone: 'warn', advice: 'The run was stopped; a real run can be resumed from its last checkpoint.' };
    default:
      return {
        label: `Failed${rehearsal}`,
        tone: 'bad',
        advice: report.unbalanced ? 'Rows are missing from the accounting: do not go ahead.' : 'A check failed: read the reasons below before going ahead.',
      };
  }
}

/** Plain-language meaning of each reason code. */
export const REASON_TEXT: Readonly<Record<string, string>> = {
  unbalanced: 'A conservation equation does not hold: extracted ≠ loaded + filtered + quarantined.',
  threshold: 'An error threshold was exceeded (e.g. too many quarantined rows).',
  'case-checks': 'The case-level checks found error findings that no threshold allows (see the thresholds: metric case-errors or case:<code>).',
  'threshold-warning': 'A warning threshold was exceeded.',
  reconciliation: 'Reconciliation found a difference between source and target (control totals or hashes).',
  'reconciliation-inconclusive': 'Reconciliation could not prove every figure (e.g. a resumed run); a full run will.',
  error: 'An error stopped the run.',
  cancelled: 'The run was cancelled.',
  'delivery-unbalanced': "The delivery's live records do not add up: before + inserted − deleted ≠ after.",
  documents: 'The document transfer failed, or a stored document did not match its source byte for byte.',
  'documents-warning': 'Some documents were quarantined (e.g. a missing file) or stored with a warning.',
};

/** Sum of a numeric field over the entity reports. */
export function totalOf(report: RunReport, field: 'extracted' | 'loaded' | 'filtered' | 'quarantined' | 'warnings' | 'duplicates'): number {
  return report.entities.reduce((t, e) => t + e[field], 0);
}

/** A count for frequency tables: below 5 shown as `<5` so a rare value cannot point at one person. */
export { suppressSmall } from './small-counts.js';

/** The sentence explaining an issue code (from the issue-code registry), or `''` for a mapping's own code. */
export function issueMeaning(code: string): string {
  return issueCodeMeaning(code) ?? '';
}

/** What to do about a reported error: the remedy of its `CB_*` code. */
export function errorNextStep(error: Pick<ReportedError, 'code'>): string {
  const described = (ERROR_CODE_DESCRIPTIONS as Readonly<Record<string, { remedy: string } | undefined>>)[error.code];
  return described?.remedy ?? 'Run again with --debug and report the run id.';
}

/** How far a mapping got (reports written before `completion` existed count as complete). */
export function completionOf(entity: Pick<EntityReport, 'completion'>): 'complete' | 'interrupted' | 'not_run' {
  return entity.completion ?? 'complete';
}

/** Label and tone of an entity's conservation badge: no green badge for a mapping that did not run to its end. */
export function balanceBadge(entity: Pick<EntityReport, 'completion' | 'balanced'>): { label: string; tone: Tone } {
  if (!entity.balanced) return { label: 'UNBALANCED', tone: 'bad' };
  const completion = completionOf(entity);
  if (completion === 'not_run') return { label: 'not run', tone: 'muted' };
  if (completion === 'interrupted') return { label: 'stopped (balanced so far)', tone: 'warn' };
  return { label: 'balanced', tone: 'ok' };
}

/** Display names of the reconciliation witnesses. */
export const WITNESS_TEXT: Readonly<Record<string, string>> = { conservation: 'conservation equation', 'control-totals': 'control totals', hashes: 'content hashes' };

/** One line on what reconciliation compared: never "passed" when the source-side witnesses were not compared. */
export function reconciliationLine(r: Pick<ReconciliationReport, 'status' | 'compared' | 'notRunBecause'>, dryRun: boolean): string {
  const compared = r.compared ?? (r.status === 'passed' || r.status === 'failed' ? ['conservation', 'control-totals', 'hashes'] : ['conservation']);
  const missing = ['conservation', 'control-totals', 'hashes'].filter((w) => !compared.includes(w as never));
  const because =
    r.notRunBecause === 'dry-run' ? 'a dry run of an earlier version compared no more' : r.notRunBecause === 'cancelled' ? 'the run was cancelled' : r.notRunBecause === 'failed' ? 'the run stopped before its end' : r.status === 'skipped' ? 'reconciliation is switched off' : dryRun ? 'not compared in this dry run' : 'not compared in this run';
  const status = r.status === 'not_run' ? 'not run' : r.status;
  return `${status} · compared: ${compared.map((w) => WITNESS_TEXT[w] ?? w).join(', ')}${missing.length > 0 ? ` · not compared: ${missing.map((w) => WITNESS_TEXT[w] ?? w).join(', ')} (${because})` : ''}`;
}

/** Tone of a reconciliation status. */
export function reconciliationTone(status: ReconciliationReport['status']): Tone {
  return status === 'passed' ? 'ok' : status === 'failed' ? 'bad' : 'muted';
}

/**
 * The words the HTML and Markdown run reports share: what a status means for the person deciding
 * whether the migration can go ahead, and what each reason code stands for.
 */
import type { RunReport } from './run-report.js';
import type { Tone } from './html-kit.js';

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
export { suppressSmall } from '../../mappings/codes/code-coverage.js';

/** Entries of an optional report section that another component may add (shape not fixed here). */
export function optionalSection(report: RunReport, key: 'statisticsReadiness' | 'documents'): unknown {
  return (report as unknown as Record<string, unknown>)[key];
}

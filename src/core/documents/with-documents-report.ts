/** Puts the `documents` section into a run report and lets the document step's outcome count toward the verdict. */
import type { RunReport } from '../report/run-report.js';
import { exitCodeFor } from '../pipeline/thresholds.js';
import type { DocumentsReport } from './documents-report.js';

/**
 * The run report with its `documents` section. A failed document step fails the run (reason
 * `documents`); quarantined documents or warnings make a passed run `passed_with_warnings`.
 */
export function withDocumentsReport(report: RunReport, documents: DocumentsReport, strict = false): RunReport {
  const reasons = [...report.reasons];
  let status = report.status;
  if (documents.status === 'failed' || documents.status === 'cancelled') {
    if (!reasons.includes('documents')) reasons.push('documents');
    if (status !== 'cancelled') status = documents.status === 'cancelled' ? 'cancelled' : 'failed';
  } else if (documents.status === 'passed_with_warnings' && status === 'passed') {
    status = 'passed_with_warnings';
    if (!reasons.includes('documents-warning')) reasons.push('documents-warning');
  }
  return { ...report, status, reasons, exitCode: exitCodeFor({ status, unbalanced: report.unbalanced }, strict), documents };
}

/**
 * Puts the sections of the post-load steps (case checks, statistics readiness) into the run report. A
 * failing step does not fail the migration: its error is listed under `errors` (code and safe details)
 * and its section is left out. Kept apart from the section shapes so that those stay leaves.
 */
import { isCasebridgeError } from '../errors.js';
import type { RunReport } from '../report/run-report.js';
import type { CaseChecksSection } from '../report/case-checks-section.js';
import type { ReadinessRunInfo, StatisticsReadinessHook } from '../report/statistics-readiness-section.js';

/**
 * The report with the `caseChecks` section (its verdict is applied by `applyCaseCheckThresholds`); a failing step does
 * not fail the migration either: its error is listed under `errors` (code, safe details) without a section.
 */
export async function attachCaseChecks(report: RunReport, check: () => Promise<CaseChecksSection | undefined>): Promise<RunReport> {
  try {
    const section = await check();
    return section === undefined ? report : { ...report, caseChecks: section };
  } catch (error) {
    const code = isCasebridgeError(error) ? error.code : 'CB_INTERNAL';
    const details = isCasebridgeError(error) ? { ...error.details } : {};
    return { ...report, errors: [...report.errors, { code, message: 'The case-level checks could not be run.', details: { ...details, step: 'caseChecks' } }] };
  }
}

/**
 * The report with the readiness section. A failing readiness step does not fail the migration: its
 * error is listed under `errors` (code and safe details) and the section is left out.
 */
export async function attachStatisticsReadiness(report: RunReport, hook: StatisticsReadinessHook, run: ReadinessRunInfo): Promise<RunReport> {
  try {
    return { ...report, statisticsReadiness: await hook(run) };
  } catch (error) {
    const code = isCasebridgeError(error) ? error.code : 'CB_INTERNAL';
    const details = isCasebridgeError(error) ? { ...error.details } : {};
    return { ...report, errors: [...report.errors, { code, message: 'The statistics readiness could not be computed.', details: { ...details, step: 'statisticsReadiness' } }] };
  }
}

/**
 * The outcome of a post-load step (case checks, statistics readiness) as the stage checkpoint keeps it,
 * and how it goes into the run report. A failing step does not fail the migration: its error is listed
 * under `errors` (code and safe details) and its section is left out. Kept apart from the section
 * shapes so that those stay leaves.
 */
import { isCasebridgeError } from '../errors.js';
import type { ReportedError, RunReport } from '../report/run-report.js';

/** A post-load step's section, or the error that kept it from being computed. */
export type StepOutcome<T> = { readonly section: T | null } | { readonly error: ReportedError };

/** Runs a step and turns a thrown error into `{ error }` (code and safe details only). */
export async function stepOutcome<T>(step: string, message: string, run: () => Promise<T | undefined>): Promise<StepOutcome<T>> {
  try {
    return { section: (await run()) ?? null };
  } catch (error) {
    const code = isCasebridgeError(error) ? error.code : 'CB_INTERNAL';
    const details = isCasebridgeError(error) ? { ...error.details } : {};
    return { error: { code, message, details: { ...details, step } } };
  }
}

/** The report with the step's section under `key`, or its error under `errors`. */
export function attachStep<K extends 'caseChecks' | 'statisticsReadiness'>(
  report: RunReport,
  key: K,
  outcome: StepOutcome<NonNullable<RunReport[K]>>,
): RunReport {
  if ('error' in outcome) return { ...report, errors: [...report.errors, outcome.error] };
  return outcome.section === null ? report : { ...report, [key]: outcome.section };
}

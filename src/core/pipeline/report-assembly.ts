/**
 * Turns the end state of a run (accounts, reconciliation, errors) into the run report: per-entity
 * accounting, thresholds, the status verdict, the exit code and the code-list coverage of the mappings.
 */
import { ERROR_CODES, RunError, isCasebridgeError } from '../errors.js';
import { RUN_REPORT_VERSION, entityReport, quarantineSummary, recordsByEntity, type ReportedError, type RunReport } from '../report/run-report.js';
import { hasCodeCoverage, mergeCodeListCoverage } from '../report/code-list-coverage.js';
import { protectCodeListCoverage } from '../report/protect-code-coverage.js';
import type { EngineContext } from './engine-context.js';
import type { MigrationDefinition } from './migration-definition.js';
import { checkConservation, type MappingAccount } from './mapping-account.js';
import type { ReconcileOutcome } from './reconcile.js';
import { evaluateThresholds, exitCodeFor, type RunStatus } from './thresholds.js';

/** Inputs of {@link finalizeReport}. */
export interface ReportInputs {
  readonly definition: MigrationDefinition;
  readonly ctx: EngineContext;
  readonly accounts: ReadonlyMap<string, MappingAccount>;
  readonly reconciliation: ReconcileOutcome;
  readonly resumed: boolean;
  readonly cancelled: boolean;
  readonly errors: readonly unknown[];
  readonly startedAt: string;
  readonly reconcileMs: number;
  readonly totalMs: number;
}

/** Builds the run report and decides the status. */
export function finalizeReport(input: ReportInputs): RunReport {
  const { definition, ctx, accounts, reconciliation } = input;
  const entities = definition.mappings.map((m) => {
    const account = accounts.get(m.name)!;
    return entityReport(account, m.version, checkConservation(m.name, account.stats));
  });
  const unbalanced = entities.some((e) => !e.balanced);
  const errors: ReportedError[] = input.errors.map(toReportedError);
  if (unbalanced) {
    const off = entities.filter((e) => !e.balanced).map((e) => e.mapping);
    errors.push(
      toReportedError(
        new RunError('The run is unbalanced: extracted differs from loaded + filtered + quarantined.', {
          code: ERROR_CODES.RUN_UNBALANCED,
          details: { mappings: off.join(','), count: off.length },
        }),
      ),
    );
  }
  // An empty source says nothing when the run stopped early (later mappings never read theirs).
  const complete = !input.cancelled && input.errors.length === 0;
  const rules = (definition.options.thresholds ?? []).filter((r) => complete || r.minCount === undefined);
  // A delta read that found nothing new is a quiet week, not an empty export.
  const expectsRows = new Map(definition.mappings.map((m) => [m.name, m.expectsRows !== false && ctx.deltas.get(m.name)?.filter == null]));
  const thresholds = evaluateThresholds(
    rules,
    entities.map((e) => ({ ...e, entity: e.name, expectsRows: expectsRows.get(e.mapping) ?? true })),
  );
  const reasons: string[] = [];
  if (input.cancelled) reasons.push('cancelled');
  if (input.errors.length > 0) reasons.push('error');
  if (unbalanced) reasons.push('unbalanced');
  if (reconciliation.report.status === 'failed') reasons.push('reconciliation');
  if (thresholds.some((t) => t.breached && t.severity === 'error')) reasons.push('threshold');
  if (thresholds.some((t) => t.breached && t.severity === 'warning')) reasons.push('threshold-warning');
  if (reconciliation.inconclusive) reasons.push('reconciliation-inconclusive');
  let status: RunStatus;
  if (input.cancelled && input.errors.length === 0 && !unbalanced) status = 'cancelled';
  else if (reasons.some((r) => r === 'error' || r === 'unbalanced' || r === 'reconciliation' || r === 'threshold')) status = 'failed';
  else if (reasons.length > 0) status = 'passed_with_warnings';
  else status = 'passed';

  const durations = { extract: 0, map: 0, validate: 0, load: 0 };
  for (const a of accounts.values()) for (const k of Object.keys(durations) as (keyof typeof durations)[]) durations[k] += a.durations[k];
  const records = recordsByEntity(accounts.values());
  const groups = ctx.duplicates.groups();
  const limit = definition.options.reportListLimit ?? 100;
  const counting = definition.mappings.filter(hasCodeCoverage);
  return {
    reportVersion: RUN_REPORT_VERSION,
    runId: ctx.runId,
    migration: definition.name,
    sourceSystem: definition.sourceSystem,
    target: { kind: ctx.target.kind },
    dryRun: ctx.dryRun,
    resumed: input.resumed,
    status,
    unbalanced,
    reasons,
    exitCode: exitCodeFor({ status, unbalanced }),
    startedAt: input.startedAt,
    finishedAt: new Date().toISOString(),
    durationsMs: {
      extract: Math.round(durations.extract),
      map: Math.round(durations.map),
      validate: Math.round(durations.validate),
      load: Math.round(durations.load),
      reconcile: Math.round(input.reconcileMs),
      total: Math.round(input.totalMs),
    },
    entities,
    records,
    quarantine: quarantineSummary(entities),
    duplicates: { policy: ctx.duplicates.policy, groupCount: groups.length, groups: groups.slice(0, limit) },
    thresholds,
    reconciliation: reconciliation.report,
    changes: ctx.dryRun
      ? Object.fromEntries(Object.entries(records).map(([entity, c]) => [entity, { insert: c.inserted, update: c.updated, unchanged: c.unchanged }]))
      : null,
    errors,
    ...(counting.length === 0
      ? {}
      : { codeListCoverage: protectCodeListCoverage(mergeCodeListCoverage(counting.flatMap((m) => accounts.get(m.name)?.coverage ?? [])), ctx.pseudonyms) }),
  };
}

function toReportedError(error: unknown): ReportedError {
  if (isCasebridgeError(error)) return { code: error.code, message: error.message, details: { ...error.details } };
  // Foreign errors may quote data in their message: report only their class name.
  const name = error instanceof Error ? error.name : typeof error;
  return { code: ERROR_CODES.INTERNAL, message: 'Unexpected error during the run.', details: { errorClass: name } };
}

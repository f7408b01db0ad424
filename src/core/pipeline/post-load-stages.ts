/**
 * The stages of a run after the load and its reconciliation: case checks, statistics readiness, the
 * document transfer and the code-list coverage. Each is a stage of the run (not a step patched on by a
 * caller afterwards), checkpointed in the ledger through {@link StageLedger}; their results go into the
 * report once, when the run's report is assembled at its end.
 */
import { ConfigurationError } from '../errors.js';
import type { DocumentRef } from '../documents/document-content-source.js';
import { documentRefsFromTarget } from '../documents/document-refs.js';
import type { DocumentsReport } from '../documents/documents-report.js';
import { migrateDocuments } from '../documents/migrate-documents.js';
import { withDocumentsReport } from '../documents/with-documents-report.js';
import { hasCodeCoverage, mergeCodeListCoverage, type CodeListCoverage } from '../report/code-list-coverage.js';
import { protectCodeListCoverage } from '../report/protect-code-coverage.js';
import type { ReportSession, ReportStage, RunReport } from '../report/run-report.js';
import type { CaseChecksSection } from '../report/case-checks-section.js';
import type { StatisticsReadinessSection } from '../report/statistics-readiness-section.js';
import type { RunSession } from './canonical-target.js';
import { runCaseChecks } from './case-checks.js';
import { applyCaseCheckThresholds } from './case-check-thresholds.js';
import type { EngineContext } from './engine-context.js';
import type { MappingAccount } from './mapping-account.js';
import type { MigrationDefinition } from './migration-definition.js';
import { attachStep, stepOutcome, type StepOutcome } from './post-load-sections.js';
import type { ProgressEvent } from './progress-event.js';
import type { StageLedger } from './stage-ledger.js';
import type { ThresholdRule } from './thresholds.js';

/** Inputs of {@link runPostLoadStages}. */
export interface PostLoadInputs {
  readonly definition: MigrationDefinition;
  readonly ctx: EngineContext;
  readonly accounts: ReadonlyMap<string, MappingAccount>;
  readonly stages: StageLedger;
  /** The load completed without a cancel or an error: only then do the checks and the transfer run. */
  readonly complete: boolean;
  readonly dryRun: boolean;
  readonly signal: AbortSignal | undefined;
  readonly emit: (event: ProgressEvent) => void;
  /** A dry run's staged document references (its target rolls the records back); null otherwise. */
  readonly dryRunDocuments: readonly DocumentRef[] | null;
}

/** The results of the stages after the load (absent: the stage did not run). */
export interface PostLoadResults {
  readonly caseChecks?: StepOutcome<CaseChecksSection>;
  readonly statisticsReadiness?: StepOutcome<StatisticsReadinessSection>;
  readonly documents?: DocumentsReport;
  readonly codeListCoverage?: readonly CodeListCoverage[];
}

/** Runs (or takes from the ledger) the stages after the load, in order. */
export async function runPostLoadStages(input: PostLoadInputs): Promise<PostLoadResults> {
  const { definition, ctx, stages, complete, signal } = input;
  const opts = definition.options;
  const target = definition.target;
  const aborted = (): boolean => signal?.aborted === true;
  const out: { -readonly [K in keyof PostLoadResults]: PostLoadResults[K] } = {};
  const stepKept = (o: StepOutcome<unknown>): boolean => !('error' in o) && !aborted();

  // A step stopped by a cancel has no outcome to report: it runs again when the run resumes.
  const unlessCancelled = <T>(o: StepOutcome<T>): StepOutcome<T> | undefined => (aborted() && 'error' in o ? undefined : o);
  if (complete && opts.caseChecks !== false && !aborted()) {
    const caseChecks = await stages.run('case-checks', {
      compute: () =>
        stepOutcome('caseChecks', 'The case-level checks could not be run.', () =>
          runCaseChecks(target, definition.tenant, opts.caseChecks || {}, definition.rules.caseRules, opts.reportListLimit ?? 100, signal),
        ),
      keep: stepKept,
    });
    const kept = unlessCancelled(caseChecks);
    if (kept !== undefined) out.caseChecks = kept;
  } else stages.skip('case-checks');

  if (complete && opts.statisticsReadiness !== undefined && !aborted()) {
    const hook = opts.statisticsReadiness;
    const readiness = await stages.run('statistics-readiness', {
      compute: () =>
        stepOutcome('statisticsReadiness', 'The statistics readiness could not be computed.', () =>
          hook({ target, runId: ctx.runId, sourceSystem: definition.sourceSystem, dryRun: input.dryRun }),
        ),
      keep: stepKept,
    });
    const kept = unlessCancelled(readiness);
    if (kept !== undefined) out.statisticsReadiness = kept;
  } else stages.skip('statistics-readiness');

  if (complete && opts.documents !== undefined && !aborted()) {
    const step = opts.documents;
    out.documents = await stages.run('documents', {
      compute: () => transferDocuments(input, step),
      // A cancelled or failed transfer runs again on resume (stored documents are not copied twice).
      keep: (d) => d.status !== 'cancelled' && d.status !== 'failed',
    });
  } else stages.skip('documents');

  if (!aborted()) {
    const counting = definition.mappings.filter(hasCodeCoverage);
    if (counting.length > 0) {
      out.codeListCoverage = await stages.run('code-list-coverage', {
        checkpoint: complete,
        // Every session's batches are in the accounts (earlier ones from the ledger's batch detail).
        compute: async () =>
          protectCodeListCoverage(mergeCodeListCoverage(counting.flatMap((m) => input.accounts.get(m.name)?.coverage ?? [])), ctx.pseudonyms),
      });
    } else stages.skip('code-list-coverage');
  } else stages.skip('code-list-coverage');
  return out;
}

/** The document transfer stage: the run's document records' contents into the target's document store. */
async function transferDocuments(input: PostLoadInputs, step: NonNullable<MigrationDefinition['options']['documents']>): Promise<DocumentsReport> {
  const { definition, ctx, dryRun } = input;
  const target = definition.target;
  if (target.documentStore === undefined) {
    throw new ConfigurationError(
      'The migration declares documents, but the target has no document store; drop `documents` or use a pglite, postgres or jsonl target.',
      {
        details: { field: 'documents', target: target.kind },
      },
    );
  }
  const store = target.documentStore();
  // A folder store's ensureSchema creates its folder; a dry run must not write it.
  if (!(dryRun && store.kind === 'folder')) await store.ensureSchema();
  const opened = await step.openSource();
  let done = 0;
  try {
    return await migrateDocuments({
      runId: ctx.runId,
      source: opened.source,
      store,
      documents: dryRun ? (input.dryRunDocuments ?? []) : documentRefsFromTarget(target, definition.tenant, ctx.pseudonyms),
      dryRun,
      concurrency: step.concurrency,
      ...(definition.options.reportListLimit !== undefined ? { listLimit: definition.options.reportListLimit } : {}),
      ...(input.signal !== undefined ? { signal: input.signal } : {}),
      onDocument: () => input.emit({ type: 'documents-progress', done: (done += 1) }),
    });
  } finally {
    await opened.close().catch(() => undefined);
  }
}

/** The report with the sections of the stages after the load and the verdict they change. */
export function assembleStageSections(report: RunReport, results: PostLoadResults, thresholds: readonly ThresholdRule[]): RunReport {
  let out = report;
  if (results.caseChecks !== undefined) {
    out = attachStep(out, 'caseChecks', results.caseChecks);
    out = applyCaseCheckThresholds(out, thresholds);
  }
  if (results.statisticsReadiness !== undefined) out = attachStep(out, 'statisticsReadiness', results.statisticsReadiness);
  if (results.documents !== undefined) out = withDocumentsReport(out, results.documents);
  if (results.codeListCoverage !== undefined) out = { ...out, codeListCoverage: results.codeListCoverage };
  return out;
}

/**
 * The report with the run's session history (the current session ending as the report says) and its
 * stages. Targets without a session ledger report the current session only.
 */
export function withSessions(report: RunReport, sessions: readonly RunSession[], stages: readonly ReportStage[]): RunReport {
  const outcome: ReportSession['outcome'] = report.status === 'failed' ? 'failed' : report.status === 'cancelled' ? 'cancelled' : 'finished';
  const known: ReportSession[] =
    sessions.length > 0 ? sessions.map((s) => ({ ...s })) : [{ session: 1, startedAt: report.startedAt, endedAt: null, outcome: null }];
  const current = known.length - 1;
  const history = known.map((s, i) => (i === current ? { ...s, endedAt: report.finishedAt, outcome } : s));
  return { ...report, sessions: history, stages };
}

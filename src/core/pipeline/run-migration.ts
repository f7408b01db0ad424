/**
 * Runs a migration: extract → map → validate → load per mapping in dependency order, then the stages
 * after the load (reconcile, case checks, statistics readiness, document transfer, code-list coverage),
 * each checkpointed in the ledger; then assembles the run's one report and stores it with `finishRun`.
 * Resumes an interrupted or killed run from the ledger at the stage it stopped in, as a new session.
 */
import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import { ConfigurationError, ERROR_CODES, MappingError, RunError, isCasebridgeError } from '../errors.js';
import type { ConnectorDriver } from '../connector/connector.js';
import type { EntityDeletions, RunState, StageCheckpoint } from './canonical-target.js';
import type { MigrationDefinition, RunOptions } from './migration-definition.js';
import { createEngineContext } from './engine-context.js';
import { DEFAULT_ID_SCHEME } from './id-scheme.js';
import type { ProgressEvent, StageEvent } from './progress-event.js';
import type { SourceMapping } from './source-mapping.js';
import { DuplicateDetector } from './duplicate-detector.js';
import { KnownIds } from './known-ids.js';
import { modelReferences } from './model-bindings.js';
import { MappingAccount, emptyStats } from './mapping-account.js';
import { mappingWaves } from './mapping-order.js';
import { runMapping } from './mapping-runner.js';
import { reconcile } from './reconcile.js';
import { finalizeReport } from './report-assembly.js';
import { hasCodeCoverage } from '../report/code-list-coverage.js';
import type { RunReport } from '../report/run-report.js';
import { attachDelivery } from '../report/delivery-section.js';
import type { DocumentRef } from '../documents/document-content-source.js';
import { documentRefFromRecord, type DocumentRecordFields } from '../documents/document-refs.js';
import { seedAccountsFromLedger } from './batch-detail.js';
import { StageLedger } from './stage-ledger.js';
import { assembleStageSections, runPostLoadStages, withSessions } from './post-load-stages.js';
import { deleteAfterWave, deletionSnapshotMappings, finishDelivery, startDelivery, type DeliveryStart } from './deliveries.js';
import { recordsByEntity } from '../report/run-report.js';
import { ChangeList } from './change-list.js';
import { deltaSection, marksToCommit, planDeltaReads } from './delta-reads.js';
import { MapWorkerPool } from '../workers/map-worker-pool.js';

/** Runs (or resumes) a migration and returns its report. Throws only for definition/setup errors. */
export async function runMigration(definition: MigrationDefinition, options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const runId = options.runId ?? randomUUID();
  const dryRun = options.dryRun ?? false;
  const { target, options: opts } = definition;
  const stage = (event: StageEvent): void => {
    try {
      options.onStage?.(event);
    } catch {
      // A failing stage listener must not break the run.
    }
  };
  const emit = (event: ProgressEvent): void => {
    if (event.type === 'stage') stage({ stage: event.stage, state: event.state, ...(event.mapping === undefined ? {} : { mapping: event.mapping }) });
    try {
      options.onProgress?.(event);
    } catch {
      // A failing progress listener must not break the run.
    }
  };
  // Worker threads are started and checked before the target is touched: a module with other mappings
  // (or one that does not load) stops the run before anything is read or written.
  const workers = await MapWorkerPool.start(definition);
  try {
    await target.open();
  } catch (error) {
    await workers?.terminate();
    throw error;
  }
  let driver: ConnectorDriver | undefined;
  let sessionOpen = false;
  try {
    await target.ensureSchema();
    const state = await target.beginRun({
      runId,
      migration: definition.name,
      commune: definition.tenant.commune,
      sourceSystem: definition.sourceSystem,
      dryRun,
      mappingVersions: Object.fromEntries(definition.mappings.map((m) => [m.name, m.version])),
      startedAt,
      ...(opts.idScheme === undefined ? {} : { idScheme: opts.idScheme }),
    });
    const resumed = checkResumable(state, options.resume ?? false);
    // Each process that works on the run is one session; an earlier one that never ended was killed.
    const sessions = (await target.beginSession?.(runId, startedAt)) ?? [];
    sessionOpen = sessions.length > 0;
    const session = sessions.at(-1)?.session ?? 1;
    const accounts = new Map<string, MappingAccount>();
    for (const mapping of definition.mappings) {
      const saved = state.mappings[mapping.name];
      const account = new MappingAccount(mapping.name, mapping.entity, saved?.stats ?? emptyStats());
      account.resumedFromRow = saved?.stats.extracted ?? 0;
      if (saved !== undefined) account.completion = saved.done ? 'complete' : 'interrupted';
      accounts.set(mapping.name, account);
    }
    // Coverage counters live on the (reusable) compiled mappings: count this run only.
    for (const mapping of definition.mappings) if (hasCodeCoverage(mapping)) mapping.resetCoverage();
    emit({ type: 'run-started', runId, dryRun, resumed });

    const dryRunDocuments: DocumentRef[] | null = dryRun && opts.documents !== undefined ? [] : null;
    driver = definition.source.createDriver();
    await driver.init();
    // Delta declarations are checked against the source before anything is read (definition errors).
    const deltas = await planDeltaReads(definition, driver);
    const ctx = createEngineContext(definition, {
      // The ledger's word: a store decides a tenant's scheme once; a target that records none follows the options.
      idScheme: state.idScheme ?? opts.idScheme ?? DEFAULT_ID_SCHEME,
      deltas,
      runId,
      dryRun,
      keyColumns: await resolveKeyColumns(definition, driver),
      duplicates: new DuplicateDetector(
        target,
        opts.duplicateKeys ?? [{ entity: 'person', field: 'vn' }],
        opts.duplicatePolicy ?? 'flag',
        opts.duplicateScope === 'canton' ? undefined : definition.tenant.commune,
        // Groups are kept with each batch's ledger detail: under a keyed pseudonym, never the key's value.
        (key) => ctx.pseudonyms.digest('duplicate-group', key),
      ),
      known: new KnownIds(referencedEntities(definition, opts.references ?? modelReferences)),
      signal: options.signal,
      snapshotMappings: deletionSnapshotMappings(definition),
      ...(dryRun ? { changeList: new ChangeList(opts.reportListLimit ?? 100, options.changeListFile) } : {}),
      onBatchCommitted:
        dryRunDocuments === null
          ? options.onBatchCommitted
          : async (batch) => {
              // A dry run's document records are rolled back with it: the document rehearsal needs their references.
              for (const r of batch.records)
                if (r.entity === 'document')
                  dryRunDocuments.push(
                    documentRefFromRecord({ ...(r.record as unknown as DocumentRecordFields), id: r.id, lineage: r.lineage }, ctx.pseudonyms),
                  );
              await options.onBatchCommitted?.(batch);
            },
    });

    await workers?.configure({
      sourceSystem: ctx.sourceSystem,
      tenant: ctx.tenant,
      tenantIdKey: ctx.tenantIdKey,
      idScheme: ctx.idScheme,
      pseudonyms: ctx.pseudonyms,
      keyColumns: ctx.keyColumns,
    });
    // A resumed run's detail (codes, records, excluded totals, coverage, duplicate groups) of earlier
    // sessions comes from the ledger's batch detail, so every section of its report counts all sessions.
    if (resumed && !(target.batchDetails !== undefined && seedAccountsFromLedger(accounts, ctx.duplicates, await target.batchDetails(runId)))) {
      await seedQuarantineCodes(target, runId, accounts);
    }
    const checkpoints = (await target.stageCheckpoints?.(runId)) ?? [];

    const errors: unknown[] = [];
    let cancelled = false;
    // The conservation check at resume: a ledger that does not balance is not continued.
    const unbalancedAtStart = [...accounts.values()].some(
      (a) => a.stats.extracted !== a.stats.loaded + a.stats.quarantined + Object.values(a.stats.filtered).reduce((x, y) => x + y, 0),
    );
    let delivery: DeliveryStart | undefined;
    // Entities whose tables were analyzed after their last batch (by the deletion pass of their wave).
    const analyzed = new Set<string>();
    try {
      delivery = await pinDeliveryStart(target, runId, session, checkpoints, await startDelivery(ctx, driver));
    } catch (error) {
      // The mass-deletion guard's first look: the run stops before its first batch.
      if (!isCasebridgeError(error, ERROR_CODES.DELETION_GUARD)) throw error;
      errors.push(error);
    }
    if (!unbalancedAtStart && errors.length === 0) {
      const queue = new PQueue({ concurrency: opts.concurrency ?? 1 });
      const done = new Set<string>();
      const handledEntities = new Set<string>();
      for (const wave of mappingWaves(definition.mappings)) {
        await Promise.all(
          wave.map((mapping) =>
            queue.add(async () => {
              if (cancelled || errors.length > 0 || state.mappings[mapping.name]?.done) return;
              const account = accounts.get(mapping.name)!;
              account.completion = 'interrupted';
              stage({ stage: 'load', mapping: mapping.name, state: 'started' });
              try {
                const outcome = await runMapping(
                  ctx,
                  mapping,
                  account,
                  driver!,
                  state.mappings[mapping.name]?.checkpoint ?? null,
                  opts.pipelineDepth ?? 2,
                  emit,
                  workers,
                );
                if (outcome === 'cancelled') cancelled = true;
                else {
                  account.completion = 'complete';
                  stage({ stage: 'load', mapping: mapping.name, state: 'finished' });
                }
              } catch (error) {
                if (isCasebridgeError(error, ERROR_CODES.CANCELLED) && options.signal?.aborted) cancelled = true;
                else errors.push(error);
              }
            }),
          ),
        );
        if (cancelled || errors.length > 0) break;
        if (delivery !== undefined) {
          for (const mapping of wave) done.add(mapping.name);
          try {
            for (const entity of await deleteAfterWave(ctx, delivery, done, handledEntities)) analyzed.add(entity);
          } catch (error) {
            if (!isCasebridgeError(error, ERROR_CODES.DELETION_GUARD)) throw error;
            errors.push(error);
            break;
          }
        }
      }
    }

    // Freshly bulk-loaded tables have no planner statistics yet; every stage below reads them in full.
    // Those a wave's deletion pass analyzed are not written since (their mappings were all done), and
    // the lineage tables were analyzed with them after the last wave when no entity is left over.
    const unanalyzed = [...new Set(definition.mappings.flatMap((m) => m.produces))].filter((entity) => !analyzed.has(entity));
    if (!dryRun && unanalyzed.length > 0) await target.afterLoad?.(unanalyzed);
    const deliveryOutcome =
      delivery === undefined
        ? undefined
        : await finishDelivery(ctx, delivery, recordsByEntity(accounts.values()), !cancelled && errors.length === 0 && !unbalancedAtStart);
    if (deliveryOutcome?.error !== undefined) errors.push(deliveryOutcome.error);
    // The stages after the load: each checkpointed, so a killed run resumes at the stage it was in.
    const complete = !cancelled && errors.length === 0 && !unbalancedAtStart;
    const stages = new StageLedger(target, runId, session, checkpoints, (s, state) => emit({ type: 'stage', stage: s, state }));
    const reconcileStarted = performance.now();
    const reconciled = await stages.run('reconcile', {
      checkpoint: complete && opts.reconcile !== false,
      compute: async () => ({
        outcome: await reconcile(ctx, driver!, accounts, {
          // A dry run reconciles exactly like a run (its target reads what the run staged): it never says
          // "passed" without having compared the control totals and hashes.
          full: complete && opts.reconcile !== false,
          skipped: opts.reconcile === false,
          // Why control totals and hashes were not compared, when they were not.
          notRunBecause: cancelled ? 'cancelled' : errors.length > 0 || unbalancedAtStart ? 'failed' : undefined,
          listLimit: opts.reportListLimit ?? 100,
          emit: () => undefined,
        }),
        ms: Math.round(performance.now() - reconcileStarted),
      }),
    });
    const post = await runPostLoadStages({ definition, ctx, accounts, stages, complete, dryRun, signal: options.signal, emit, dryRunDocuments });
    // A cancel during a stage after the load stops the run like one during the load: it stays resumable.
    if (options.signal?.aborted === true) cancelled = true;
    let report = finalizeReport({
      definition,
      ctx,
      accounts,
      reconciliation: reconciled.outcome,
      resumed,
      cancelled,
      errors,
      startedAt,
      reconcileMs: reconciled.ms,
      totalMs: performance.now() - started,
    });
    if (deliveryOutcome !== undefined) report = attachDelivery(report, deliveryOutcome.section);
    if (ctx.changeList !== undefined) report = { ...report, changeList: await ctx.changeList.finish() };
    report = assembleStageSections(report, post, opts.thresholds ?? []);
    report = withSessions(report, sessions, stages.report());
    // A cancel during a stage after the load (e.g. the document transfer) leaves the run resumable too.
    const stopped = report.status === 'cancelled';
    // The marks commit with the run: a failed (case checks included), cancelled or dry run stores none.
    const finished = !(report.status === 'failed' || stopped);
    const marks = !finished || dryRun || target.highWaterMarks === undefined ? [] : marksToCommit(deltas);
    if (deltas.size > 0) report = { ...report, delta: deltaSection(definition, deltas, (m) => accounts.get(m)?.stats.extracted ?? 0, marks.length > 0) };
    if (!stopped || dryRun) await target.finishRun(runId, finished ? 'finished' : 'failed', report, marks);
    else await target.endSession?.(runId, 'cancelled');
    sessionOpen = false;
    emit({ type: 'run-finished', runId, status: report.status });
    return report;
  } catch (error) {
    // A session stopped by an error ends `failed` (a later session would otherwise call it killed).
    if (sessionOpen) await target.endSession?.(runId, 'failed').catch(() => undefined);
    throw error;
  } finally {
    await workers?.terminate();
    await driver?.destroy().catch(() => undefined);
    if (options.keepTargetOpen !== true) await target.close();
  }
}

/**
 * A resumed run's quarantine counters come from the ledger, but its per-code detail only from this
 * session: seed the detail from the ledger's quarantine rows so the report's per-code list adds up to
 * its quarantine total (targets without a readable quarantine ledger keep the session's detail).
 */
async function seedQuarantineCodes(target: MigrationDefinition['target'], runId: string, accounts: ReadonlyMap<string, MappingAccount>): Promise<void> {
  if (target.quarantineEntries === undefined) return;
  for (const entry of (await target.quarantineEntries(runId)) ?? []) {
    const account = accounts.get(entry.mapping);
    if (account === undefined) continue;
    for (const code of new Set(entry.issueCodes)) MappingAccount.bump(account.quarantinedByCode, code);
  }
}

/**
 * A delivery is accounted over the whole run: the live record counts it started from belong to the
 * run's first session (a resumed session would count after the first one's inserts) and the tombstones
 * an earlier session wrote still count. Both are kept in the ledger (stages `delivery-start` and
 * `delivery-deletions`) and restored on resume.
 */
async function pinDeliveryStart(
  target: MigrationDefinition['target'],
  runId: string,
  session: number,
  checkpoints: readonly StageCheckpoint[],
  start: DeliveryStart,
): Promise<DeliveryStart> {
  const saved = (stage: string): string | null => checkpoints.find((c) => c.stage === stage && c.status === 'finished')?.summary ?? null;
  const persist = async (deletions: readonly EntityDeletions[]): Promise<void> => {
    await target.saveStage?.(runId, { stage: 'delivery-deletions', status: 'finished', session, summary: JSON.stringify(deletions) });
  };
  const startedWith = saved('delivery-start');
  if (startedWith === null)
    await target.saveStage?.(runId, { stage: 'delivery-start', status: 'finished', session, summary: JSON.stringify([...start.previousLive]) });
  const earlier = saved('delivery-deletions');
  return {
    ...start,
    previousLive: startedWith === null ? start.previousLive : new Map(JSON.parse(startedWith) as [string, number][]),
    deletions: earlier === null ? start.deletions : [...(JSON.parse(earlier) as EntityDeletions[]), ...start.deletions],
    persist,
  };
}

/** Entities some record of this migration may reference: the only ones worth remembering ids of. */
function referencedEntities(definition: MigrationDefinition, references: (entity: string) => readonly { entity: string }[]): Set<string> {
  const out = new Set<string>();
  for (const mapping of definition.mappings) for (const entity of mapping.produces) for (const ref of references(entity)) out.add(ref.entity);
  return out;
}

function checkResumable(state: RunState, resume: boolean): boolean {
  const hasProgress = Object.keys(state.mappings).length > 0;
  if (state.status === 'finished' && (hasProgress || resume)) {
    throw new RunError('This run id belongs to a finished run; start a new run id.', { code: ERROR_CODES.CHECKPOINT_INVALID, details: { runId: state.runId } });
  }
  // Resuming an id the ledger has no committed batch for would silently start a new run instead.
  if (resume && !hasProgress) {
    throw new RunError(
      'Nothing to resume: this store has no committed batch for this run id (a mistyped id, another store, or a run interrupted before its first batch). Check the id in the run log or report, or start a new run without --resume.',
      {
        code: ERROR_CODES.CHECKPOINT_INVALID,
        details: { runId: state.runId },
      },
    );
  }
  if (hasProgress && !resume) {
    throw new RunError('This run id has committed batches; pass `resume` to continue it or use a new run id.', {
      code: ERROR_CODES.CHECKPOINT_INVALID,
      details: { runId: state.runId },
    });
  }
  return hasProgress;
}

async function resolveKeyColumns(definition: MigrationDefinition, driver: ConnectorDriver): Promise<Map<string, readonly string[]>> {
  const out = new Map<string, readonly string[]>();
  let introspector: ReturnType<MigrationDefinition['source']['createIntrospector']> | undefined;
  for (const mapping of definition.mappings as readonly SourceMapping[]) {
    if (mapping.source.keyColumns !== undefined && mapping.source.keyColumns.length > 0) {
      out.set(mapping.name, mapping.source.keyColumns);
      continue;
    }
    if (mapping.source.join !== undefined || mapping.source.query !== undefined) {
      throw new ConfigurationError(`Mapping "${mapping.name}", source.key: a join or query source must declare its key columns.`, {
        details: { mapping: mapping.name, field: 'source.key' },
      });
    }
    introspector ??= definition.source.createIntrospector(driver);
    const table = await introspector.describeTable(mapping.source.table);
    if (table.primaryKey.length === 0 && mapping.sourceKey === undefined) {
      throw new MappingError('The source table has no primary key; declare keyColumns on the mapping.', {
        details: { mapping: mapping.name, table: mapping.source.table },
      });
    }
    out.set(mapping.name, table.primaryKey);
  }
  return out;
}

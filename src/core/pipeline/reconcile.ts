/**
 * Reconciliation: the three witnesses per entity. (1) conservation, always; (2) control totals and
 * (3) record hashes after a complete real run. Status `failed` when any conclusive witness disagrees.
 */
import type { ConnectorDriver } from '../connector/connector.js';
import type { ReconciliationReport, ReconciliationWitness } from '../report/run-report.js';
import type { EngineContext } from './engine-context.js';
import type { ProgressEvent } from './progress-event.js';
import { checkConservation, type MappingAccount } from './mapping-account.js';
import { checkControlTotals } from './control-totals-check.js';
import { checkHashes } from './hash-check.js';

/** How far to reconcile. */
export interface ReconcileOptions {
  /** Run control totals and hashes (a complete, real run); otherwise conservation only. */
  readonly full: boolean;
  /** Reconciliation switched off by the options (conservation is still checked and reported). */
  readonly skipped: boolean;
  /** Why control totals and hashes are not compared although reconciliation is on (a stopped run). */
  readonly notRunBecause?: 'dry-run' | 'cancelled' | 'failed' | undefined;
  readonly listLimit: number;
  /** Receives the reconcile stage's progress events. */
  readonly emit: (event: ProgressEvent) => void;
}

/** Reconciliation result plus whether some mismatch was only inconclusive. */
export interface ReconcileOutcome {
  readonly report: ReconciliationReport;
  readonly inconclusive: boolean;
}

/** Runs the witnesses and summarises them. */
export async function reconcile(
  ctx: EngineContext,
  driver: ConnectorDriver,
  accounts: ReadonlyMap<string, MappingAccount>,
  options: ReconcileOptions,
): Promise<ReconcileOutcome> {
  options.emit({ type: 'stage', stage: 'reconcile', state: 'started' });
  const conservation = [...accounts.values()].map((a) => checkConservation(a.mapping, a.stats));
  let controlTotals: ReconciliationReport['controlTotals'] = [];
  let controlTotalsSkipped: ReconciliationReport['controlTotalsSkipped'] = [];
  let hashes: ReconciliationReport['hashes'] = null;
  if (options.full) {
    const ct = await checkControlTotals(ctx, driver, ctx.definition.mappings, accounts);
    controlTotals = ct.results;
    controlTotalsSkipped = ct.skipped;
    const entities = [...new Set(ctx.definition.mappings.flatMap((m) => m.produces))];
    hashes = await checkHashes(ctx, entities, options.listLimit);
  }
  const conservationOk = conservation.every((c) => c.balanced);
  const totalsOk = controlTotals.every((r) => r.matched || !r.conclusive);
  const inconclusive = controlTotals.some((r) => !r.matched && !r.conclusive);
  const hashesOk = hashes === null || (hashes.mismatchedCount === 0 && hashes.missingCount === 0);
  const failed = !conservationOk || !totalsOk || !hashesOk;
  const compared: ReconciliationWitness[] = ['conservation'];
  if (options.full) compared.push('control-totals', 'hashes');
  // Passing on the conservation equation alone is no reconciliation: without the source-side witnesses it did not run.
  const status = failed ? 'failed' : options.skipped ? 'skipped' : options.full ? 'passed' : 'not_run';
  options.emit({ type: 'stage', stage: 'reconcile', state: 'finished' });
  return {
    report: {
      status,
      compared,
      ...(status === 'not_run' && options.notRunBecause !== undefined ? { notRunBecause: options.notRunBecause } : {}),
      conservation,
      controlTotals,
      controlTotalsSkipped,
      hashes,
    },
    inconclusive,
  };
}

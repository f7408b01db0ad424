/**
 * Reconciliation on its own, outside a run: control totals and record hashes of everything the target
 * holds from this source system. Finds corruption and dropped rows at any later time (a scheduled
 * check, `casebridge reconcile`). Without a run there are no excluded-row aggregates, so a control-total
 * difference is reported as inconclusive unless the mapping excluded nothing.
 */
import { randomUUID } from 'node:crypto';
import type { MigrationDefinition } from './migration-definition.js';
import { createEngineContext } from './engine-context.js';
import type { ReconciliationReport } from '../report/run-report.js';
import { MappingAccount, emptyStats } from './mapping-account.js';
import { checkControlTotals } from './control-totals-check.js';
import { checkHashes } from './hash-check.js';

/** Reconciles the target against the source without loading anything. */
export async function reconcileMigration(definition: MigrationDefinition, options: { readonly keepTargetOpen?: boolean } = {}): Promise<ReconciliationReport> {
  const { target, options: opts } = definition;
  await target.open();
  const driver = definition.source.createDriver();
  try {
    await driver.init();
    const ctx = createEngineContext(definition, { runId: randomUUID(), dryRun: false, keyColumns: new Map(), signal: undefined });
    // Unknown excluded rows: mark every account as "resumed" so mismatches count as inconclusive.
    const accounts = new Map(
      definition.mappings.map((m) => {
        const a = new MappingAccount(m.name, m.entity, emptyStats());
        a.resumedFromRow = Number.MAX_SAFE_INTEGER;
        return [m.name, a] as const;
      }),
    );
    const totals = await checkControlTotals(ctx, driver, definition.mappings, accounts);
    const entities = [...new Set(definition.mappings.flatMap((m) => m.produces))];
    const hashes = await checkHashes(ctx, entities, opts.reportListLimit ?? 100);
    const failed = hashes.mismatchedCount > 0 || hashes.missingCount > 0 || totals.results.some((r) => !r.matched && r.conclusive);
    return { status: failed ? 'failed' : 'passed', conservation: [], controlTotals: totals.results, controlTotalsSkipped: totals.skipped, hashes };
  } finally {
    await driver.destroy().catch(() => undefined);
    if (options.keepTargetOpen !== true) await target.close();
  }
}

/**
 * The post-load case-level validation step: streams the cases the run's source system loaded from the
 * target (keyset pages in case-id order, so memory holds one page), runs the cross-record rules of
 * `validators/case` on each and summarises the issues as flags for the report. Runs in dry runs too:
 * the target then reads what the run staged.
 */
import type { Tenant } from './tenant.js';
import type { CanonicalTarget } from './canonical-target.js';
import type { CaseChecksSection, CaseCheckFlag } from '../report/case-checks-section.js';
import type { CaseRule } from '../model/case-rule.js';

/** Options of the case-level checks (`MigrationOptions.caseChecks`). */
export interface CaseChecksOptions {
  /** Rules to run (default: the definition's `rules.caseRules`, i.e. the model's). */
  readonly rules?: readonly CaseRule[];
  /** Reference date (YYYY-MM-DD) the rules judge against, e.g. the cut-off (default: today, UTC). */
  readonly referenceDate?: string;
  /** Cases read per page (default 500). */
  readonly pageSize?: number;
  /**
   * Give the rules each record's `lineage` (default false: the built-in rules never read it, and a SQL
   * store rebuilds it per record from the ledger). Set true for rules of your own that read it.
   */
  readonly lineage?: boolean;
}

/** Runs the case rules over the target's cases of `tenant`; undefined when the target cannot read cases. */
export async function runCaseChecks(
  target: CanonicalTarget,
  tenant: Tenant,
  options: CaseChecksOptions,
  defaultRules: readonly CaseRule[],
  listLimit: number,
  signal?: AbortSignal,
): Promise<CaseChecksSection | undefined> {
  if (target.readCaseBundles === undefined) return undefined;
  const rules = options.rules ?? defaultRules;
  const context = options.referenceDate === undefined ? {} : { referenceDate: options.referenceDate };
  const byCode = new Map<string, number>();
  const bySeverity = new Map<string, number>();
  const errorsByCode = new Map<string, number>();
  const flags: CaseCheckFlag[] = [];
  let cases = 0;
  let casesFlagged = 0;
  let issues = 0;
  for await (const page of target.readCaseBundles(tenant, options.pageSize ?? 500, { lineage: options.lineage ?? false })) {
    signal?.throwIfAborted();
    for (const bundle of page) {
      cases += 1;
      const found = rules.flatMap((rule) => rule(bundle, context));
      if (found.length === 0) continue;
      casesFlagged += 1;
      const caseRef = String(bundle.case['id']);
      for (const issue of found) {
        issues += 1;
        byCode.set(issue.code, (byCode.get(issue.code) ?? 0) + 1);
        bySeverity.set(issue.severity, (bySeverity.get(issue.severity) ?? 0) + 1);
        if (issue.severity === 'error') errorsByCode.set(issue.code, (errorsByCode.get(issue.code) ?? 0) + 1);
        // Capped per code, so a frequent code cannot hide a rare one. Only codes and references are kept.
        if ((byCode.get(issue.code) ?? 0) <= listLimit)
          flags.push({ caseRef, entity: issue.entity, recordRef: issue.recordRef ?? null, code: issue.code, severity: issue.severity });
      }
    }
  }
  return {
    cases,
    casesFlagged,
    issues,
    byCode: sorted(byCode),
    bySeverity: sorted(bySeverity),
    errorsByCode: sorted(errorsByCode),
    flags,
    truncated: issues > flags.length,
  };
}

function sorted(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
}

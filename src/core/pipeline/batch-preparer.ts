/**
 * Turns one batch of source rows into a LoadBatch: filter → map → validate (the per-row phase of
 * `row-phase.ts`, here or in a worker thread) → duplicate source keys → reference check → duplicate
 * check. Every row ends in exactly one bucket (filtered, quarantined or to-be-loaded); per-row
 * problems are issues (data), never exceptions, and nothing personal leaves this function.
 */
import type { SourceRow } from '../connector/source-value.js';
import type { ValidationIssue } from '../model/validation-issue.js';
import type { LoadRecord, MergedLineage, QuarantineEntry, RecordNote } from './canonical-target.js';
import type { SourceMapping } from './source-mapping.js';
import type { EngineContext } from './engine-context.js';
import { contentHash, recordRefOf } from './identity.js';
import { MappingAccount, type ExcludedTotals } from './mapping-account.js';
import { accumulateExcluded } from './excluded-totals.js';
import { checkReferences } from './reference-check.js';
import { DUPLICATE_SOURCE_KEY, SourceKeyTracker } from './source-key-tracker.js';
import { engineIssue, lineageOf, mapRows, safeMap, type RowPhaseResult } from './row-phase.js';
import { ROWS_PER_YIELD, yieldToIo } from './io-yield.js';

/** A source row that survived filtering and mapping (its own module, so the checks need not import this one). */
import type { RowCandidate } from './row-candidate.js';

/** A batch ready to commit plus what the engine needs to account for its outcome. */
export interface PreparedBatch {
  readonly records: LoadRecord[];
  readonly quarantine: QuarantineEntry[];
  /** One entry per row loaded with warnings or filtered by a named rule (committed with the batch). */
  readonly notes: RecordNote[];
  readonly extracted: number;
  readonly filtered: Record<string, number>;
  /** Per loaded row: the `entity|id` keys of its records (row outcome = best record outcome). */
  readonly loadedRows: readonly (readonly string[])[];
  /** Loaded rows that carried at least one warning. */
  readonly warnings: number;
  /** Ids this batch will write, by entity (pending until committed). */
  readonly ids: ReadonlyMap<string, ReadonlySet<string>>;
  /** Records of this batch that duplicate an earlier record (flagged or merged). */
  readonly duplicates: number;
  /** Lineage of the rows whose record was merged into a survivor. */
  readonly mergedLineage: readonly MergedLineage[];
  /** Duplicate keys held pending until the batch commits. */
  readonly pendingKeys: readonly string[];
  /**
   * Per-code detail of this batch, added to the mapping's account only when the batch commits, so the
   * report's per-code lists always add up to its committed totals (a failed batch counts nowhere).
   */
  readonly detail: BatchDetail;
}

/** Per-code counters of one prepared batch (see {@link PreparedBatch.detail}). */
export interface BatchDetail {
  readonly quarantinedByCode: Map<string, number>;
  readonly quarantinedByStage: Map<string, number>;
  readonly warningsByCode: Map<string, number>;
  /** Excluded (filtered, quarantined, merged) rows' control-total aggregates of this batch. */
  readonly excluded: ExcludedTotals;
}

/**
 * Prepares one batch; `account` receives the per-code detail counters. `mapped` is the batch's per-row
 * phase when a worker thread ran it; without it, it runs here (the same function either way).
 */
export async function prepareBatch(
  ctx: EngineContext,
  mapping: SourceMapping,
  account: MappingAccount,
  rows: readonly SourceRow[],
  mapped?: RowPhaseResult,
): Promise<PreparedBatch> {
  const filtered: Record<string, number> = {};
  const quarantine: QuarantineEntry[] = [];
  const notes: RecordNote[] = [];
  const note = (bucket: RecordNote['bucket'], recordRef: string, sourceKey: string, codes: string[], paths: string[]): void => {
    notes.push({ mapping: mapping.name, bucket, recordRef, sourceTable: mapping.source.table, sourceKey, codes, paths });
  };
  const detail: BatchDetail = { quarantinedByCode: new Map(), quarantinedByStage: new Map(), warningsByCode: new Map(), excluded: new Map() };
  let candidates: RowCandidate[] = [];

  const toQuarantine = (c: { recordRef: string; sourceKey: string; row: SourceRow }, issues: readonly ValidationIssue[], stage: string): void => {
    const errors = issues.filter((i) => i.severity === 'error');
    quarantine.push({
      mapping: mapping.name,
      recordRef: c.recordRef,
      sourceTable: mapping.source.table,
      sourceKey: c.sourceKey,
      issueCodes: errors.map((i) => i.code),
      paths: errors.map((i) => i.path),
    });
    for (const code of new Set(errors.map((i) => i.code))) MappingAccount.bump(detail.quarantinedByCode, code);
    MappingAccount.bump(detail.quarantinedByStage, stage);
    accumulateExcluded(ctx, mapping, detail.excluded, c.row);
  };

  const phase = mapped ?? (await mapRows(ctx, mapping, rows));
  account.durations.map += phase.mapMs;
  account.durations.validate += phase.validateMs;
  const started = performance.now();
  const results = phase.rows;
  let invalid: RowCandidate[] | undefined;
  const duplicated = ctx.sourceKeys.check(
    mapping.name,
    results.map((r) => SourceKeyTracker.tokenOf(r.digest)),
  );
  for (const [index, row] of rows.entries()) {
    if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToIo();
    const result = results[index]!;
    const { sourceKey } = result;
    const recordRef = recordRefOf(mapping.name, result.digest);
    if (duplicated[index] === true) {
      // Never load (and so overwrite) a row whose key another row has: quarantine every such row and
      // make the ids it maps to ambiguous for the rows that reference them.
      if (result.mapped) markIdsAmbiguous(ctx, result.records);
      else markAmbiguousIds(ctx, mapping, row, recordRef);
      toQuarantine({ recordRef, sourceKey, row }, [engineIssue(DUPLICATE_SOURCE_KEY, mapping.entity, '', recordRef)], 'source');
      continue;
    }
    switch (result.outcome) {
      case 'filter-failed':
        toQuarantine({ recordRef, sourceKey, row }, [engineIssue('mapping.filter_failed', mapping.source.table, '', recordRef)], 'map');
        break;
      case 'filtered': {
        const name = result.filter!;
        filtered[name] = (filtered[name] ?? 0) + 1;
        note('filtered', recordRef, sourceKey, [name], ['']);
        accumulateExcluded(ctx, mapping, detail.excluded, row);
        break;
      }
      case 'map':
        toQuarantine({ recordRef, sourceKey, row }, result.issues, 'map');
        break;
      case 'validate':
        (invalid ??= []).push({ recordRef, sourceKey, row, records: result.records, issues: result.issues });
        break;
      case 'candidate':
        candidates.push({ recordRef, sourceKey, row, records: result.records, issues: result.issues });
    }
  }
  // Rows that failed validation follow the mapping's rejects in the quarantine (validation is the later stage).
  for (const c of invalid ?? []) toQuarantine(c, c.issues, 'validate');

  const { kept, rejected } = await checkReferences(ctx, candidates);
  for (const { candidate, issues } of rejected) toQuarantine(candidate, issues, 'reference');
  const dup = await ctx.duplicates.process(kept);
  candidates = dup.candidates;
  for (const m of dup.merged) accumulateExcluded(ctx, mapping, detail.excluded, m.candidate.row, m.entity);
  account.durations.validate += performance.now() - started;

  const records: LoadRecord[] = [];
  const loadedRows: string[][] = [];
  const ids = new Map<string, Set<string>>();
  let warnings = 0;
  for (const [index, c] of candidates.entries()) {
    if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToIo();
    const keys: string[] = [];
    const warningIssues = c.issues.filter((i) => i.severity === 'warning');
    if (warningIssues.length > 0) {
      warnings += 1;
      note(
        'warning',
        c.recordRef,
        c.sourceKey,
        warningIssues.map((w) => w.code),
        warningIssues.map((w) => w.path),
      );
    }
    for (const w of warningIssues) MappingAccount.bump(detail.warningsByCode, w.code);
    for (const r of c.records) {
      const id = r.record['id'] as string;
      keys.push(`${r.entity}|${id}`);
      let set = ids.get(r.entity);
      if (!set) ids.set(r.entity, (set = new Set()));
      set.add(id);
      records.push({
        entity: r.entity,
        id,
        record: r.record,
        contentHash: r.contentHash ?? contentHash(r.record),
        lineage: lineageOf(ctx, mapping, c.sourceKey),
      });
    }
    loadedRows.push(keys);
  }
  const mergedLineage = dup.merged.map(
    (m): MergedLineage => ({
      entity: m.entity,
      survivorId: m.survivorId,
      contentHash: contentHash(m.record),
      lineage: lineageOf(ctx, mapping, m.candidate.sourceKey),
    }),
  );
  return {
    records,
    quarantine,
    notes,
    extracted: rows.length,
    filtered,
    loadedRows,
    warnings,
    ids,
    duplicates: dup.duplicates,
    mergedLineage,
    pendingKeys: dup.pendingKeys,
    detail,
  };
}

/** Marks the ids a row with a duplicated key maps to as ambiguous (the row itself is quarantined). */
export function markAmbiguousIds(ctx: EngineContext, mapping: SourceMapping, row: SourceRow, recordRef: string): void {
  markIdsAmbiguous(ctx, safeMap(ctx, mapping, row, recordRef).records);
}

function markIdsAmbiguous(ctx: EngineContext, records: readonly { entity: string; record: Record<string, unknown> }[]): void {
  for (const draft of records) {
    const id = draft.record['id'];
    if (typeof id === 'string') ctx.sourceKeys.markAmbiguous(draft.entity, id);
  }
}

/**
 * Turns one batch of source rows into a LoadBatch: filter → map → validate → reference check →
 * duplicate check. Every row ends in exactly one bucket (filtered, quarantined or to-be-loaded); per-row
 * problems are issues (data), never exceptions, and nothing personal leaves this function.
 */
import type { SourceRow } from '../connector/source-value.js';
import type { ValidationIssue } from '../model/validation-issue.js';
import type { IssueCode } from '../issue-codes.js';
import type { LoadRecord, MergedLineage, QuarantineEntry, RecordLineage, RecordNote } from './canonical-target.js';
import type { SourceMapping } from './source-mapping.js';
import type { EngineContext } from './engine-context.js';
import { contentHash, recordRefOf, sourceRowDigest } from './identity.js';
import { MappingAccount, type ExcludedTotals } from './mapping-account.js';
import { accumulateExcluded } from './excluded-totals.js';
import { checkReferences } from './reference-check.js';
import { DUPLICATE_SOURCE_KEY, SourceKeyTracker } from './source-key-tracker.js';
import { INVALID_TEXT } from './invalid-text.js';
import { ENCODING_MISMATCH } from './encoding-mismatch.js';
import { checkRecordText } from './record-text-check.js';
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

/** Issue code of a row that yields no record and no named filter accounts for it. */
export const NO_OUTPUT_CODE = 'mapping.no_output';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Prepares one batch; `account` receives the per-code detail counters. */
export async function prepareBatch(ctx: EngineContext, mapping: SourceMapping, account: MappingAccount, rows: readonly SourceRow[]): Promise<PreparedBatch> {
  const filtered: Record<string, number> = {};
  const quarantine: QuarantineEntry[] = [];
  const notes: RecordNote[] = [];
  const note = (bucket: RecordNote['bucket'], recordRef: string, sourceKey: string, codes: string[], paths: string[]): void => {
    notes.push({ mapping: mapping.name, bucket, recordRef, sourceTable: mapping.source.table, sourceKey, codes, paths });
  };
  const detail: BatchDetail = { quarantinedByCode: new Map(), quarantinedByStage: new Map(), warningsByCode: new Map(), excluded: new Map() };
  let candidates: RowCandidate[] = [];
  const started = performance.now();

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

  const sourceKeys = rows.map((row) => sourceKeyOf(ctx, mapping, row));
  // One keyed digest per row gives both its pseudonymous reference and its duplicate-key token.
  const digests = sourceKeys.map((key) => sourceRowDigest(ctx.sourceSystem, mapping.source.table, key, ctx.pseudonyms));
  const duplicated = ctx.sourceKeys.check(mapping.name, digests.map(SourceKeyTracker.tokenOf));
  for (const [index, row] of rows.entries()) {
    if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToIo();
    const sourceKey = sourceKeys[index]!;
    const recordRef = recordRefOf(mapping.name, digests[index]!);
    if (duplicated[index] === true) {
      // Never load (and so overwrite) a row whose key another row has: quarantine every such row and
      // make the ids it maps to ambiguous for the rows that reference them.
      markAmbiguousIds(ctx, mapping, row, recordRef);
      toQuarantine({ recordRef, sourceKey, row }, [engineIssue(DUPLICATE_SOURCE_KEY, mapping.entity, '', recordRef)], 'source');
      continue;
    }
    const rule = firstMatchingFilter(mapping, row);
    if (rule !== undefined) {
      if (rule.error) {
        toQuarantine({ recordRef, sourceKey, row }, [engineIssue('mapping.filter_failed', mapping.source.table, '', recordRef)], 'map');
      } else {
        filtered[rule.name] = (filtered[rule.name] ?? 0) + 1;
        note('filtered', recordRef, sourceKey, [rule.name], ['']);
        accumulateExcluded(ctx, mapping, detail.excluded, row);
      }
      continue;
    }
    const mapped = safeMap(ctx, mapping, row, recordRef);
    const issues = [...mapped.issues];
    for (const draft of mapped.records) {
      const id = draft.record['id'];
      if (!mapping.produces.includes(draft.entity)) issues.push(engineIssue('mapping.entity_not_declared', draft.entity, '', recordRef));
      if (typeof id !== 'string' || !UUID.test(id)) issues.push(engineIssue('mapping.id_missing', draft.entity, '/id', recordRef));
      const text = checkRecordText(draft.record);
      for (const path of text.invalidText) issues.push(engineIssue(INVALID_TEXT, draft.entity, path, recordRef));
      for (const path of text.encodingMismatch) issues.push(engineIssue(ENCODING_MISMATCH, draft.entity, path, recordRef));
    }
    if (issues.some((i) => i.severity === 'error')) {
      toQuarantine({ recordRef, sourceKey, row }, issues, 'map');
      continue;
    }
    if (mapped.records.length === 0) {
      // A row that yields nothing is either filtered on purpose (a named rule) or an error: counting it
      // as loaded would break the promise that every source row lands in one bucket.
      if (mapped.filtered !== undefined && mapped.filtered.trim() !== '') {
        filtered[mapped.filtered] = (filtered[mapped.filtered] ?? 0) + 1;
        note('filtered', recordRef, sourceKey, [mapped.filtered], ['']);
        accumulateExcluded(ctx, mapping, detail.excluded, row);
      } else {
        toQuarantine({ recordRef, sourceKey, row }, [...issues, engineIssue(NO_OUTPUT_CODE, mapping.entity, '', recordRef)], 'map');
      }
      continue;
    }
    const records = mapped.records.map((d) => ({ entity: d.entity, record: withLineage(ctx, mapping, d.entity, d.record, sourceKey) }));
    candidates.push({ recordRef, sourceKey, row, records, issues });
  }
  const mapDone = performance.now();
  account.durations.map += mapDone - started;

  const valid: RowCandidate[] = [];
  for (const [index, c] of candidates.entries()) {
    if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToIo();
    for (const r of c.records) {
      for (const issue of ctx.validator(r.entity, r.record)) c.issues.push({ ...issue, recordRef: c.recordRef });
    }
    if (c.issues.some((i) => i.severity === 'error')) toQuarantine(c, c.issues, 'validate');
    else valid.push(c);
  }
  candidates = valid;

  const { kept, rejected } = await checkReferences(ctx, candidates);
  for (const { candidate, issues } of rejected) toQuarantine(candidate, issues, 'reference');
  const dup = await ctx.duplicates.process(kept);
  candidates = dup.candidates;
  for (const m of dup.merged) accumulateExcluded(ctx, mapping, detail.excluded, m.candidate.row, m.entity);
  account.durations.validate += performance.now() - mapDone;

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
      records.push({ entity: r.entity, id, record: r.record, contentHash: contentHash(r.record), lineage: lineageOf(ctx, mapping, c.sourceKey) });
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

/** The legacy key of a source row: the mapping's `sourceKey`, or its key columns joined by `|`. */
export function sourceKeyOf(ctx: EngineContext, mapping: SourceMapping, row: SourceRow): string {
  return mapping.sourceKey
    ? mapping.sourceKey(row)
    : ctx.keyColumns
        .get(mapping.name)!
        .map((k) => keyText(row[k]))
        .join('|');
}

/** Marks the ids a row with a duplicated key maps to as ambiguous (the row itself is quarantined). */
export function markAmbiguousIds(ctx: EngineContext, mapping: SourceMapping, row: SourceRow, recordRef: string): void {
  for (const draft of safeMap(ctx, mapping, row, recordRef).records) {
    const id = draft.record['id'];
    if (typeof id === 'string') ctx.sourceKeys.markAmbiguous(draft.entity, id);
  }
}

function keyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
}

function firstMatchingFilter(mapping: SourceMapping, row: SourceRow): { name: string; error: boolean } | undefined {
  for (const rule of mapping.filters ?? []) {
    try {
      if (rule.test(row)) return { name: rule.name, error: false };
    } catch {
      // A filter that throws is a mapping defect; the row is quarantined, never silently dropped.
      return { name: rule.name, error: true };
    }
  }
  return undefined;
}

function safeMap(
  ctx: EngineContext,
  mapping: SourceMapping,
  row: SourceRow,
  recordRef: string,
): { records: readonly { entity: string; record: Record<string, unknown> }[]; issues: readonly ValidationIssue[]; filtered?: string } {
  try {
    // One id function per run (the tenant leads every id, under the run's scheme), not a closure per row.
    return mapping.map(row, { sourceSystem: ctx.sourceSystem, recordRef, id: ctx.id });
  } catch {
    // The contract says map() must not throw; if it does, the row is quarantined with a stable code and
    // the exception (which may quote the row) is not reported.
    return { records: [], issues: [engineIssue('mapping.exception', mapping.source.table, '', recordRef)] };
  }
}

function lineageOf(ctx: EngineContext, mapping: SourceMapping, sourceKey: string): RecordLineage {
  return {
    commune: ctx.tenant.commune,
    sourceSystem: ctx.sourceSystem,
    sourceTable: mapping.source.table,
    sourceKey,
    mapping: mapping.name,
    mappingVersion: mapping.version,
  };
}

function withLineage(ctx: EngineContext, mapping: SourceMapping, entity: string, record: Record<string, unknown>, sourceKey: string): Record<string, unknown> {
  if (!ctx.embedsLineage(entity) || record['lineage'] !== undefined) return record;
  return { ...record, lineage: lineageOf(ctx, mapping, sourceKey) };
}

/** An engine-raised issue (error severity) with a stable code and no personal data. */
export function engineIssue(code: IssueCode, entity: string, path: string, recordRef: string): ValidationIssue {
  return { code, severity: 'error', entity, path, message: `Engine check failed: ${code}.`, recordRef };
}

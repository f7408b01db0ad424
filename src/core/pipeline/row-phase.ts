/**
 * The per-row phase of preparing a batch: everything that depends on the row alone (source key, keyed
 * digest, filter rules, map, the per-record engine checks, lineage, validation, content hash). It reads
 * no run state, so the same function runs in the main thread and in a worker thread (see
 * `map-worker.ts`), and the batch preparer's stateful assembly gets the same results either way.
 */
import type { SourceRow } from '../connector/source-value.js';
import type { ValidationIssue } from '../model/validation-issue.js';
import type { IssueCode } from '../issue-codes.js';
import type { PseudonymKey } from '../pseudonyms/pseudonym-key.js';
import type { RecordLineage } from './canonical-target.js';
import type { RecordValidator } from './migration-definition.js';
import type { SourceMapping } from './source-mapping.js';
import type { IdFunction } from './id-scheme.js';
import type { Tenant } from './tenant.js';
import type { CandidateRecord } from './row-candidate.js';
import { contentHash, recordRefOf, sourceRowDigest } from './identity.js';
import { INVALID_TEXT } from './invalid-text.js';
import { ENCODING_MISMATCH } from './encoding-mismatch.js';
import { checkRecordText } from './record-text-check.js';
import { ROWS_PER_YIELD, yieldToIo } from './io-yield.js';

/** Issue code of a row that yields no record and no named filter accounts for it. */
export const NO_OUTPUT_CODE = 'mapping.no_output';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the per-row phase needs: no run state, only the run's constants (the engine context has them all). */
export interface RowPhaseContext {
  readonly sourceSystem: string;
  readonly tenant: Tenant;
  readonly id: IdFunction;
  readonly pseudonyms: PseudonymKey;
  readonly validator: RecordValidator;
  readonly embedsLineage: (entity: string) => boolean;
  /** Key columns per mapping (declared, or the source table's primary key). */
  readonly keyColumns: ReadonlyMap<string, readonly string[]>;
}

/**
 * How one row came out of the per-row phase:
 * - `candidate`: mapped and valid so far (records carry lineage and content hash; issues are warnings);
 * - `filtered`: a filter rule (`mapped: false`) or the mapping itself (`mapped: true`) named `filter`;
 * - `filter-failed`: the filter rule `filter` threw (not mapped);
 * - `map` / `validate`: quarantined at that stage with `issues` (a `map` row keeps its drafts, so a
 *   duplicated key can still make their ids ambiguous).
 */
export interface RowResult {
  readonly sourceKey: string;
  /** The keyed digest of the row (see `sourceRowDigest`): its reference and its duplicate-key token. */
  readonly digest: string;
  readonly outcome: 'candidate' | 'filtered' | 'filter-failed' | 'map' | 'validate';
  /** Whether `map` ran for this row (false for rows a filter rule took). */
  readonly mapped: boolean;
  readonly filter?: string;
  readonly records: CandidateRecord[];
  readonly issues: ValidationIssue[];
}

/** The per-row results of one batch, in row order, with the time the two halves took. */
export interface RowPhaseResult {
  readonly rows: RowResult[];
  readonly mapMs: number;
  readonly validateMs: number;
}

/**
 * Runs the per-row phase over a batch, yielding to I/O every {@link ROWS_PER_YIELD} rows (the main
 * thread commits the previous batch meanwhile).
 */
export async function mapRows(ctx: RowPhaseContext, mapping: SourceMapping, rows: readonly SourceRow[]): Promise<RowPhaseResult> {
  const started = performance.now();
  const results: RowResult[] = [];
  const candidates: RowResult[] = [];
  for (const [index, row] of rows.entries()) {
    if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToIo();
    const result = mapRow(ctx, mapping, row);
    results.push(result);
    if (result.outcome === 'candidate') candidates.push(result);
  }
  const mapDone = performance.now();
  for (const [index, c] of candidates.entries()) {
    if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToIo();
    validateCandidate(ctx, mapping, c);
  }
  return { rows: results, mapMs: mapDone - started, validateMs: performance.now() - mapDone };
}

function mapRow(ctx: RowPhaseContext, mapping: SourceMapping, row: SourceRow): RowResult {
  const sourceKey = sourceKeyOf(ctx, mapping, row);
  // One keyed digest per row gives both its pseudonymous reference and its duplicate-key token.
  const digest = sourceRowDigest(ctx.sourceSystem, mapping.source.table, sourceKey, ctx.pseudonyms);
  const recordRef = recordRefOf(mapping.name, digest);
  const rule = firstMatchingFilter(mapping, row);
  if (rule !== undefined) {
    return rule.error
      ? { sourceKey, digest, outcome: 'filter-failed', mapped: false, filter: rule.name, records: [], issues: [] }
      : { sourceKey, digest, outcome: 'filtered', mapped: false, filter: rule.name, records: [], issues: [] };
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
  const drafts = mapped.records as CandidateRecord[];
  if (issues.some((i) => i.severity === 'error')) return { sourceKey, digest, outcome: 'map', mapped: true, records: drafts, issues };
  if (mapped.records.length === 0) {
    // A row that yields nothing is either filtered on purpose (a named rule) or an error: counting it
    // as loaded would break the promise that every source row lands in one bucket.
    if (mapped.filtered !== undefined && mapped.filtered.trim() !== '') {
      return { sourceKey, digest, outcome: 'filtered', mapped: true, filter: mapped.filtered, records: [], issues };
    }
    return { sourceKey, digest, outcome: 'map', mapped: true, records: [], issues: [...issues, engineIssue(NO_OUTPUT_CODE, mapping.entity, '', recordRef)] };
  }
  const records = mapped.records.map((d): CandidateRecord => ({ entity: d.entity, record: withLineage(ctx, mapping, d.entity, d.record, sourceKey) }));
  return { sourceKey, digest, outcome: 'candidate', mapped: true, records, issues };
}

/** Validates a candidate's records; a valid one gets each record's content hash, an invalid one is quarantined at `validate`. */
function validateCandidate(ctx: RowPhaseContext, mapping: SourceMapping, c: RowResult): void {
  const recordRef = recordRefOf(mapping.name, c.digest);
  for (const r of c.records) {
    for (const issue of ctx.validator(r.entity, r.record)) c.issues.push({ ...issue, recordRef });
  }
  if (c.issues.some((i) => i.severity === 'error')) (c as { outcome: RowResult['outcome'] }).outcome = 'validate';
  else for (const r of c.records) r.contentHash = contentHash(r.record);
}

/** The legacy key of a source row: the mapping's `sourceKey`, or its key columns joined by `|`. */
export function sourceKeyOf(ctx: Pick<RowPhaseContext, 'keyColumns'>, mapping: SourceMapping, row: SourceRow): string {
  return mapping.sourceKey
    ? mapping.sourceKey(row)
    : ctx.keyColumns
        .get(mapping.name)!
        .map((k) => keyText(row[k]))
        .join('|');
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

/** `mapping.map` that never throws: an exception becomes a `mapping.exception` issue (the row may be quoted in it, so it is not reported). */
export function safeMap(
  ctx: Pick<RowPhaseContext, 'sourceSystem' | 'id'>,
  mapping: SourceMapping,
  row: SourceRow,
  recordRef: string,
): { records: readonly { entity: string; record: Record<string, unknown> }[]; issues: readonly ValidationIssue[]; filtered?: string } {
  try {
    // One id function per run (the tenant leads every id, under the run's scheme), not a closure per row.
    return mapping.map(row, { sourceSystem: ctx.sourceSystem, recordRef, id: ctx.id });
  } catch {
    return { records: [], issues: [engineIssue('mapping.exception', mapping.source.table, '', recordRef)] };
  }
}

/** The lineage of a record of `mapping` from the source row keyed `sourceKey`. */
export function lineageOf(ctx: Pick<RowPhaseContext, 'tenant' | 'sourceSystem'>, mapping: SourceMapping, sourceKey: string): RecordLineage {
  return {
    commune: ctx.tenant.commune,
    sourceSystem: ctx.sourceSystem,
    sourceTable: mapping.source.table,
    sourceKey,
    mapping: mapping.name,
    mappingVersion: mapping.version,
  };
}

function withLineage(
  ctx: RowPhaseContext,
  mapping: SourceMapping,
  entity: string,
  record: Record<string, unknown>,
  sourceKey: string,
): Record<string, unknown> {
  if (!ctx.embedsLineage(entity) || record['lineage'] !== undefined) return record;
  return { ...record, lineage: lineageOf(ctx, mapping, sourceKey) };
}

/** An engine-raised issue (error severity) with a stable code and no personal data. */
export function engineIssue(code: IssueCode, entity: string, path: string, recordRef: string): ValidationIssue {
  return { code, severity: 'error', entity, path, message: `Engine check failed: ${code}.`, recordRef };
}

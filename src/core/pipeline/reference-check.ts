/**
 * Reference check: every uuid property with `x-references` must point at a record that exists in the
 * target, is pending in this run, or is loaded in the same batch. A dangling reference quarantines the
 * whole source row (`reference.missing`); rows referencing a row quarantined that way follow it.
 */
import type { ValidationIssue } from '../model/validation-issue.js';
import type { IssueCode } from '../issue-codes.js';
import type { EngineContext } from './engine-context.js';
import type { RowCandidate } from './row-candidate.js';
import { REFERENCE_AMBIGUOUS } from './source-key-tracker.js';

/** A row rejected by the reference check, with its issues. */
export interface RejectedCandidate {
  readonly candidate: RowCandidate;
  readonly issues: readonly ValidationIssue[];
}

/** Code of the issue raised for a dangling reference. */
export const REFERENCE_MISSING: IssueCode = 'reference.missing';

/** Splits candidates into those whose references resolve and those that must be quarantined. */
export async function checkReferences(
  ctx: EngineContext,
  candidates: readonly RowCandidate[],
): Promise<{ kept: RowCandidate[]; rejected: RejectedCandidate[] }> {
  if (ctx.duplicates.hasAliases) repointMerged(ctx, candidates);
  // Collect referenced ids per entity that neither the batch nor the pending set holds, and ask the
  // target once per entity. References that pending or known ids resolve are settled here; only the
  // others (to the batch's own records or to ids asked for) can change below.
  let batchIds: Map<string, Set<string>> | undefined;
  const unsettled: Reference[] = [];
  const toAsk = new Map<string, Set<string>>();
  forEachReference(ctx, candidates, (c, entity, id, property, fromEntity) => {
    if (ctx.known?.has(entity, id) || ctx.pending.has(entity, id)) return;
    unsettled.push({ c, entity, id, property, fromEntity });
    batchIds ??= idsOf(candidates);
    if (batchIds.get(entity)?.has(id)) return;
    let s = toAsk.get(entity);
    if (!s) toAsk.set(entity, (s = new Set()));
    s.add(id);
  });
  // Without a question to the target (no await, so nothing else ran since the collection) and with no
  // ambiguous id, the settled references still hold: only the unsettled ones need checking below.
  const settledHold = toAsk.size === 0 && !ctx.sourceKeys.hasAmbiguous;
  const existing = new Map<string, ReadonlySet<string>>();
  for (const [entity, ids] of toAsk) {
    const found = await ctx.target.existingIds(entity, [...ids]);
    existing.set(entity, found);
    ctx.known?.add(entity, found);
  }

  let kept = [...candidates];
  const rejected: RejectedCandidate[] = [];
  const rejectedRows = new Set<RowCandidate>();
  // Iterate until stable: quarantining a row removes its records, which may strand rows pointing at them.
  for (;;) {
    // The batch's own ids, built only when a reference needs them (the first round's are `batchIds`).
    let present: Map<string, Set<string>> | undefined;
    const presentIds = (): Map<string, Set<string>> => (present ??= kept.length === candidates.length && batchIds !== undefined ? batchIds : idsOf(kept));
    const issuesByRow = new Map<RowCandidate, ValidationIssue[]>();
    const check = (c: RowCandidate, entity: string, id: string, property: string, fromEntity: string): void => {
      if (ctx.sourceKeys.hasAmbiguous && ctx.sourceKeys.isAmbiguous(entity, id)) {
        let list = issuesByRow.get(c);
        if (!list) issuesByRow.set(c, (list = []));
        list.push({
          code: REFERENCE_AMBIGUOUS,
          severity: 'error',
          entity: fromEntity,
          path: `/${property}`,
          message: `Referenced ${entity} record comes from a source key several rows share.`,
          recordRef: c.recordRef,
          details: { referencedEntity: entity },
        });
        return;
      }
      if (presentIds().get(entity)?.has(id) || ctx.pending.has(entity, id) || existing.get(entity)?.has(id) || ctx.known?.has(entity, id)) return;
      let list = issuesByRow.get(c);
      if (!list) issuesByRow.set(c, (list = []));
      list.push({
        code: REFERENCE_MISSING,
        severity: 'error',
        entity: fromEntity,
        path: `/${property}`,
        message: `Referenced ${entity} record does not exist.`,
        recordRef: c.recordRef,
        details: { referencedEntity: entity },
      });
    };
    if (settledHold) {
      for (const r of unsettled) if (!rejectedRows.has(r.c)) check(r.c, r.entity, r.id, r.property, r.fromEntity);
    } else forEachReference(ctx, kept, check);
    if (issuesByRow.size === 0) return { kept, rejected };
    for (const [c, issues] of issuesByRow) {
      rejected.push({ candidate: c, issues: [...c.issues, ...issues] });
      rejectedRows.add(c);
    }
    kept = kept.filter((c) => !issuesByRow.has(c));
  }
}

/** One reference of a candidate's record, as `forEachReference` visits it. */
interface Reference {
  readonly c: RowCandidate;
  readonly entity: string;
  readonly id: string;
  readonly property: string;
  readonly fromEntity: string;
}

function idsOf(candidates: readonly RowCandidate[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of candidates) {
    for (const r of c.records) {
      let s = out.get(r.entity);
      if (!s) out.set(r.entity, (s = new Set()));
      s.add(r.record['id'] as string);
    }
  }
  return out;
}

function forEachReference(
  ctx: EngineContext,
  candidates: readonly RowCandidate[],
  visit: (c: RowCandidate, entity: string, id: string, property: string, fromEntity: string) => void,
): void {
  for (const c of candidates) {
    for (const r of c.records) {
      for (const ref of ctx.references(r.entity)) {
        const value = r.record[ref.property];
        if (typeof value === 'string') visit(c, ref.entity, value, ref.property, r.entity);
        else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') visit(c, ref.entity, v, ref.property, r.entity);
      }
    }
  }
}

/** Points references at merged records to their survivor (merge policy), before checking them. */
function repointMerged(ctx: EngineContext, candidates: readonly RowCandidate[]): void {
  for (const c of candidates) {
    c.records = c.records.map((r) => {
      let record = r.record;
      for (const ref of ctx.references(r.entity)) {
        const value = record[ref.property];
        const next = Array.isArray(value)
          ? value.map((v: unknown) => (typeof v === 'string' ? ctx.duplicates.resolve(ref.entity, v) : v))
          : typeof value === 'string'
            ? ctx.duplicates.resolve(ref.entity, value)
            : value;
        if (JSON.stringify(next) !== JSON.stringify(value)) record = { ...record, [ref.property]: next };
      }
      return record === r.record ? r : { entity: r.entity, record };
    });
  }
}

/**
 * Duplicates across source rows and sources: the same person (same `vn`) arriving from two rows or two
 * communes. Found within the batch, among pending batches and in the target (`findByField`). The policy
 * decides: `flag` loads both and reports the group; `merge` folds the later record into the first one
 * (the survivor) and re-points the row's other records at it. Nothing is dropped silently: every
 * duplicate is in a reported group. Keys (e.g. vn values) stay in memory only, never in the report.
 */
import type { CanonicalTarget } from './canonical-target.js';
import type { DuplicateKey, DuplicatePolicy } from './migration-definition.js';
import type { RowCandidate } from './row-candidate.js';

/** A reported duplicate group: canonical ids (pseudonymous) and source-row references only. */
export interface DuplicateGroup {
  readonly entity: string;
  /** Name of the key field (never its value). */
  readonly field: string;
  readonly policy: DuplicatePolicy;
  /** The record the others were merged into (merge policy). */
  readonly survivorId: string | null;
  readonly members: readonly { readonly id: string; readonly recordRef: string | null; readonly merged: boolean }[];
}

/**
 * A group's state as a batch's ledger detail keeps it: the group key is a keyed pseudonym of entity,
 * field and value (never the value), members are canonical ids and pseudonymous references.
 */
export interface DuplicateGroupSnapshot {
  readonly k: string;
  readonly entity: string;
  readonly field: string;
  readonly survivorId: string | null;
  readonly members: readonly (readonly [id: string, recordRef: string | null, merged: boolean])[];
}

interface GroupState {
  entity: string;
  field: string;
  survivorId: string | null;
  members: Map<string, { recordRef: string | null; merged: boolean }>;
}

/** A row's record that was folded into its survivor (merge policy). */
export interface MergedRecord {
  readonly candidate: RowCandidate;
  readonly entity: string;
  readonly survivorId: string;
  /** The record as mapped, before it was dropped for the survivor. */
  readonly record: Record<string, unknown>;
}

/** Result of the duplicate check of one batch. */
export interface DuplicateCheckResult {
  readonly candidates: RowCandidate[];
  /** Records of this batch found to duplicate an earlier one. */
  readonly duplicates: number;
  /** Rows whose record of `entity` was folded into a survivor (merge policy). */
  readonly merged: readonly MergedRecord[];
  /** Hand back to {@link DuplicateDetector.release} once the batch is committed. */
  readonly pendingKeys: readonly string[];
}

const SEP = '\u001f';

/** Detects duplicate groups over a whole run. */
export class DuplicateDetector {
  readonly #groups = new Map<string, GroupState>();
  readonly #pending = new Map<string, { id: string; n: number }>();
  /** Merged id → survivor id, per entity (`entity␟id`), so later references follow the merge. */
  readonly #aliases = new Map<string, string>();
  /** Group keys changed since the last {@link takeTouched}. */
  readonly #touched = new Set<string>();

  constructor(
    private readonly target: CanonicalTarget,
    private readonly keys: readonly DuplicateKey[],
    readonly policy: DuplicatePolicy,
    /** Look in this commune's records only (undefined: canton-wide). */
    private readonly commune?: number,
    /** Turns a group key (entity, field, value) into the key groups are kept under (a keyed pseudonym: it goes to the ledger). */
    private readonly groupKey: (key: string) => string = (key) => key,
  ) {}

  /** Checks the rows of one batch; with `merge`, folds duplicates into their survivor. */
  async process(candidates: RowCandidate[]): Promise<DuplicateCheckResult> {
    let duplicates = 0;
    const merged: MergedRecord[] = [];
    const pendingKeys: string[] = [];
    for (const { entity, field } of this.keys) {
      const values = new Set<string>();
      for (const c of candidates) for (const r of c.records) if (r.entity === entity && typeof r.record[field] === 'string') values.add(r.record[field]);
      if (values.size === 0) continue;
      const inTarget = new Map<string, string[]>();
      for (const hit of await this.target.findByField(entity, field, [...values], this.commune)) {
        const list = inTarget.get(hit.value) ?? [];
        list.push(hit.id);
        inTarget.set(hit.value, list);
      }
      const seenInBatch = new Map<string, string>();
      const refOf = new Map<string, string>();
      for (const c of candidates) {
        for (const r of [...c.records]) {
          const value = r.record[field];
          if (r.entity !== entity || typeof value !== 'string') continue;
          const id = r.record['id'] as string;
          const key = [entity, field, value].join(SEP);
          const others = [...new Set([...(inTarget.get(value) ?? []).sort(), this.#pending.get(key)?.id, seenInBatch.get(value)])].filter(
            (x): x is string => x !== undefined && x !== id,
          );
          refOf.set(id, c.recordRef);
          if (others.length === 0) {
            seenInBatch.set(value, id);
            continue;
          }
          duplicates += 1;
          const group = this.#group(key, entity, field);
          for (const other of others) if (!group.members.has(other)) group.members.set(other, { recordRef: refOf.get(other) ?? null, merged: false });
          if (this.policy === 'merge') {
            const survivor = group.survivorId ?? others[0]!;
            group.survivorId = survivor;
            this.#aliases.set(`${entity}${SEP}${id}`, survivor);
            group.members.set(id, { recordRef: c.recordRef, merged: true });
            merged.push({ candidate: c, entity, survivorId: survivor, record: r.record });
            c.records = c.records.filter((x) => x !== r).map((x) => ({ entity: x.entity, record: repoint(x.record, id, survivor) as Record<string, unknown> }));
          } else {
            group.members.set(id, { recordRef: c.recordRef, merged: false });
            seenInBatch.set(value, id);
          }
        }
      }
      for (const [value, id] of seenInBatch) {
        const key = [entity, field, value].join(SEP);
        const p = this.#pending.get(key);
        this.#pending.set(key, { id: p?.id ?? id, n: (p?.n ?? 0) + 1 });
        pendingKeys.push(key);
      }
    }
    return { candidates, duplicates, merged, pendingKeys };
  }

  /** The survivor a merged record was folded into, or the id itself. */
  resolve(entity: string, id: string): string {
    return this.#aliases.get(`${entity}${SEP}${id}`) ?? id;
  }

  /** True when some record was merged in this run (references may need re-pointing). */
  get hasAliases(): boolean {
    return this.#aliases.size > 0;
  }

  /** Releases the pending keys of a committed batch. */
  release(keys: readonly string[]): void {
    for (const key of keys) {
      const p = this.#pending.get(key);
      if (!p) continue;
      if (p.n <= 1) this.#pending.delete(key);
      else p.n -= 1;
    }
  }

  /** The groups found so far, in a stable order (by entity, field, smallest member id). */
  groups(): DuplicateGroup[] {
    return [...this.#groups.values()]
      .map((g) => ({
        entity: g.entity,
        field: g.field,
        policy: this.policy,
        survivorId: g.survivorId,
        members: [...g.members.entries()].map(([id, m]) => ({ id, recordRef: m.recordRef, merged: m.merged })).sort((a, b) => a.id.localeCompare(b.id)),
      }))
      .sort((a, b) => `${a.entity}.${a.field}.${a.members[0]?.id ?? ''}`.localeCompare(`${b.entity}.${b.field}.${b.members[0]?.id ?? ''}`));
  }

  #group(raw: string, entity: string, field: string): GroupState {
    const key = this.groupKey(raw);
    this.#touched.add(key);
    let g = this.#groups.get(key);
    if (!g) this.#groups.set(key, (g = { entity, field, survivorId: null, members: new Map() }));
    return g;
  }

  /** The groups changed since the last call (kept with the batch being prepared, so a resume knows them). */
  takeTouched(): DuplicateGroupSnapshot[] {
    const out: DuplicateGroupSnapshot[] = [];
    for (const k of this.#touched) {
      const g = this.#groups.get(k);
      if (g !== undefined)
        out.push({
          k,
          entity: g.entity,
          field: g.field,
          survivorId: g.survivorId,
          members: [...g.members].map(([id, m]) => [id, m.recordRef, m.merged] as const),
        });
    }
    this.#touched.clear();
    return out;
  }

  /** Restores groups an earlier session of the run found (a later snapshot of a group replaces an earlier one). */
  seed(groups: readonly DuplicateGroupSnapshot[]): void {
    for (const g of groups) {
      this.#groups.set(g.k, {
        entity: g.entity,
        field: g.field,
        survivorId: g.survivorId,
        members: new Map(g.members.map(([id, recordRef, merged]) => [id, { recordRef, merged }])),
      });
      if (g.survivorId !== null) for (const [id, , merged] of g.members) if (merged) this.#aliases.set(`${g.entity}${SEP}${id}`, g.survivorId);
    }
  }
}

/** Replaces every string equal to `from` by `to`, deeply (uuids are unique, so this is exact). */
function repoint(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => repoint(v, from, to));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, repoint(v, from, to)]));
  }
  return value;
}

/**
 * Witness 3 of reconciliation: every record the lineage says this source system loaded is read back
 * from the target, its hash recomputed from the stored row and compared with the hash recorded at map
 * time (lineage) and the hash stored on the row. Finds dropped rows, silent corruption and drift.
 *
 * A target with `hashSuspects` does the comparison in bulk: the store checks every row against the
 * digest its lineage recorded at load time in one pass, and only the rows that disagree are read back
 * and judged here, plus one page in key order as a spot check of the read-back itself. Should the spot
 * check find a mismatch the digests did not flag, or should too many rows disagree, the entity is read
 * back in full as before, so the counts stay exact.
 */
import type { StoredRecord } from './canonical-target.js';
import type { EngineContext } from './engine-context.js';
import { contentHash } from './identity.js';

/** A record whose hashes disagree (listed by canonical id, a pseudonymous reference). */
export interface HashMismatch {
  readonly entity: string;
  readonly id: string;
  /** `content` = the stored record no longer hashes to the lineage hash; `row-hash` = the row's hash column differs. */
  readonly reason: 'content' | 'row-hash';
}

/** Result of the hash witness. */
export interface HashCheckResult {
  readonly checked: number;
  readonly mismatchedCount: number;
  readonly missingCount: number;
  /** At most `limit` entries; the counts are exact. */
  readonly mismatched: HashMismatch[];
  readonly missing: { readonly entity: string; readonly id: string }[];
}

/** Suspects above this many batches' worth are cheaper to judge by the plain read-back. */
const SUSPECT_BATCHES = 10;

type Verdict = 'ok' | 'missing' | HashMismatch['reason'];

function judge(stored: StoredRecord): Verdict {
  if (stored.record === null) return 'missing';
  if (contentHash(stored.record) !== stored.lineageHash) return 'content';
  return stored.rowHash !== stored.lineageHash ? 'row-hash' : 'ok';
}

class Tally {
  checked = 0;
  mismatchedCount = 0;
  missingCount = 0;
  readonly mismatched: HashMismatch[] = [];
  readonly missing: { entity: string; id: string }[] = [];

  constructor(readonly limit: number) {}

  add(entity: string, stored: StoredRecord, verdict: Verdict): void {
    if (verdict === 'missing') {
      this.missingCount += 1;
      if (this.missing.length < this.limit) this.missing.push({ entity, id: stored.id });
    } else if (verdict !== 'ok') {
      this.mismatchedCount += 1;
      if (this.mismatched.length < this.limit) this.mismatched.push({ entity, id: stored.id, reason: verdict });
    }
  }
}

async function readAllBack(ctx: EngineContext, entity: string, tally: Tally): Promise<void> {
  for await (const batch of ctx.target.readBack(entity, ctx.tenant, ctx.batchSize)) {
    for (const stored of batch) {
      tally.checked += 1;
      tally.add(entity, stored, judge(stored));
    }
  }
}

/** The bulk witness of one entity; false when it has to be read back in full instead. */
async function checkInBulk(ctx: EngineContext, entity: string, tally: Tally): Promise<boolean> {
  if (ctx.target.hashSuspects === undefined) return false;
  const bulk = await ctx.target.hashSuspects(entity, ctx.tenant, Math.max(1, ctx.batchSize) * SUSPECT_BATCHES);
  if (bulk.suspects === null) return false;
  const suspectIds = new Set(bulk.suspects.map((s) => s.id));
  // Spot check: one page of the plain read-back must agree with the digests (a conversion fault that
  // both the load and the digest would share shows up here).
  const spot: StoredRecord[] = [];
  for await (const page of ctx.target.readBack(entity, ctx.tenant, ctx.batchSize)) {
    spot.push(...page);
    break;
  }
  for (const stored of spot) {
    if (judge(stored) !== 'ok' && !suspectIds.has(stored.id)) return false;
  }
  tally.checked += bulk.checked;
  for (const stored of bulk.suspects) tally.add(entity, stored, judge(stored));
  return true;
}

/** Compares the hashes of every loaded record of the given entities (in bulk where the target can). */
export async function checkHashes(ctx: EngineContext, entities: readonly string[], limit: number): Promise<HashCheckResult> {
  const tally = new Tally(limit);
  for (const entity of entities) {
    if (!(await checkInBulk(ctx, entity, tally))) await readAllBack(ctx, entity, tally);
  }
  const { checked, mismatchedCount, missingCount, mismatched, missing } = tally;
  return { checked, mismatchedCount, missingCount, mismatched, missing };
}

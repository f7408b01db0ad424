/**
 * Witness 3 of reconciliation: every record the lineage says this source system loaded is read back
 * from the target, its hash recomputed from the stored row and compared with the hash recorded at map
 * time (lineage) and the hash stored on the row. Finds dropped rows, silent corruption and drift.
 */
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

/** Reads back every loaded record of the given entities and compares hashes, streaming in batches. */
export async function checkHashes(ctx: EngineContext, entities: readonly string[], limit: number): Promise<HashCheckResult> {
  let checked = 0;
  let mismatchedCount = 0;
  let missingCount = 0;
  const mismatched: HashMismatch[] = [];
  const missing: { entity: string; id: string }[] = [];
  for (const entity of entities) {
    for await (const batch of ctx.target.readBack(entity, ctx.tenant, ctx.batchSize)) {
      for (const stored of batch) {
        checked += 1;
        if (stored.record === null) {
          missingCount += 1;
          if (missing.length < limit) missing.push({ entity, id: stored.id });
          continue;
        }
        const recomputed = contentHash(stored.record);
        const reason = recomputed !== stored.lineageHash ? 'content' : stored.rowHash !== stored.lineageHash ? 'row-hash' : null;
        if (reason !== null) {
          mismatchedCount += 1;
          if (mismatched.length < limit) mismatched.push({ entity, id: stored.id, reason });
        }
      }
    }
  }
  return { checked, mismatchedCount, missingCount, mismatched, missing };
}

/**
 * Ids this run knows to exist in the target: committed by the run itself or confirmed by an
 * `existingIds` answer. The reference check asks the target only for the rest. Without it every batch
 * asked again for every referenced case and person, and since random uuids touch every page of the
 * referenced table, that cost grew with the table: the largest PostgreSQL cost of the booking phase.
 * Only entities that some reference points at are kept, and memory is bounded per entity by two
 * generations (the older one is dropped whole when the newer one is full; O(1) per id, no scan);
 * a forgotten id is simply asked for again. The engine never deletes, so a known id stays valid.
 */
import { CompactIdSet } from './compact-id-set.js';

/** Default most ids remembered per entity (two generations of half each; about 32 bytes per uuid, see `CompactIdSet`). */
export const DEFAULT_KNOWN_IDS_PER_ENTITY = 200_000;

interface Generations {
  current: CompactIdSet;
  previous: CompactIdSet;
}

/** A bounded set of known-present ids per referenced entity. */
export class KnownIds {
  readonly #ids = new Map<string, Generations>();
  readonly #half: number;

  /** `tracked`: the entities references point at (others are never asked for, so never kept). */
  constructor(
    readonly tracked: ReadonlySet<string>,
    readonly capacityPerEntity = DEFAULT_KNOWN_IDS_PER_ENTITY,
  ) {
    this.#half = Math.max(1, Math.floor(capacityPerEntity / 2));
  }

  /** True when the id is known to exist in the target. */
  has(entity: string, id: string): boolean {
    const g = this.#ids.get(entity);
    return g !== undefined && (g.current.has(id) || g.previous.has(id));
  }

  /** Remembers ids known to exist. */
  add(entity: string, ids: Iterable<string>): void {
    if (this.capacityPerEntity <= 0 || !this.tracked.has(entity)) return;
    let g = this.#ids.get(entity);
    if (g === undefined) this.#ids.set(entity, (g = { current: new CompactIdSet(), previous: new CompactIdSet(0) }));
    for (const id of ids) {
      if (!g.current.add(id)) continue;
      if (g.current.size >= this.#half) {
        g.previous = g.current;
        g.current = new CompactIdSet();
      }
    }
  }

  /** Ids remembered for an entity (at most `capacityPerEntity`). */
  size(entity: string): number {
    const g = this.#ids.get(entity);
    return g === undefined ? 0 : g.current.size + g.previous.size;
  }
}

/**
 * Ids this run knows to exist in the target: committed by the run itself or confirmed by an
 * `existingIds` answer. The reference check asks the target only for the rest. Without it every batch
 * asked again for every referenced case and person, and since random uuids touch every page of the
 * referenced table, that cost grew with the table: the largest PostgreSQL cost of the booking phase.
 * Bounded per entity (oldest forgotten first), so memory does not grow with the source; a forgotten id
 * is simply asked for again. The engine never deletes, so a known id stays valid for the run.
 */

/** Default most ids remembered per entity (about 90 bytes each). */
export const DEFAULT_KNOWN_IDS_PER_ENTITY = 150_000;

/** A bounded set of known-present ids per entity. */
export class KnownIds {
  readonly #ids = new Map<string, Set<string>>();

  constructor(readonly capacityPerEntity = DEFAULT_KNOWN_IDS_PER_ENTITY) {}

  /** True when the id is known to exist in the target. */
  has(entity: string, id: string): boolean {
    return this.#ids.get(entity)?.has(id) ?? false;
  }

  /** Remembers ids known to exist (re-adding one refreshes it). */
  add(entity: string, ids: Iterable<string>): void {
    if (this.capacityPerEntity <= 0) return;
    let set = this.#ids.get(entity);
    if (set === undefined) this.#ids.set(entity, (set = new Set()));
    for (const id of ids) {
      set.delete(id);
      set.add(id);
      // A Set iterates in insertion order, so its first element is the oldest.
      if (set.size > this.capacityPerEntity) set.delete(set.values().next().value!);
    }
  }

  /** Ids remembered for an entity. */
  size(entity: string): number {
    return this.#ids.get(entity)?.size ?? 0;
  }
}

/**
 * Ids of records prepared but not yet committed. Reading ahead means batch N+1 is checked while batch N
 * commits; its references to batch N must count as present, or they would be quarantined by mistake.
 */

/** A counted multiset of pending ids per entity. */
export class PendingIds {
  readonly #ids = new Map<string, Map<string, number>>();

  /** Marks the ids of a prepared batch pending. */
  add(ids: ReadonlyMap<string, ReadonlySet<string>>): void {
    for (const [entity, set] of ids) {
      let m = this.#ids.get(entity);
      if (!m) this.#ids.set(entity, (m = new Map()));
      for (const id of set) m.set(id, (m.get(id) ?? 0) + 1);
    }
  }

  /** Releases the ids of a committed (or abandoned) batch. */
  release(ids: ReadonlyMap<string, ReadonlySet<string>>): void {
    for (const [entity, set] of ids) {
      const m = this.#ids.get(entity);
      if (!m) continue;
      for (const id of set) {
        const n = (m.get(id) ?? 0) - 1;
        if (n <= 0) m.delete(id);
        else m.set(id, n);
      }
    }
  }

  /** True when the id is pending for the entity. */
  has(entity: string, id: string): boolean {
    return this.#ids.get(entity)?.has(id) ?? false;
  }
}

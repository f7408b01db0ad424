/**
 * Scalar columns the engine looks canonical records up by, besides ids and references. The duplicate
 * detector asks the target for persons by `vn` once per batch (`findByField`); without an index that is
 * a sequential scan of the whole person table for every batch.
 */

/** One non-reference column that gets a btree index. */
export interface LookupIndex {
  /** Canonical entity name. */
  readonly entity: string;
  /** JSON property name. */
  readonly property: string;
}

/** The lookup indexes of the canonical store. Adding one changes the store DDL (regenerate it). */
export const LOOKUP_INDEXES: readonly LookupIndex[] = [{ entity: 'person', property: 'vn' }];

/** Whether `property` of `entity` carries a lookup index. */
export function isLookupIndexed(entity: string, property: string): boolean {
  return LOOKUP_INDEXES.some((i) => i.entity === entity && i.property === property);
}

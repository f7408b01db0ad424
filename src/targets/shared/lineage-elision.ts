/**
 * Which records the SQL targets write without their `lineage` column (lineage kept once, see
 * `record-lineage-ddl.ts`): those whose `lineage` is exactly the engine's lineage of their load, which
 * the record's lineage row (`cb_lineage` + dictionaries) already holds and readers rebuild. A record
 * with a lineage of its own, or none, keeps its column as it is.
 */
import type { LoadRecord } from '../../core/pipeline/canonical-target.js';

/** The model property the engine fills with a record's lineage. */
export const LINEAGE_PROPERTY = 'lineage';

/** How many properties the engine's lineage has (see `RecordLineage`). */
const LINEAGE_KEYS = 6;

/**
 * True when `load.record.lineage` is the engine's `load.lineage`, property for property and nothing
 * else: then its lineage row rebuilds it exactly (same keys, same values, so the same content hash).
 */
export function elidesLineage(load: LoadRecord): boolean {
  const value = load.record[LINEAGE_PROPERTY];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const own = value as Readonly<Record<string, unknown>>;
  const engine = load.lineage;
  return (
    Object.keys(own).length === LINEAGE_KEYS &&
    own['commune'] === engine.commune &&
    own['sourceSystem'] === engine.sourceSystem &&
    own['sourceTable'] === engine.sourceTable &&
    own['sourceKey'] === engine.sourceKey &&
    own['mapping'] === engine.mapping &&
    own['mappingVersion'] === engine.mappingVersion
  );
}

/**
 * Defaults that bind the engine to the canonical model's schemas: the reference properties
 * (`x-references`) and whether an entity carries a `lineage` property. Each is replaceable through
 * MigrationOptions (tests, custom models). The validator and case rules are handed in (`ModelRules`).
 */
import { getModel } from '../model/model-registry.js';
import type { ReferenceProperty, ReferenceResolver } from './migration-definition.js';

const referenceCache = new Map<string, readonly ReferenceProperty[]>();

/** Reference properties of a model entity (none for entities the model does not know). */
export const modelReferences: ReferenceResolver = (entity) => {
  let refs = referenceCache.get(entity);
  if (refs === undefined) {
    const model = getModel();
    refs = model.hasEntity(entity)
      ? model
          .entity(entity)
          .properties.filter((p) => p.references !== undefined)
          .map((p) => ({ property: p.name, entity: p.references as string }))
      : [];
    referenceCache.set(entity, refs);
  }
  return refs;
};

/** True when the model entity has a `lineage` property for the engine to fill in. */
export function modelEmbedsLineage(entity: string): boolean {
  const model = getModel();
  return model.hasEntity(entity) && model.entity(entity).properties.some((p) => p.name === 'lineage');
}

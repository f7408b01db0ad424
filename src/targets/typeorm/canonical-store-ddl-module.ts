/**
 * The generated file of the canonical-store DDL, for the code generator (`npm run generate`) and the
 * freshness test. Migration 1's statements are the DDL of the model as it stood then: the current model
 * without the tables and columns later migrations added (`LATER_MODEL_ADDITIONS`), so a model change
 * that comes with its own migration leaves migration 1 as it is, and one that comes without fails the
 * freshness test.
 */
import { getModel } from '../../core/model/model-registry.js';
import { buildCanonicalEntitySchemas } from './canonical-entity-schemas.js';
import { generateCanonicalStoreDdl, renderCanonicalStoreDdlModule } from './store-ddl.js';
import { LATER_MODEL_ADDITIONS } from './migrations/index.js';
import type { StoreModel } from './store-model.js';

/** Path of the generated DDL module, relative to the package root. */
export const CANONICAL_STORE_DDL_MODULE_PATH = 'src/targets/typeorm/migrations/canonical-store-ddl.ts';

/** `model` as migration 1 created it: without the tables and columns that later migrations added. */
export function modelAtFirstMigration(model: StoreModel): StoreModel {
  const tables = new Set(LATER_MODEL_ADDITIONS.flatMap((a) => a.tables));
  const columns = (table: string): Set<string> => new Set(LATER_MODEL_ADDITIONS.flatMap((a) => a.columns[table] ?? []));
  return {
    ...model,
    entities: model.entities
      .filter((e) => !tables.has(e.table))
      .map((e) => {
        const added = columns(e.table);
        return added.size === 0 ? e : { ...e, properties: e.properties.filter((p) => !added.has(p.column)) };
      }),
  };
}

/** Path and text of the generated DDL module for `model` (default: the shipped model), as of migration 1. */
export function canonicalStoreDdlModule(model: StoreModel = getModel()): { path: string; content: string } {
  const ddl = generateCanonicalStoreDdl(buildCanonicalEntitySchemas(modelAtFirstMigration(model), { tenantColumns: false }));
  return { path: CANONICAL_STORE_DDL_MODULE_PATH, content: renderCanonicalStoreDdlModule(ddl) };
}

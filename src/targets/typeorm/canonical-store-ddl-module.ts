/**
 * The generated file of the canonical-store DDL, for the code generator (`npm run generate`) and the
 * freshness test. Until the first release, the generator rewrites migration 1's statements; after it,
 * model changes need a new migration and this module's output must match the migrations applied in
 * sequence (the freshness test says so).
 */
import { getModel } from '../../core/model/model-registry.js';
import { buildCanonicalEntitySchemas } from './canonical-entity-schemas.js';
import { generateCanonicalStoreDdl, renderCanonicalStoreDdlModule } from './store-ddl.js';
import type { StoreModel } from './store-model.js';

/** Path of the generated DDL module, relative to the package root. */
export const CANONICAL_STORE_DDL_MODULE_PATH = 'src/targets/typeorm/migrations/canonical-store-ddl.ts';

/** Path and text of the generated DDL module for `model` (default: the shipped model). */
export function canonicalStoreDdlModule(model: StoreModel = getModel()): { path: string; content: string } {
  const ddl = generateCanonicalStoreDdl(buildCanonicalEntitySchemas(model, { tenantColumns: false }));
  return { path: CANONICAL_STORE_DDL_MODULE_PATH, content: renderCanonicalStoreDdlModule(ddl) };
}

/** The tenant the single-commune tests run as, and the ids its runs produce. */
import { tenantCanonicalId, type Tenant } from '../../src/core/pipeline/tenant.js';

/** BFS number the single-commune tests run as (Bern; the generated cases name it too). */
export const TEST_COMMUNE = 351;

/** The test tenant of a source system. */
export function testTenant(sourceSystem: string, commune: number = TEST_COMMUNE): Tenant {
  return { commune, sourceSystem };
}

/** The canonical id a run of `TEST_COMMUNE` gives the record `entity`/`key` of `sourceSystem`. */
export function testId(sourceSystem: string, entity: string, ...key: readonly (string | number | bigint)[]): string {
  return tenantCanonicalId(testTenant(sourceSystem), entity, ...key);
}

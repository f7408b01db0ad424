/**
 * Migration of the canton store: every canonical table gets the tenant key (`cb_commune`,
 * `cb_source_system`). Additive and data-preserving: existing rows keep every value; their source
 * system is filled from their embedded lineage, their commune stays NULL (the store never knew it)
 * until the commune re-runs its migration. Frozen: the table list is written out, not derived from
 * the model, so that a later model change cannot alter what this migration did.
 */
import { FrozenSqlMigration } from './canonical-migration.js';

/** The canonical tables as they stood when the tenant key was added. */
const TABLES_AT_TENANT_KEY = Object.freeze([
  'municipality',
  'social_service',
  'person',
  'residence_permit',
  'address',
  'household',
  'household_member',
  'case',
  'case_phase',
  'support_unit',
  'support_unit_member',
  'budget',
  'budget_line',
  'maintenance_title',
  'maintenance_claim',
  'maintenance_advance',
  'collection_position',
  'reimbursement_claim',
  'booking',
  'integration_measure',
  'kes_measure',
  'kes_non_measure_business',
  'document',
]);

const up = TABLES_AT_TENANT_KEY.flatMap((table) => [
  `ALTER TABLE "casebridge"."${table}" ADD COLUMN "cb_commune" integer, ADD COLUMN "cb_source_system" text`,
  `UPDATE "casebridge"."${table}" SET "cb_source_system" = "lineage"->>'sourceSystem' WHERE "lineage" IS NOT NULL`,
]);
const down = [...TABLES_AT_TENANT_KEY].reverse().map((table) => `ALTER TABLE "casebridge"."${table}" DROP COLUMN "cb_commune", DROP COLUMN "cb_source_system"`);

/** Adds the tenant key (commune BFS number, source system) to every canonical table. */
export class AddTenantKey1795310000000 extends FrozenSqlMigration {
  readonly name = 'AddTenantKey1795310000000';
  readonly timestamp = 1795310000000;
  readonly upStatements: readonly string[] = Object.freeze(up);
  readonly downStatements: readonly string[] = Object.freeze(down);
}

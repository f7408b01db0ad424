/**
 * `defineMigration`: a migration bound to the canonical model shipped with casebridge, i.e. its record
 * validator (JSON Schema via ajv, then the Swiss record rules) and its case-level rules. The engine in
 * `core` is handed these instead of importing them (see `ModelRules`), so core stays the bottom layer.
 */
import { bindMigration, type MigrationDefinition, type MigrationDefinitionInput, type ModelRules } from '../core/pipeline/migration-definition.js';
import { DEFAULT_CASE_RULES } from '../validators/case/index.js';
import { recordIssues } from '../validators/validate-record.js';

/**
 * The shipped model's validator and case rules. Map worker threads import this module for them
 * (`ModelRules.module`), so they validate with exactly these.
 */
export const modelRules: ModelRules = Object.freeze({
  validator: (entity: string, record: Readonly<Record<string, unknown>>) => recordIssues(entity, record),
  caseRules: DEFAULT_CASE_RULES,
  module: import.meta.url,
});

/** Checks and freezes a migration definition; throws ConfigurationError/MappingError when it is broken. */
export function defineMigration(input: MigrationDefinitionInput): MigrationDefinition {
  return bindMigration(input, modelRules);
}

/**
 * The relational reference profile: profile object, mapping factory, generator and its building blocks
 * (reused by the benchmarks at 0.1M–5M bookings).
 */
export {
  RELATIONAL_MAPPING_TABLES,
  RELATIONAL_SOURCE_SYSTEM,
  RELATIONAL_THRESHOLDS,
  relationalExpected,
  relationalExpectedStatistics,
  relationalMappings,
  relationalProfile,
} from './relational-profile.js';
export { countRelationalPlan, generateRelationalSource } from './generate-relational-source.js';
export type { GenerateRelationalSourceOptions, RelationalSourceManifest } from './generate-relational-source.js';
export { RELATIONAL_DEFECT_KEYS, RELATIONAL_MINIMUM_PERSONS, STANDALONE_PERSONS, relationalPlantedDefects } from './relational-defects.js';
export type { RelationalDialect } from './relational-defects.js';
export { RELATIONAL_DATA_MONTH, RELATIONAL_DEFAULT_SEED, planRelationalSource } from './relational-plan.js';
export type { RelationalPlanOptions, RelationalPlannedDocument, RelationalPlannedRow } from './relational-plan.js';
export { RELATIONAL_TABLES, RELATIONAL_TABLE_NAMES, relationalColumns } from './relational-tables.js';
export type { RelationalCell, RelationalColumnType, RelationalTable } from './relational-tables.js';
export { RELATIONAL_CODE_MAPS_VERSION, RELATIONAL_CODE_MAP_FILES, loadRelationalCodeMaps } from './relational-code-maps.js';
export type { RelationalCodeMaps } from './relational-code-maps.js';
export { relationalAssetsDir, relationalCodeListMapsDir } from './relational-assets.js';
export { ddlStatements, openRelationalWriter } from './relational-source-writer.js';
export type { RelationalSourceWriter } from './relational-source-writer.js';
export { RELATIONAL_MAPPING_VERSION, relationalPartyMappings } from './relational-party-mappings.js';
export { relationalFinanceMappings } from './relational-finance-mappings.js';

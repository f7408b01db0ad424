/** The flat-file reference profile: generator, layout, mappings, expected results and the demo sample. */
export { flatFileProfile } from './flat-file-profile.js';
export {
  flatFileConnector,
  flatFileConnectorConfig,
  FLAT_FILE_SOURCE_SYSTEM,
  FLAT_FILE_TABLES,
  FLAT_FILE_TABLE_NAMES,
  DOCUMENTS_FOLDER,
  type FlatFileTable,
} from './flat-file-layout.js';
export { flatFileMappings, FLAT_FILE_MAPPING_NAMES, FLAT_FILE_MAPPING_VERSION } from './flat-file-mappings.js';
export {
  loadFlatFileCodeLists,
  flatFileCodeListsDir,
  FLAT_FILE_CODE_LIST_FILES,
  FLAT_FILE_CODE_LISTS_VERSION,
  type FlatFileCodeLists,
} from './flat-file-code-lists.js';
export {
  flatFileExpected,
  flatFilePlantedDefects,
  FLAT_FILE_ENTITIES,
  type FlatFileExpectedResults,
  type FlatFileMappingExpectation,
} from './flat-file-expected.js';
export { planCommune, FLAT_FILE_DEFAULT_SEED, FLAT_FILE_MINIMUM_PERSONS } from './flat-file-plan.js';
export {
  syntheticAhv,
  formatSwissMoney,
  FLAT_FILE_CODES,
  type PlannedRow,
  type PlannedDocument,
  type PlantedRowDefect,
  type RowFate,
} from './flat-file-plan-rows.js';
export {
  generateFlatFileExport,
  FLAT_FILE_MANIFEST,
  type FlatFileExportOptions,
  type FlatFileManifest,
  type ManifestDefect,
} from './generate-flat-file-export.js';
export {
  flatFileMigration,
  FLAT_FILE_THRESHOLDS,
  writeSampleCommune,
  SAMPLE_COMMUNE_BFS,
  SAMPLE_COMMUNE_PERSONS,
  SAMPLE_COMMUNE_SEED,
  type FlatFileMigrationOptions,
} from './flat-file-migration.js';
export { SeededRandom } from './seeded-random.js';

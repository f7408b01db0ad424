/**
 * The flat-file reference profile: a commune's export as semicolon CSV in Windows-1252 with Swiss
 * formats and a documents folder, its mappings and code-list maps, planted defects and expected results.
 */
import path from 'node:path';
import type { ProfileMappingOptions, ReferenceProfile } from '../reference-profile.js';
import { profileAssetsDir } from '../examples-location.js';
import { FLAT_FILE_CODE_LIST_FILES, flatFileCodeListsDir, loadFlatFileCodeLists } from './flat-file-code-lists.js';
import { flatFileExpected, flatFilePlantedDefects } from './flat-file-expected.js';
import { FLAT_FILE_SOURCE_SYSTEM } from './flat-file-layout.js';
import { flatFileMappings } from './flat-file-mappings.js';
import { FLAT_FILE_MINIMUM_PERSONS } from './flat-file-plan.js';
import { FLAT_FILE_THRESHOLDS } from './flat-file-migration.js';

/** The flat-file reference profile. */
export const flatFileProfile: ReferenceProfile = Object.freeze({
  name: 'flat-file',
  title: 'Flat-file commune export',
  description:
    "A commune's export of its social-service cases as semicolon CSV files (Windows-1252, dd.mm.yyyy, 1'234.50, J/N) with a documents folder indexed by DOKUMENTE.csv.",
  sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
  get assetsDir(): string {
    return profileAssetsDir('flat-file');
  },
  get codeListMapsDir(): string {
    return flatFileCodeListsDir();
  },
  codeListMapFiles: Object.values(FLAT_FILE_CODE_LIST_FILES).map((f) => f.file),
  mappings: (options: ProfileMappingOptions = {}) =>
    flatFileMappings(loadFlatFileCodeLists(options.codeListMapsDir === undefined ? undefined : path.resolve(options.codeListMapsDir))),
  plantedDefects: flatFilePlantedDefects,
  expected: flatFileExpected,
  minimumPersons: FLAT_FILE_MINIMUM_PERSONS,
  thresholds: FLAT_FILE_THRESHOLDS,
});

/**
 * The code-list maps of the flat-file profile (CSV files commune staff review, in
 * `examples/flat-file/codes/`). Loaded synchronously because `ReferenceProfile.mappings()` is sync;
 * they are a few lines each.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, MappingError } from '../../core/errors.js';
import { parseCodeListMap, type CodeListMap } from '../../mappings/codes/code-list-map.js';
import { profileAssetsDir } from '../examples-location.js';

/** Version of the shipped code-list maps (pinned in every run through the mapping versions). */
export const FLAT_FILE_CODE_LISTS_VERSION = '2026-03';

/** File, id and target code list of each map. */
export const FLAT_FILE_CODE_LIST_FILES = {
  maritalStatus: { file: 'zivilstand.csv', id: 'commune-export.zivilstand', targetCodeList: 'ech0011.maritalStatus' },
  caseDomain: { file: 'dossier-art.csv', id: 'commune-export.dossier-art', targetCodeList: 'cb.caseDomain' },
  relationship: { file: 'rolle.csv', id: 'commune-export.rolle', targetCodeList: 'bfs.shs.relationship' },
  personRole: { file: 'antragsteller.csv', id: 'commune-export.antragsteller', targetCodeList: 'bfs.shs.personRole' },
  benefitType: { file: 'leistungsart.csv', id: 'commune-export.leistungsart', targetCodeList: 'bfs.shs.benefitType' },
  closingReason: { file: 'abschlussgrund.csv', id: 'commune-export.abschlussgrund', targetCodeList: 'bfs.shs.closingReason' },
  budgetLineType: { file: 'budget-position.csv', id: 'commune-export.budget-position', targetCodeList: 'skos.budgetLineType' },
  bookingType: { file: 'buchungsart.csv', id: 'commune-export.buchungsart', targetCodeList: 'cb.bookingType' },
  documentType: { file: 'dokument-art.csv', id: 'commune-export.dokument-art', targetCodeList: 'cb.documentType' },
} as const;

/** The loaded maps, by role. */
export type FlatFileCodeLists = { readonly [K in keyof typeof FLAT_FILE_CODE_LIST_FILES]: CodeListMap };

/** Absolute path of the shipped code-list maps. */
export function flatFileCodeListsDir(): string {
  return path.join(profileAssetsDir('flat-file'), 'codes');
}

/**
 * Reads and checks every map. A map in `dir` (the config's `codeListMapsDir`) replaces the shipped map
 * of the same file name; a map missing there is taken from the shipped maps.
 */
export function loadFlatFileCodeLists(dir: string = flatFileCodeListsDir()): FlatFileCodeLists {
  const entries = Object.entries(FLAT_FILE_CODE_LIST_FILES).map(([role, spec]) => {
    let text: string;
    try {
      const own = path.join(dir, spec.file);
      text = readFileSync(existsSync(own) ? own : path.join(flatFileCodeListsDir(), spec.file), 'utf8');
    } catch (cause) {
      throw new MappingError(`The code-list map file ${spec.file} cannot be read.`, {
        code: ERROR_CODES.CODE_LIST_INVALID,
        cause,
        details: { codeList: spec.id, file: spec.file },
      });
    }
    return [role, parseCodeListMap(text, { id: spec.id, version: FLAT_FILE_CODE_LISTS_VERSION, targetCodeList: spec.targetCodeList })] as const;
  });
  return Object.fromEntries(entries) as unknown as FlatFileCodeLists;
}

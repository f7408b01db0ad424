/**
 * The relational profile's code-list maps (legacy installation codes → canonical codes), loaded from the
 * reviewable CSVs in `examples/relational/codes/`. Each map names the canonical code list it targets, so
 * a wrong target code fails at load time, not in the middle of a run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCodeListMap, type CodeListMap } from '../../mappings/codes/code-list-map.js';
import { relationalCodeListMapsDir } from './relational-assets.js';

/** Version of the shipped code-list maps (the owner's release label). */
export const RELATIONAL_CODE_MAPS_VERSION = '2026-04';

/** Map name → CSV file and canonical target code list. */
export const RELATIONAL_CODE_MAP_FILES = {
  zivilstand: { file: 'zivilstand.csv', targetCodeList: 'ech0011.maritalStatus' },
  geschlecht: { file: 'geschlecht.csv', targetCodeList: 'ech0011.sex' },
  adresstyp: { file: 'adresstyp.csv', targetCodeList: 'cb.addressType' },
  modul: { file: 'modul.csv', targetCodeList: 'cb.caseDomain' },
  phase: { file: 'phase.csv', targetCodeList: 'cb.casePhaseType' },
  hilfetyp: { file: 'hilfetyp.csv', targetCodeList: 'cb.budgetType' },
  ueRolle: { file: 'ue-rolle.csv', targetCodeList: 'bfs.shs.personRole' },
  abschlussgrund: { file: 'abschlussgrund.csv', targetCodeList: 'bfs.shs.closingReason' },
  bfsLeistungsart: { file: 'bfs-leistungsart.csv', targetCodeList: 'bfs.shs.benefitType' },
  positionsart: { file: 'positionsart.csv', targetCodeList: 'skos.budgetLineType' },
  buchungstyp: { file: 'buchungstyp.csv', targetCodeList: 'cb.bookingType' },
  rechtstiteltyp: { file: 'rechtstiteltyp.csv', targetCodeList: 'cb.maintenanceTitleType' },
  forderungtyp: { file: 'forderungtyp.csv', targetCodeList: 'cb.maintenanceClaimType' },
  kesMassnahme: { file: 'kes-massnahme.csv', targetCodeList: 'kokes.measureType' },
  einsatztyp: { file: 'einsatztyp.csv', targetCodeList: 'cb.integrationMeasureType' },
  anweisung: { file: 'anweisung.csv', targetCodeList: 'cb.integrationAssignmentType' },
  dokumenttyp: { file: 'dokumenttyp.csv', targetCodeList: 'cb.documentType' },
} as const;

/** The loaded maps by name. */
export type RelationalCodeMaps = { readonly [K in keyof typeof RELATIONAL_CODE_MAP_FILES]: CodeListMap };

/** Loads every code-list map from `dir` (default: the shipped `examples/relational/codes`). */
export function loadRelationalCodeMaps(dir: string = relationalCodeListMapsDir()): RelationalCodeMaps {
  const entries = Object.entries(RELATIONAL_CODE_MAP_FILES).map(([name, { file, targetCodeList }]) => {
    // A map in `dir` replaces the shipped map of the same file name; a missing one falls back to it.
    const own = path.join(dir, file);
    const map = parseCodeListMap(readFileSync(existsSync(own) ? own : path.join(relationalCodeListMapsDir(), file), 'utf8'), {
      id: `relational.${file.replace(/\.csv$/, '')}`,
      version: RELATIONAL_CODE_MAPS_VERSION,
      targetCodeList,
    });
    return [name, map] as const;
  });
  return Object.fromEntries(entries) as unknown as RelationalCodeMaps;
}

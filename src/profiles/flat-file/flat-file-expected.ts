/**
 * Expected results of a flat-file run, counted from the generator's plan (never from a run): per mapping
 * the accounting and the quarantine/filter breakdown, per entity the loaded records, and the planted
 * defects with their bucket and code.
 */
import type { ExpectedResults, MappingExpectation, PlantedDefect, ProfileScale } from '../reference-profile.js';
import { FLAT_FILE_TABLE_NAMES, type FlatFileTable } from './flat-file-layout.js';
import { FLAT_FILE_MAPPING_NAMES } from './flat-file-mappings.js';
import { planCommune } from './flat-file-plan.js';

/** Canonical entities one loaded row of each table yields. */
export const FLAT_FILE_ENTITIES: Readonly<Record<FlatFileTable, readonly string[]>> = {
  persons: ['person'],
  addresses: ['address'],
  dossiers: ['case', 'household', 'supportUnit'],
  members: ['householdMember', 'supportUnitMember'],
  budgets: ['budget'],
  budgetLines: ['budgetLine'],
  payments: ['booking'],
  documents: ['document'],
};

/** Dossier kinds whose dossiers are SHS dossiers (social assistance, maintenance advances). */
const SHS_KINDS: ReadonlySet<string> = new Set(['SH', 'AL']);

/** One mapping's expectation with the breakdown by issue code and filter rule. */
export interface FlatFileMappingExpectation extends MappingExpectation {
  readonly quarantinedByCode: Readonly<Record<string, number>>;
  readonly filteredByRule: Readonly<Record<string, number>>;
}

/** Expected results of the flat-file profile. */
export interface FlatFileExpectedResults extends ExpectedResults {
  readonly mappings: Readonly<Record<string, FlatFileMappingExpectation>>;
  /** Duplicate groups the run must flag (person `vn`). */
  readonly duplicateGroups: number;
  /** Documents listed in the index, and those whose file is missing. */
  readonly documents: { readonly listed: number; readonly missing: number };
  /** One SHS dossier per loaded assistance dossier (SH, AL: each paid in consecutive months in one commune), as of the export month. */
  readonly statistics: { readonly dossiers: number; readonly passing: number };
}

/** Counts the plan at `scale`. */
export function flatFileExpected(scale: ProfileScale): FlatFileExpectedResults {
  const mappings: Record<
    string,
    {
      entity: string;
      extracted: number;
      loaded: number;
      filtered: number;
      quarantined: number;
      quarantinedByCode: Record<string, number>;
      filteredByRule: Record<string, number>;
    }
  > = {};
  for (const table of FLAT_FILE_TABLE_NAMES) {
    mappings[FLAT_FILE_MAPPING_NAMES[table]] = {
      entity: FLAT_FILE_ENTITIES[table][0] ?? '',
      extracted: 0,
      loaded: 0,
      filtered: 0,
      quarantined: 0,
      quarantinedByCode: {},
      filteredByRule: {},
    };
  }
  const records: Record<string, number> = {};
  let duplicateGroups = 0;
  const documents = { listed: 0, missing: 0 };
  const statistics = { dossiers: 0, passing: 0 };
  for (const row of planCommune(scale)) {
    const m = mappings[FLAT_FILE_MAPPING_NAMES[row.table]];
    if (m === undefined) continue;
    m.extracted += 1;
    if (row.fate.bucket === 'loaded') {
      m.loaded += 1;
      for (const entity of FLAT_FILE_ENTITIES[row.table]) records[entity] = (records[entity] ?? 0) + 1;
    } else if (row.fate.bucket === 'filtered') {
      m.filtered += 1;
      m.filteredByRule[row.fate.rule] = (m.filteredByRule[row.fate.rule] ?? 0) + 1;
    } else {
      m.quarantined += 1;
      m.quarantinedByCode[row.fate.code] = (m.quarantinedByCode[row.fate.code] ?? 0) + 1;
    }
    if (row.defect?.id === 'duplicate-person') duplicateGroups += 1;
    if (row.table === 'dossiers' && row.fate.bucket === 'loaded' && SHS_KINDS.has(row.cells['ART'] ?? '')) {
      statistics.dossiers += 1;
      if (row.defect?.bucket !== 'statistics') statistics.passing += 1;
    }
    if (row.document) {
      documents.listed += 1;
      if (row.document.missing) documents.missing += 1;
    }
  }
  return { mappings, records, duplicateGroups, documents, statistics };
}

/** The planted defects at `scale`, with the key the engine records for the row. */
export function flatFilePlantedDefects(scale: ProfileScale): readonly PlantedDefect[] {
  const defects: PlantedDefect[] = [];
  for (const row of planCommune(scale)) {
    if (!row.defect) continue;
    defects.push(
      Object.freeze({
        id: row.defect.id,
        description: row.defect.description,
        table: row.table,
        mapping: FLAT_FILE_MAPPING_NAMES[row.table],
        sourceKey: row.key,
        expected: Object.freeze({ bucket: row.defect.bucket, code: row.defect.code }),
      }),
    );
  }
  return Object.freeze(defects);
}

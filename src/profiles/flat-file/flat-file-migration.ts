/**
 * Ready-made pieces for `casebridge demo` and for tests: the bundled sample commune (generated at
 * runtime from a fixed seed, so no large files are committed) and a migration definition over an
 * export folder.
 */
import type { MigrationDefinition, MigrationOptions } from '../../core/pipeline/migration-definition.js';
import { defineMigration } from '../../mappings/define-migration.js';
import type { CanonicalTarget } from '../../core/pipeline/canonical-target.js';
import type { ThresholdRule } from '../../core/pipeline/thresholds.js';
import { createPgliteTarget } from '../../targets/pglite/index.js';
import { flatFileConnector } from './flat-file-layout.js';
import { flatFileMappings } from './flat-file-mappings.js';
import { loadFlatFileCodeLists } from './flat-file-code-lists.js';
import { generateFlatFileExport, type FlatFileManifest } from './generate-flat-file-export.js';

/** Persons in the bundled sample commune. */
export const SAMPLE_COMMUNE_PERSONS = 300;
/** BFS number the bundled sample commune runs as (Bern: its cases name 351 as their commune). */
export const SAMPLE_COMMUNE_BFS = 351;
/** Seed of the bundled sample commune (fixed: the demo is the same everywhere). */
export const SAMPLE_COMMUNE_SEED = 4_242;

/** Writes the bundled sample commune (about 300 persons with every planted defect) into `dir`. */
export function writeSampleCommune(dir: string): Promise<FlatFileManifest> {
  return generateFlatFileExport({ dir, persons: SAMPLE_COMMUNE_PERSONS, seed: SAMPLE_COMMUNE_SEED });
}

/** Options of {@link flatFileMigration}. */
export interface FlatFileMigrationOptions {
  /** Export folder (as written by `generateFlatFileExport` / `writeSampleCommune`). */
  readonly dir: string;
  /** BFS number of the commune the export belongs to (required: there is no default). */
  readonly commune: number;
  /** Source-system name of the run (required; `FLAT_FILE_SOURCE_SYSTEM` is the usual one). */
  readonly sourceSystem: string;
  /** Target (default: a new in-memory PGlite canonical store). */
  readonly target?: CanonicalTarget;
  /** Migration name (default `flat-file`). */
  readonly name?: string;
  /** Folder of the code-list map CSVs (default: the shipped maps). */
  readonly codeListMapsDir?: string;
  readonly options?: MigrationOptions;
}

/** A checked migration of a flat-file export into a canonical target. */
export function flatFileMigration(options: FlatFileMigrationOptions): MigrationDefinition {
  return defineMigration({
    name: options.name ?? 'flat-file',
    source: flatFileConnector(options.dir, options.sourceSystem),
    commune: options.commune,
    sourceSystem: options.sourceSystem,
    mappings: flatFileMappings(loadFlatFileCodeLists(options.codeListMapsDir)),
    target: options.target ?? createPgliteTarget({}),
    options: { batchSize: 500, ...options.options, thresholds: [...FLAT_FILE_THRESHOLDS, ...(options.options?.thresholds ?? [])] },
  });
}

/**
 * The profile's own thresholds: its one planted case without an applicant is expected (an error
 * finding of the case checks, which would otherwise fail the run); a second one is not.
 */
export const FLAT_FILE_THRESHOLDS: readonly ThresholdRule[] = Object.freeze([{ metric: 'case:case.applicant_missing', maxCount: 1, severity: 'error' }]);

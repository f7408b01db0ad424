/**
 * The contract every reference legacy profile implements (relational, flat-file, ...): a complete,
 * self-describing example of one legacy system — its compiled mappings, its code-list maps, the defects
 * its synthetic-data generator plants and the accounting a run must therefore produce. Tests, the CLI
 * and benchmarks drive a profile through this interface only; generator and connector helpers are
 * separate, profile-specific exports.
 */
import type { CompiledMapping } from '../mappings/dsl/define-mapping.js';
import type { ThresholdRule } from '../core/pipeline/thresholds.js';

/**
 * Where a planted defect must end up in the run report. `statistics`: the row loads, but the statistics
 * readiness (BFS SHS plausibility) rejects the dossiers of its case with the expected issue code.
 */
export type PlantedDefectBucket = 'quarantined' | 'filtered' | 'flagged' | 'statistics';

/** One defect the generator plants on purpose, with the fate the run must give it. */
export interface PlantedDefect {
  /** Stable kebab-case id, e.g. `ahv-check-digit`. */
  readonly id: string;
  /** What is wrong with the row (no personal data). */
  readonly description: string;
  /** Source table that holds the row. */
  readonly table: string;
  /** Mapping that accounts for the row (the report's accounting unit). */
  readonly mapping: string;
  /** Legacy key of the row as the engine records it (key columns joined with `|`). */
  readonly sourceKey: string;
  readonly expected: {
    readonly bucket: PlantedDefectBucket;
    /**
     * `quarantined`: the issue code (e.g. `validation.ahvn13_check_digit`); `filtered`: the filter rule
     * name; `flagged`: the report flag (e.g. `duplicate` or a warning issue code); `statistics`: the SHS
     * plausibility code (e.g. `shs.closing_reason_missing`).
     */
    readonly code: string;
  };
}

/** Accounting of one mapping (source rows), as the run report must show it. */
export interface MappingExpectation {
  readonly entity: string;
  readonly extracted: number;
  readonly loaded: number;
  readonly filtered: number;
  readonly quarantined: number;
}

/** What a run of the profile over a generated source must report. */
export interface ExpectedResults {
  /** Per mapping name. */
  readonly mappings: Readonly<Record<string, MappingExpectation>>;
  /** Canonical records loaded per entity (one row may yield several entities). */
  readonly records: Readonly<Record<string, number>>;
  /**
   * BFS SHS statistical dossiers the statistics readiness must find as of the profile's data month, and
   * how many pass the plausibility checks (all but those of the planted `statistics` defects).
   */
  readonly statistics?: { readonly dossiers: number; readonly passing: number };
}

/** Size of a generated source: the profile derives every other count from it at fixed ratios. */
export interface ProfileScale {
  readonly persons: number;
  /** PRNG seed (default: the profile's default seed). */
  readonly seed?: number;
  /** Source flavour when the planted defects depend on it (e.g. `mariadb` or `postgres`). */
  readonly dialect?: string;
}

/** Options for building a profile's mappings. */
export interface ProfileMappingOptions {
  /** Folder of the code-list map CSVs (default: the profile's shipped `codes/`). */
  readonly codeListMapsDir?: string;
}

/** A reference legacy profile. */
export interface ReferenceProfile {
  /** Stable id, e.g. `relational`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /**
   * The usual source-system name of this profile (a suggestion for configs and tests; the run's
   * tenant always names its own, and the mappings never assume one).
   */
  readonly sourceSystem: string;
  /** Absolute path of the profile's shipped assets (`examples/<name>/`). */
  readonly assetsDir: string;
  /** Absolute path of the code-list map CSVs. */
  readonly codeListMapsDir: string;
  /**
   * File names of the code-list maps the mappings read. A file of that name in a config's
   * `codeListMapsDir` replaces the shipped one; any other file there is used by no mapping.
   */
  readonly codeListMapFiles?: readonly string[];
  /** Compiled mappings in any order (the engine orders them by `dependsOn`). */
  mappings(options?: ProfileMappingOptions): readonly CompiledMapping[];
  /** Defects the generator plants at `scale` (keys are fixed; the minimum scale is the profile's). */
  plantedDefects(scale: ProfileScale): readonly PlantedDefect[];
  /** Accounting a run over a source generated at `scale` must report, derived from the generator's plan. */
  expected(scale: ProfileScale): ExpectedResults;
  /** Smallest `persons` at which every planted defect exists. */
  readonly minimumPersons: number;
  /**
   * Thresholds a run of the profile starts from (a config adds its own): e.g. allowing the case-level
   * error findings its generator plants on purpose, which would otherwise fail the run.
   */
  readonly thresholds?: readonly ThresholdRule[];
}

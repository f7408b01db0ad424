/**
 * What a migration is (source, mappings, target, options) and how one run is asked for. `defineMigration`
 * checks the definition once, up front, so that a run never starts on a broken plan.
 */
import type { PseudonymKey } from '../pseudonyms/pseudonym-key.js';
import type { CaseChecksOptions } from './case-checks.js';
import type { CaseRule } from '../model/case-rule.js';
import type { DeletionOptions } from './deletion-options.js';
import { ConfigurationError, MappingError } from '../errors.js';
import { validateReadSource } from '../connector/join-source.js';
import type { Connector } from '../connector/connector.js';
import type { ValidationIssue } from '../model/validation-issue.js';
import type { CanonicalTarget, LoadBatch } from './canonical-target.js';
import type { SourceMapping } from './source-mapping.js';
import type { ProgressEvent, StageEvent } from './progress-event.js';
import type { ThresholdRule } from './thresholds.js';
import type { StatisticsReadinessHook } from '../report/statistics-readiness-section.js';
import type { DocumentTransferStep } from '../documents/document-transfer-step.js';
import { orderMappings } from './mapping-order.js';
import { checkTenant, type CommuneCheck, type Tenant } from './tenant.js';
import { ID_SCHEMES, isIdScheme, type IdScheme } from './id-scheme.js';
import type { MapWorkerOptions } from '../workers/map-worker-options.js';

/** Validates one canonical record (schema + record rules); returns issues, never throws for bad data. */
export type RecordValidator = (entity: string, record: Readonly<Record<string, unknown>>) => readonly ValidationIssue[];

/** A uuid property of an entity that must point at an existing record of `entity`. */
export interface ReferenceProperty {
  /** Top-level property name of the referencing record. */
  readonly property: string;
  /** Referenced canonical entity. */
  readonly entity: string;
}

/** Lists the reference properties of an entity (from the model's `x-references`). */
export type ReferenceResolver = (entity: string) => readonly ReferenceProperty[];

/** A field whose equal values across records mean "the same real-world object" (e.g. person `vn`). */
export interface DuplicateKey {
  readonly entity: string;
  readonly field: string;
}

/** What to do with a duplicate group: report it and load both (`flag`), or fold it into one (`merge`). */
export type DuplicatePolicy = 'flag' | 'merge';

/** Tunables of a migration. */
export interface MigrationOptions {
  /** Source rows per batch (default 1000). */
  readonly batchSize?: number;
  /**
   * Id scheme of the `id` mappings get (see `id-scheme.ts`). Unset: the one the commune and source
   * system's earlier runs in the store recorded, else `uuidv5`. A value the store's earlier runs of the
   * tenant contradict fails the run before it writes (CB_ID_SCHEME_MISMATCH).
   */
  readonly idScheme?: IdScheme;
  /** How many independent mappings run at the same time (default 1). */
  readonly concurrency?: number;
  /**
   * Prepared batches that may wait for their commit (read-ahead; default 2). With a target that keeps
   * commits in order (`orderedCommits`), one of them waits at the target, which prepares its write
   * while the previous batch commits.
   */
  readonly pipelineDepth?: number;
  readonly thresholds?: readonly ThresholdRule[];
  /** Default `flag`. */
  readonly duplicatePolicy?: DuplicatePolicy;
  /**
   * Where duplicates are looked for in the target: the run's own commune (`commune`, default) or every
   * commune of the canton store (`canton`; merging across communes is never done silently: use `flag`).
   */
  readonly duplicateScope?: 'commune' | 'canton';
  /** Duplicate keys to check (default person `vn`). */
  readonly duplicateKeys?: readonly DuplicateKey[];
  /** Run reconciliation after the load (default true). */
  readonly reconcile?: boolean;
  /** Record validator (default: the canonical model's schema validation plus the record rules). */
  readonly validator?: RecordValidator;
  /** Reference properties per entity (default: the canonical model's `x-references`). */
  readonly references?: ReferenceResolver;
  /** Whether the engine fills an entity's `lineage` property (default: the model has one). */
  readonly embedLineage?: (entity: string) => boolean;
  /** Most references listed by name in the report per list (default 100); the counts stay exact. */
  readonly reportListLimit?: number;
  /**
   * Case-level rules after the load (report section `caseChecks`; flags, never quarantine). On by
   * default when the target can read cases back; `false` switches them off.
   */
  readonly caseChecks?: CaseChecksOptions | false;
  /**
   * Repeated deliveries: records a full snapshot no longer holds become tombstones, guarded against
   * mass deletion (see docs/deliveries.md). On by default; `false` never deletes.
   */
  readonly deletions?: DeletionOptions | false;
  /**
   * Transfers the contents of the run's document records into the target's document store as a stage
   * of the run (after the checks, before the report), checkpointed like every stage: a run killed in
   * it resumes there without copying a stored document again. Needs a target with `documentStore`.
   */
  readonly documents?: DocumentTransferStep;
  /** Computes the report's `statisticsReadiness` section after the load, before the run is finished (e.g. `statisticsReadinessHook()` of `casebridge/stats`). */
  readonly statisticsReadiness?: StatisticsReadinessHook;
  /**
   * The commune's pseudonym key (e.g. `loadPseudonymKeyFile`): quarantine references and unknown code
   * values in the report are keyed pseudonyms under it. Without one, each run uses a fresh random key,
   * so its references can neither be resolved nor linked to another run's.
   */
  readonly pseudonymKey?: PseudonymKey;
  /**
   * Maps, validates and hashes the rows in worker threads (`count` of them; absent or 0: in the main
   * thread), for machines with more cores than two: the main thread keeps reading, assembling and
   * committing, in source order, with the same outcome. The workers import the mappings from `module`
   * (see `MapWorkerSetup`); the run refuses to start (CB_WORKER_MISMATCH) when they are not the
   * definition's. See docs/api.md, "Worker threads".
   */
  readonly workers?: MapWorkerOptions;
}

/**
 * What the engine is handed instead of importing it: the record validator and the case-level rules of
 * the canonical model (`validators/`). The public `defineMigration` binds the shipped ones; core knows
 * only their shapes, so it can be embedded and tested with any model.
 */
export interface ModelRules {
  /** Validates each record (unless `MigrationOptions.validator` replaces it). */
  readonly validator: RecordValidator;
  /** Case-level rules after the load (unless `MigrationOptions.caseChecks.rules` replaces them). */
  readonly caseRules: readonly CaseRule[];
  /**
   * URL of a module whose `modelRules` export is these rules: where a map worker thread
   * (`MigrationOptions.workers`) gets the same validator. Without it, workers need the worker module's.
   */
  readonly module?: string;
}

/** A checked migration definition. */
export interface MigrationDefinition {
  readonly name: string;
  readonly source: Connector;
  /** The run's commune and source system (part of every id, row, ledger entry and read). */
  readonly tenant: Tenant;
  /** Lineage source-system name (`tenant.sourceSystem`). */
  readonly sourceSystem: string;
  /** Mappings in dependency order. */
  readonly mappings: readonly SourceMapping[];
  readonly target: CanonicalTarget;
  readonly options: MigrationOptions;
  /** The model's validator and case rules the run uses by default. */
  readonly rules: ModelRules;
}

/** Input of `defineMigration`. */
export interface MigrationDefinitionInput {
  readonly name: string;
  readonly source: Connector;
  /** BFS municipality number of the commune (required: there is no default). */
  readonly commune: number;
  /** Lineage source-system name (required: there is no default). */
  readonly sourceSystem: string;
  /** Year the commune number must be valid in (with `communeCheck`). */
  readonly communeYear?: number;
  /** Checks the commune against the municipality list (e.g. `isKnownMunicipality`; the CLI always passes it). */
  readonly communeCheck?: CommuneCheck;
  readonly mappings: readonly SourceMapping[];
  readonly target: CanonicalTarget;
  readonly options?: MigrationOptions;
}

/** Options of one run. */
export interface RunOptions {
  /** Classify and stage exactly as a real run, commit nothing. */
  readonly dryRun?: boolean;
  /** Stops the run after the batch in flight; a real run stays resumable. */
  readonly signal?: AbortSignal;
  /** Progress events (stage, mapping, counts; never personal data). */
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * Called after each batch is committed (in a dry run: staged) with what it wrote and quarantined; the
   * engine waits for it, so a listener can write the batch elsewhere in step. An error it throws stops
   * the run like a load error. The way to watch commits: never wrap the target's methods.
   */
  readonly onBatchCommitted?: (batch: LoadBatch) => void | Promise<void>;
  /** Called when a stage starts and finishes, the post-load steps included (a failing listener is ignored). */
  readonly onStage?: (event: StageEvent) => void;
  /** Leave the target open after the run (default: `runMigration` opens and closes it). */
  readonly keepTargetOpen?: boolean;
  /** Run id (default: a random UUID). Pass the id of an interrupted run with `resume` to continue it. */
  readonly runId?: string;
  /** Continue the unfinished run `runId` from its last committed checkpoint. */
  readonly resume?: boolean;
  /** Dry runs: write the full record-by-record change list here (JSONL); the report keeps the first ones. */
  readonly changeListFile?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Checks and freezes a migration definition bound to `rules`; throws ConfigurationError/MappingError when
 * it is broken. Users call `defineMigration` (mappings layer), which binds the shipped model's rules.
 */
export function bindMigration(input: MigrationDefinitionInput, rules: ModelRules): MigrationDefinition {
  if (!NAME.test(input.name)) throw new ConfigurationError('Migration name must be a simple identifier.', { details: { field: 'name' } });
  const options = input.options ?? {};
  checkPositiveInteger(options.batchSize, 'batchSize');
  checkPositiveInteger(options.concurrency, 'concurrency');
  checkPositiveInteger(options.pipelineDepth, 'pipelineDepth');
  if (options.workers !== undefined) {
    const { count, module } = options.workers;
    if (!Number.isInteger(count) || count < 0)
      throw new ConfigurationError('Expected `workers.count` to be an integer from 0 and up.', { details: { field: 'workers.count', value: count } });
    if (count > 0 && !(module instanceof URL) && (typeof module !== 'string' || module === '')) {
      throw new ConfigurationError('`workers.module` must name the module the workers import the mappings from.', { details: { field: 'workers.module' } });
    }
  }
  if (options.idScheme !== undefined && !isIdScheme(options.idScheme)) {
    throw new ConfigurationError(`idScheme must be one of ${ID_SCHEMES.map((s) => `"${s}"`).join(', ')}.`, { details: { field: 'idScheme' } });
  }
  if (options.duplicatePolicy !== undefined && options.duplicatePolicy !== 'flag' && options.duplicatePolicy !== 'merge') {
    throw new ConfigurationError('duplicatePolicy must be "flag" or "merge".', { details: { field: 'duplicatePolicy' } });
  }
  if (options.duplicateScope !== undefined && options.duplicateScope !== 'commune' && options.duplicateScope !== 'canton') {
    throw new ConfigurationError('duplicateScope must be "commune" or "canton".', { details: { field: 'duplicateScope' } });
  }
  if (options.duplicateScope === 'canton' && options.duplicatePolicy === 'merge') {
    throw new ConfigurationError('Duplicates across communes are linked, never merged: use duplicatePolicy "flag" with duplicateScope "canton".', {
      details: { field: 'duplicateScope' },
    });
  }
  const seen = new Set<string>();
  for (const mapping of input.mappings) {
    if (!NAME.test(mapping.name)) throw new MappingError('Mapping name must be a simple identifier.', { details: { mapping: mapping.name } });
    if (seen.has(mapping.name)) throw new MappingError('Two mappings share a name.', { details: { mapping: mapping.name } });
    seen.add(mapping.name);
    if (!mapping.produces.includes(mapping.entity)) {
      throw new MappingError('A mapping must list its reporting entity in `produces`.', { details: { mapping: mapping.name, entity: mapping.entity } });
    }
    validateReadSource(mapping.name, { ...mapping.source, ...(mapping.controlTotals === undefined ? {} : { controlTotals: mapping.controlTotals }) });
  }
  const tenant = checkTenant(
    { commune: (input as { commune?: unknown }).commune, sourceSystem: (input as { sourceSystem?: unknown }).sourceSystem },
    input.communeYear,
    input.communeCheck,
  );
  return Object.freeze({
    name: input.name,
    source: input.source,
    tenant,
    sourceSystem: tenant.sourceSystem,
    mappings: Object.freeze(orderMappings(input.mappings)),
    target: input.target,
    options: Object.freeze({ ...options }),
    rules,
  });
}

function checkPositiveInteger(value: number | undefined, field: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new ConfigurationError(`Expected \`${field}\` to be an integer from 1 and up.`, { details: { field, value } });
  }
}

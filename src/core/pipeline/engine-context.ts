/** Shared state of one run, handed to every stage. Internal to the pipeline. */
import type { CanonicalTarget, LoadBatch } from './canonical-target.js';
import type { MigrationDefinition, RecordValidator, ReferenceResolver } from './migration-definition.js';
import { DuplicateDetector } from './duplicate-detector.js';
import type { ChangeList } from './change-list.js';
import { PendingIds } from './pending-ids.js';
import { SourceKeyTracker } from './source-key-tracker.js';
import type { KnownIds } from './known-ids.js';
import { tenantKey, type Tenant } from './tenant.js';
import { PseudonymKey } from '../pseudonyms/pseudonym-key.js';
import { modelEmbedsLineage, modelReferences } from './model-bindings.js';
import type { DeltaRead } from './delta-reads.js';
import { DEFAULT_ID_SCHEME, idFunctionOf, type IdFunction, type IdScheme } from './id-scheme.js';

/** Default source rows per batch. */
export const DEFAULT_BATCH_SIZE = 1000;

/** Everything the stages of one run share. */
export interface EngineContext {
  readonly definition: MigrationDefinition;
  readonly runId: string;
  readonly dryRun: boolean;
  /** The run's commune and source system. */
  readonly tenant: Tenant;
  /** First id part of the tenant (see `tenantKey`), computed once: every record's id starts with it. */
  readonly tenantIdKey: string;
  /** The run's id scheme, as the target's ledger decided it for the tenant. */
  readonly idScheme: IdScheme;
  /** The tenant's id function under {@link idScheme}: the `id` every mapping gets. */
  readonly id: IdFunction;
  readonly sourceSystem: string;
  readonly target: CanonicalTarget;
  readonly batchSize: number;
  readonly validator: RecordValidator;
  readonly references: ReferenceResolver;
  /** True when the entity's records carry a `lineage` property the engine fills in. */
  readonly embedsLineage: (entity: string) => boolean;
  /** Key columns per mapping (declared, or the source table's primary key). */
  readonly keyColumns: Map<string, readonly string[]>;
  readonly duplicates: DuplicateDetector;
  /** Source keys read in this run per mapping (duplicate source keys) and the ids they made ambiguous. */
  readonly sourceKeys: SourceKeyTracker;
  /** Ids prepared but not yet committed in this run. */
  readonly pending: PendingIds;
  /** Ids known to exist in the target (committed or confirmed); absent → always ask the target. */
  readonly known?: KnownIds;
  readonly signal: AbortSignal | undefined;
  /** Mappings whose batches the target remembers as a full snapshot's (deletion detection). */
  readonly snapshotMappings: ReadonlySet<string>;
  /** Dry runs: the record-by-record change list. */
  readonly changeList?: ChangeList;
  /** Delta mappings' reads (lower bound, greatest stamp seen), by mapping name. */
  readonly deltas: ReadonlyMap<string, DeltaRead>;
  /** `RunOptions.onBatchCommitted`. */
  readonly onBatchCommitted?: (batch: LoadBatch) => void | Promise<void>;
  /** The key of every pseudonym the run writes (quarantine references). */
  readonly pseudonyms: PseudonymKey;
}

/** What differs between a run's context and a stand-alone reconciliation's. */
export interface EngineContextInit {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly keyColumns: Map<string, readonly string[]>;
  /** Duplicate detection (default: none, flag policy; reconciliation does not detect duplicates). */
  readonly duplicates?: DuplicateDetector;
  readonly known?: KnownIds;
  readonly signal: AbortSignal | undefined;
  /** See {@link EngineContext.snapshotMappings} (default: none). */
  readonly snapshotMappings?: ReadonlySet<string>;
  readonly changeList?: ChangeList;
  /** See {@link EngineContext.deltas} (default: none, every mapping reads everything). */
  readonly deltas?: ReadonlyMap<string, DeltaRead>;
  readonly onBatchCommitted?: ((batch: LoadBatch) => void | Promise<void>) | undefined;
  /** The run's id scheme (default `uuidv5`): what `beginRun` returned, else what the options asked for. */
  readonly idScheme?: IdScheme;
}

/** Builds the context from the definition's options (batch size, validator, references, lineage) and `init`. */
export function createEngineContext(definition: MigrationDefinition, init: EngineContextInit): EngineContext {
  const { target, options: opts } = definition;
  // Without a configured key the references of this run are unlinkable to any other (a fresh random
  // key), never a fixed key that anyone could recompute.
  const pseudonyms = opts.pseudonymKey ?? PseudonymKey.generate();
  return {
    definition,
    runId: init.runId,
    dryRun: init.dryRun,
    tenant: definition.tenant,
    tenantIdKey: tenantKey(definition.tenant),
    idScheme: init.idScheme ?? DEFAULT_ID_SCHEME,
    id: idFunctionOf(init.idScheme ?? DEFAULT_ID_SCHEME, tenantKey(definition.tenant)),
    sourceSystem: definition.sourceSystem,
    target,
    batchSize: opts.batchSize ?? DEFAULT_BATCH_SIZE,
    validator: opts.validator ?? definition.rules.validator,
    references: opts.references ?? modelReferences,
    embedsLineage: opts.embedLineage ?? modelEmbedsLineage,
    keyColumns: init.keyColumns,
    duplicates: init.duplicates ?? new DuplicateDetector(target, [], 'flag'),

    pending: new PendingIds(),
    ...(init.known === undefined ? {} : { known: init.known }),
    signal: init.signal,
    snapshotMappings: init.snapshotMappings ?? new Set(),
    ...(init.changeList === undefined ? {} : { changeList: init.changeList }),
    deltas: init.deltas ?? new Map(),
    ...(init.onBatchCommitted === undefined ? {} : { onBatchCommitted: init.onBatchCommitted }),
    pseudonyms,
    sourceKeys: new SourceKeyTracker(definition.sourceSystem, pseudonyms),
  };
}

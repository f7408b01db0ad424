/** Shared state of one run, handed to every stage. Internal to the pipeline. */
import type { CanonicalTarget } from './canonical-target.js';
import type { MigrationDefinition, RecordValidator, ReferenceResolver } from './migration-definition.js';
import type { DuplicateDetector } from './duplicate-detector.js';
import type { PendingIds } from './pending-ids.js';
import type { KnownIds } from './known-ids.js';

/** Everything the stages of one run share. */
export interface EngineContext {
  readonly definition: MigrationDefinition;
  readonly runId: string;
  readonly dryRun: boolean;
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
  /** Ids prepared but not yet committed in this run. */
  readonly pending: PendingIds;
  /** Ids known to exist in the target (committed or confirmed); absent → always ask the target. */
  readonly known?: KnownIds;
  readonly signal: AbortSignal | undefined;
}

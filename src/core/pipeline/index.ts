/** The staged migration engine: definitions, runs, reconciliation, identity and exact money. */
export { defineMigration } from './migration-definition.js';
export type {
  DuplicateKey,
  DuplicatePolicy,
  MigrationDefinition,
  MigrationDefinitionInput,
  MigrationOptions,
  RunOptions,
} from './migration-definition.js';
export { runMigration, DEFAULT_BATCH_SIZE } from './run-migration.js';
export { reconcileMigration } from './reconcile-migration.js';
export type { ReconcileOptions, ReconcileOutcome } from './reconcile.js';
export { CASEBRIDGE_NAMESPACE, canonicalId, canonicalJson, contentHash, sourceRecordRef } from './identity.js';
export { checkTenant, sameTenant, tenantCanonicalId, tenantKey, type CommuneCheck, type Tenant, type TenantInput } from './tenant.js';
export { chfToRappen, decimalToScaled, sourceSumToRappen } from './exact-money.js';
export { DEFAULT_THRESHOLDS, evaluateThresholds, exitCodeFor } from './thresholds.js';
export type { RunStatus, ThresholdMetric, ThresholdResult, ThresholdRule, ThresholdSubject } from './thresholds.js';
export type { LifecycleStage, ProgressEvent, RunStage, StageEvent } from './progress-event.js';
export type {
  CanonicalRecordDraft,
  ChangeDetection,
  ControlTotalMapping,
  FilterRule,
  MapContext,
  MapResult,
  SourceMapping,
} from './source-mapping.js';
export type {
  BatchDetailEntry,
  CanonicalTarget,
  HighWaterMark,
  LoadBatch,
  LoadOutcome,
  LoadRecord,
  LoadResult,
  QuarantineEntry,
  RecordLineage,
  RunInfo,
  RunSession,
  RunState,
  SessionOutcome,
  StageCheckpoint,
  StatsDelta,
  StoredRecord,
  TargetTotalRow,
  TargetQueryable,
  TargetTotalsRequest,
} from './canonical-target.js';
export type { RecordValidator, ReferenceProperty, ReferenceResolver } from './migration-definition.js';
export { POST_LOAD_STAGES } from './stage-ledger.js';
export type { PostLoadStage } from './stage-ledger.js';
export { modelValidator, modelReferences } from './model-bindings.js';
export type { DeltaMappingReport, DeltaSection } from './delta-reads.js';

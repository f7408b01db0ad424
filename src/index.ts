/**
 * casebridge: what a migration engineer imports from `casebridge`: define and run a migration, write its
 * mappings, read its reports, catch its errors. Each name has exactly one entry point. Connectors and
 * targets have their own subpaths (`casebridge/connectors/files`, `casebridge/targets/pglite`, ...) so
 * that importing the root loads no optional driver; the connector SPI for vendors is
 * `casebridge/connectors`, the conformance kit `casebridge/testing`, the full mapping library
 * `casebridge/mappings`. docs/api.md lists every entry point; test/public-api.test.ts keeps this list
 * and the docs in step.
 */

// Errors: one hierarchy with stable codes.
export {
  CancelledError,
  CasebridgeError,
  ConfigurationError,
  ConnectionError,
  DocumentError,
  DriverMissingError,
  ERROR_CODES,
  FeedError,
  IntegrityConstraintViolationError,
  isCasebridgeError,
  MappingError,
  ObjectNotFoundError,
  QueryError,
  RollbackRefusedError,
  RunError,
  RunLockedError,
  SchemaError,
  SourceFormatError,
  TenantError,
  TimeoutError,
} from './core/errors.js';
export type { CasebridgeErrorOptions, ErrorCode } from './core/errors.js';

// Validation issues: the shape every stage reports, and the one registry of their codes.
export { hasErrors } from './core/model/validation-issue.js';
export type { IssueSeverity, ValidationIssue } from './core/model/validation-issue.js';
export { ISSUE_CODE_MEANINGS, isIssueCode, issueCodeMeaning } from './core/issue-codes.js';
export type { IssueCode, IssueCodeMeaning } from './core/issue-codes.js';

// The canonical model: the registry read from schemas/ and the generated record types.
export { getModel, loadModel, SENSITIVITIES } from './core/model/model-registry.js';
export type { CanonicalModel, EntityDefinition, PropertyDefinition, Sensitivity } from './core/model/model-registry.js';
export { validateAgainstSchema } from './core/model/schema-validator.js';
export type { SchemaValidationOptions } from './core/model/schema-validator.js';
// (generated/model is a barrel of generated types, kept whole: it follows schemas/ and is rewritten by `npm run generate`.)
export type * from './generated/model/index.js';

// The staged migration engine.
export { defineMigration } from './mappings/define-migration.js';
export type {
  DuplicateKey,
  DuplicatePolicy,
  MigrationDefinition,
  MigrationDefinitionInput,
  MigrationOptions,
  RunOptions,
} from './core/pipeline/migration-definition.js';
export { runMigration } from './core/pipeline/run-migration.js';
export { reconcileMigration } from './core/pipeline/reconcile-migration.js';
export type { ReconcileOptions, ReconcileOutcome } from './core/pipeline/reconcile.js';
export { canonicalId, contentHash } from './core/pipeline/identity.js';
export { orderedCanonicalId } from './core/pipeline/ordered-id.js';
export type { IdScheme } from './core/pipeline/id-scheme.js';
export type { CommuneCheck, Tenant, TenantInput } from './core/pipeline/tenant.js';
export { DEFAULT_THRESHOLDS, exitCodeFor } from './core/pipeline/thresholds.js';
export type { RunStatus, ThresholdMetric, ThresholdResult, ThresholdRule, ThresholdSubject } from './core/pipeline/thresholds.js';
export type { LifecycleStage, ProgressEvent, RunStage, StageEvent } from './core/pipeline/progress-event.js';
export type {
  CanonicalRecordDraft,
  ChangeDetection,
  ControlTotalMapping,
  FilterRule,
  MapContext,
  MapResult,
  SourceMapping,
} from './core/pipeline/source-mapping.js';
export type {
  CanonicalTarget,
  CaseBundleReadOptions,
  DeletionRequest,
  HighWaterMark,
  LoadBatch,
  LoadOutcome,
  LoadRecord,
  LoadResult,
  QuarantineEntry,
  RecordLineage,
  RecordNote,
  RecordNoteBucket,
  RunInfo,
  RunState,
  HashSuspects,
  StatsDelta,
  StoredCaseBundle,
  StoredRecord,
  StoredRecordNote,
  TargetTotalRow,
  TargetQueryable,
  TargetTotalsRequest,
} from './core/pipeline/canonical-target.js';
export type { ModelRules, RecordValidator, ReferenceProperty, ReferenceResolver } from './core/pipeline/migration-definition.js';
export type { MapWorkerOptions } from './core/workers/map-worker-options.js';

// Mappings: the declarative DSL and the transforms it is written with (the rest: `casebridge/mappings`).
export { computed, constant, copy, defineMapping, id, lookup, reference, rename, transform } from './mappings/dsl/index.js';
export type {
  AnyFieldRule,
  AnyYieldDefinition,
  CodeListPinInfo,
  CompiledMapping,
  CompiledYield,
  ComputeContext,
  ComputedRule,
  ConstantRule,
  CopyOptions,
  CopyRule,
  DeltaDeclaration,
  FieldRule,
  FieldRuleKind,
  FieldRules,
  FilterDefinition,
  IdRule,
  InvalidValuePolicy,
  JoinSourceDefinition,
  LookupRule,
  MappingDefinition,
  QuerySourceDefinition,
  ReferenceRule,
  RenameRule,
  RowCondition,
  RuleOptions,
  RuleSeverity,
  TableSourceDefinition,
  TransformRule,
  YieldDefinition,
} from './mappings/dsl/index.js';
export { defineTransform, fail, keep, ok, t } from './mappings/transforms/index.js';
export type { Transform, TransformFailure, TransformOk, TransformParams, TransformResult } from './mappings/transforms/index.js';
export { loadCodeListMap } from './mappings/codes/code-list-map.js';
export type { CodeListMap, CodeListMapEntry, CodeListMapOptions } from './mappings/codes/code-list-map.js';

// Reports of a run.
export { RUN_REPORT_VERSION } from './core/report/run-report.js';
export type { EntityReport, ReconciliationReport, ReconciliationWitness, ReportedError, RunReport } from './core/report/run-report.js';
export { renderRunReportHtml } from './core/report/render-html.js';
export type { RenderReportOptions } from './core/report/render-html.js';
export { REPORT_LANGUAGES, isReportLanguage, languageFromLocale } from './core/report/i18n/report-language.js';
export type { ReportLanguage } from './core/report/i18n/report-language.js';
export { renderRunReportMarkdown } from './core/report/render-markdown.js';

// Documents: streaming transfer with SHA-256 proof.
export { documentRefFromRecord, documentRefsFromTarget } from './core/documents/document-refs.js';
export type { DocumentRecordFields } from './core/documents/document-refs.js';
export { migrateDocuments } from './core/documents/migrate-documents.js';
export type { DocumentOutcome, MigrateDocumentsOptions } from './core/documents/migrate-documents.js';
export { reconcileDocuments } from './core/documents/reconcile-documents.js';
export type { DocumentWitness, ReconcileDocumentsOptions } from './core/documents/reconcile-documents.js';
export { withDocumentsReport } from './core/documents/with-documents-report.js';
export type { DocumentListEntry, DocumentMismatchReason, DocumentReconciliationReport, DocumentsReport } from './core/documents/documents-report.js';
export type { DocumentStore } from './core/documents/document-store.js';

// Pseudonyms: the keyed secret behind every pseudonymous key in reports.
export { loadPseudonymKeyFile } from './core/pseudonyms/pseudonym-key-file.js';
export type { LoadedPseudonymKey, LoadPseudonymKeyOptions } from './core/pseudonyms/pseudonym-key-file.js';
export { PseudonymKey } from './core/pseudonyms/pseudonym-key.js';

// Profiling a source before anything is mapped.
export { profileSource } from './core/profile/profile-source.js';
export type { ProfileSourceOptions } from './core/profile/profile-source.js';
export { renderProfileHtml } from './core/profile/render-profile-html.js';
export type { ColumnProfile, SourceProfile, TableProfile } from './core/profile/source-profile.js';

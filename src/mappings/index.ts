/**
 * `casebridge/mappings`: the mapping library beyond what the root teaches (the DSL, `t`, `ok`/`fail`/`keep`
 * and `loadCodeListMap` are exported by `casebridge`): each transform and parser on its own, code-list
 * maps (parsing, versions, policies, coverage, extraction to a skeleton) and the generated mapping document.
 */
export {
  MAX_ABS_RAPPEN,
  ahvn13,
  booleanFlag,
  integer,
  maritalStatus,
  moneyRappen,
  name,
  normalizeText,
  oldAhvNumber,
  parseAhvn13,
  parseBoolean,
  parseInteger,
  parseMaritalStatus,
  parseMoneyRappen,
  parseOldAhvNumber,
  parseSex,
  parseSwissDate,
  parseYearMonth,
  partialDate,
  sex,
  splitName,
  swissDate,
  text,
  windowYear,
  yearMonth,
} from './transforms/index.js';
export type {
  BooleanOptions,
  CaseMode,
  IntegerOptions,
  MaritalNumericSystem,
  MaritalStatusOptions,
  MoneyOptions,
  MoneyRounding,
  SexNumericSystem,
  SexOptions,
  SplitName,
  SplitNameOptions,
  SwissDateOptions,
  TextOptions,
} from './transforms/index.js';
export { CODE_LIST_MAP_COLUMNS, codeKey, codeListPin, fingerprintOf, parseCodeListMap } from './codes/code-list-map.js';
export type { CodeMapStatus } from './codes/code-list-map.js';
export { CODE_ISSUE_CODES, STRICT_CODE_POLICY, checkCodeListPolicy, lookupCode } from './codes/code-list-policy.js';
export type { CodeListPolicy, CodeLookup, CodeOutcome } from './codes/code-list-policy.js';
export { CodeCoverage, SMALL_COUNT_THRESHOLD, renderCodeCoverageMarkdown, suppressSmall } from './codes/code-coverage.js';
export type { CodeCoverageRow, CodeListCoverage } from './codes/code-coverage.js';
export { extractCodes } from './codes/extract-codes.js';
export type { CodeFrequency, ExtractCodesRequest, ExtractedCodes } from './codes/extract-codes.js';
export { csvCell, writeCodeListSkeleton } from './codes/code-list-skeleton.js';
export type { SkeletonOptions } from './codes/code-list-skeleton.js';
export { buildMappingDocument, describePolicy, describeRule } from './document/mapping-document-model.js';
export type { DocBlock, DocTable, RuleDescription } from './document/mapping-document-model.js';
export { escapeHtml, escapeMarkdown, renderMappingDocument } from './document/render-mapping-document.js';
export type { MappingDocumentOptions } from './document/render-mapping-document.js';
/** The contract of a worker module (`MigrationOptions.workers.module`): the run's mappings for worker threads. */
export type { MapWorkerExport, MapWorkerSetup } from '../core/workers/map-worker-setup.js';

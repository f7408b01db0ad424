/**
 * casebridge: the public API. Everything a user may import from `casebridge` is re-exported here. The
 * database connectors and targets (which load optional drivers), the conformance kit (which needs
 * vitest) and the TypeORM schema have their own subpath exports so that importing the root loads none
 * of them.
 */
export * from './core/errors.js';
export * from './core/connector/index.js';
export * from './core/model/index.js';
export type * from './generated/model/index.js';
export * from './core/pipeline/index.js';
export * from './core/documents/index.js';
export * from './core/pseudonyms/index.js';
export { protectCodeListCoverage, unknownCodeLabel, lengthClass } from './core/report/protect-code-coverage.js';
export type * from './core/report/run-report.js';
export { RUN_REPORT_VERSION } from './core/report/run-report.js';
export { renderRunReportHtml } from './core/report/render-html.js';
export type { RenderReportOptions } from './core/report/render-html.js';
export { REPORT_LANGUAGES, isReportLanguage, languageFromLocale } from './core/report/i18n/report-language.js';
export type { ReportLanguage } from './core/report/i18n/report-language.js';
export { renderRunReportMarkdown } from './core/report/render-markdown.js';
export * from './core/profile/index.js';
export * from './validators/index.js';
export * from './mappings/index.js';
export { createPgliteTarget, PgliteTarget } from './targets/pglite/index.js';
export type { PgliteTargetOptions, PgliteConnectionOptions } from './targets/pglite/index.js';
export { scaffoldConnector } from './connectors/scaffold/index.js';
export type { ScaffoldOptions, ScaffoldResult } from './connectors/scaffold/index.js';
export {
  parsePeriod,
  deriveDossiers,
  buildShsMonth,
  writeShsDelivery,
  writeShsDeliveryFromStore,
  buildKokesExtract,
  kokesExtractFromStore,
  computeIndicators,
  indicatorsFromStore,
  computeStatisticsReadiness,
  statisticsReadinessHook,
  SHS_LAYOUT_VERSION,
} from './stats/index.js';
export type { StatsPeriod, StatisticalDossier, StatsCaseBundle, IndicatorTable, IndicatorScope, KokesExtract, ShsMonthManifest, StatsQueryable } from './stats/index.js';
export type { StatisticsReadinessSection, StatisticsReadinessHook } from './core/report/statistics-readiness-section.js';

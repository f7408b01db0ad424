/**
 * casebridge statistics (`casebridge/stats`): statistical dossiers of the BFS SHS derived from canonical
 * cases, the SHS monthly delivery (layout v1), the KOKES yearly extract, canton indicators with
 * small-count suppression, and the statistics readiness of a migrated store.
 */
export { addMonths, inPeriod, lastDayOfMonth, monthDiff, monthOf, overlapsPeriod, parsePeriod, periodMonths } from './period.js';
export type { StatsPeriod } from './period.js';
export { APPLICANT_ROLE_CODE, ASSISTANCE_PAYMENT_TYPES, RECEIPT_TYPES, SHS_CASE_DOMAINS, attributedMonth, reversedIds } from './dossier/stats-case-bundle.js';
export type { StatsCaseBundle } from './dossier/stats-case-bundle.js';
export { APPLICATION_TYPE, CLOSING_REASON_MOVE, applicationTypeIn, closedIn, hasPaymentIn, inPeriodStart, isCurrentIn } from './dossier/statistical-dossier.js';
export type { DossierEnd, StatisticalDossier } from './dossier/statistical-dossier.js';
export { SHS_BREAK_MONTHS, applicantOf, deriveDossiers, dossierKeyOf, dossierMembers, dossierOfBooking, supportMonths } from './dossier/derive-dossiers.js';
export type { DeriveDossiersOptions } from './dossier/derive-dossiers.js';
export { personIdentity, personKeyFunction } from './shs/person-key.js';
export type { PersonKeyFn, PersonKeyOptions } from './shs/person-key.js';
export {
  SHS_BOOKING_COLUMNS,
  SHS_DOSSIER_COLUMNS,
  SHS_LAYOUT_VERSION,
  SHS_PERSON_COLUMNS,
  SHS_TABLES,
  csvHeader,
  csvLine,
  jsonLine,
  rappenToChf,
  shsFileName,
} from './shs/shs-layout-v1.js';
export type { ShsBookingRow, ShsColumn, ShsDossierRow, ShsFileFormat, ShsPersonRow } from './shs/shs-layout-v1.js';
export {
  APPLICANT_AGE_RANGE,
  COUNSELLING_BENEFIT_TYPE,
  SHS_PLAUSIBILITY_CODES,
  checkDossierPlausibility,
  dossierBookings,
  passesPlausibility,
  toCaseBundle,
} from './shs/shs-plausibility.js';
export { addShsMonthRows, buildShsMonth, emptyMonthRows } from './shs/build-shs-month.js';
export type { ShsExtractOptions, ShsMonthRows } from './shs/build-shs-month.js';
export { writeShsDelivery } from './shs/write-shs-delivery.js';
export type { ShsMonthManifest, WriteShsDeliveryOptions } from './shs/write-shs-delivery.js';
export {
  DEFAULT_SUPPRESSION_THRESHOLD,
  SUPPRESSED_MARKER,
  isSmallCount,
  suppressByBasis,
  suppressCount,
  suppressDistribution,
} from './indicators/suppression.js';
export type { Published } from './indicators/suppression.js';
export { complementarySuppression, derivableCells, sumIdentity } from './disclosure/linear-disclosure.js';
export type { TableIdentity } from './disclosure/linear-disclosure.js';
export { IndicatorAccumulator, computeIndicators, ratePercent } from './indicators/indicator-accumulator.js';
export type { AlbvAmount, IndicatorOptions, IndicatorScope, IndicatorTable } from './indicators/indicator-accumulator.js';
export { col, fromPg, selectRecords, storeLayout, table } from './store/stats-queryable.js';
export type { PgQueryLike, StatsQueryable } from './store/stats-queryable.js';
export { STATS_PERSON_PROPERTIES, bundlesOfCases, readCaseBundles } from './store/read-case-bundles.js';
export type { ReadCaseBundlesOptions } from './store/read-case-bundles.js';
export { readAlbvAmounts, readKokesInputs } from './store/read-stats-records.js';
export {
  REPLACED_TERMINATION_REASONS,
  UNKNOWN_KESB,
  buildKokesExtract,
  kokesEvents,
  protectKokesCounts,
  splitKokesExtract,
} from './kokes/build-kokes-extract.js';
export type {
  KokesAudience,
  KokesAuthority,
  KokesEvent,
  KokesExtract,
  KokesExtractOptions,
  KokesInput,
  KokesMeasureRecord,
  KokesPerson,
  KokesPersonsFile,
  KokesTablesFile,
} from './kokes/build-kokes-extract.js';
export { ReadinessAccumulator, computeStatisticsReadiness, statisticsReadinessHook, statisticsReadinessOf } from './readiness/statistics-readiness.js';
export type { StatisticsReadinessHookOptions, StatisticsReadinessOptions } from './readiness/statistics-readiness.js';
export type { ReadinessRunInfo, ReadinessShare, StatisticsReadinessHook, StatisticsReadinessSection } from '../core/report/statistics-readiness-section.js';
export { openStatsStore } from './store/open-stats-store.js';
export type { OpenStatsStore } from './store/open-stats-store.js';
export { indicatorsFromStore, kokesExtractFromStore, writeShsDeliveryFromStore } from './stats-from-store.js';

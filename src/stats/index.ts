/**
 * casebridge statistics (`casebridge/stats`): statistical dossiers of the BFS SHS derived from canonical
 * cases, the SHS monthly delivery (layout v1), the KOKES yearly extract, canton indicators with
 * small-count suppression, and the statistics readiness of a migrated store.
 */
export * from './period.js';
export * from './dossier/stats-case-bundle.js';
export * from './dossier/statistical-dossier.js';
export * from './dossier/derive-dossiers.js';
export * from './shs/person-key.js';
export * from './shs/shs-layout-v1.js';
export * from './shs/shs-plausibility.js';
export * from './shs/build-shs-month.js';
export * from './shs/write-shs-delivery.js';
export * from './indicators/suppression.js';
export * from './disclosure/linear-disclosure.js';
export * from './indicators/indicator-accumulator.js';
export * from './store/stats-queryable.js';
export * from './store/read-case-bundles.js';
export * from './store/read-stats-records.js';
export * from './kokes/build-kokes-extract.js';
export * from './readiness/statistics-readiness.js';
export type * from '../core/report/statistics-readiness-section.js';
export * from './store/open-stats-store.js';
export * from './stats-from-store.js';

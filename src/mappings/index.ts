/**
 * casebridge mappings: the declarative mapping DSL (compiles to the engine's `SourceMapping`), the
 * transforms library, code-list maps (CSV, versions, policies, coverage, extraction to a skeleton) and
 * the generated mapping document.
 */
export * from './dsl/index.js';
export * from './transforms/index.js';
export * from './codes/code-list-map.js';
export * from './codes/code-list-policy.js';
export * from './codes/code-coverage.js';
export * from './codes/extract-codes.js';
export * from './codes/code-list-skeleton.js';
export * from './document/mapping-document-model.js';
export * from './document/render-mapping-document.js';

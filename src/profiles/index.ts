/**
 * casebridge reference legacy profiles (`casebridge/profiles`): complete example legacy systems with
 * synthetic-data generators, planted defects, mappings, code-list maps and expected results.
 */
export * from './reference-profile.js';
export * from './examples-location.js';
export * from './flat-file/index.js';
export * from './relational/index.js';

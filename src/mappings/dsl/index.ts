/** The declarative mapping DSL: rule builders, definition types and `defineMapping`. */
export * from './field-rules.js';
export * from './mapping-definition.js';
export * from './define-mapping.js';
export { MAPPING_ISSUE_CODES } from './evaluate-rules.js';

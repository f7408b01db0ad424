/** Swiss rule validators, code lists and record-level domain rules (`casebridge/validators`). */
export * from './ahvn13.js';
export * from './iban.js';
export * from './code-lists.js';
export * from './code-list-rule.js';
export * from './municipality.js';
export * from './municipality-rule.js';
export * from './issue.js';
export * from './rule-registry.js';
export * from './rules/rule-types.js';
export * from './rules/code-list-rules.js';
export * from './rules/identifier-rules.js';
export * from './rules/municipality-rules.js';
export * from './rules/date-order-rules.js';
export * from './rules/age-rules.js';
export * from './case/index.js';
export * from './validate-record.js';

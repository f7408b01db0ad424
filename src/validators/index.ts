/** Swiss rule validators, code lists and record-level domain rules (`casebridge/validators`). */
export { ahvn13CheckDigit, checkAhvn13, isOldAhvNumber, isValidAhvn13, normalizeAhvn13 } from './ahvn13.js';
export { checkIban, isQrIban, isSwissIban, isValidIban, normalizeIban } from './iban.js';
export type { IbanCheckOptions } from './iban.js';
export { findCode, getCodeList, isKnownCode, listCodeLists } from './code-lists.js';
export type { CodeList, CodeListEntry, CodePattern } from './code-lists.js';
export { checkCode } from './code-list-rule.js';
export { getMunicipalityList, isKnownMunicipality, municipalityInfo, municipalityListYears } from './municipality.js';
export type { MunicipalityInfo, MunicipalityList } from './municipality.js';
export { checkMunicipality } from './municipality-rule.js';
export { makeIssue } from './issue.js';
export type { IssueContext } from './issue.js';
export { createRuleRegistry, validateRecordRules } from './rule-registry.js';
export type { RuleRegistry } from './rule-registry.js';
export { referenceDateOf } from './rules/rule-types.js';
export type { CanonicalRecordData, RecordRule, RuleContext } from './rules/rule-types.js';
export { codeListRule, codeSlotsOf } from './rules/code-list-rules.js';
export { identifierRule } from './rules/identifier-rules.js';
export { municipalityRule } from './rules/municipality-rules.js';
export { DATE_ORDER_PAIRS, dateOrderRule, earliestDay, latestDay } from './rules/date-order-rules.js';
export { MAX_AGE_YEARS, ageRule, fullYearsBetween } from './rules/age-rules.js';
export {
  APPLICANT_ROLE,
  DEFAULT_CASE_RULES,
  OUTGOING_BOOKING_TYPES,
  SHS_DOMAINS,
  SIX_MONTHS,
  applicantRule,
  containerRule,
  monthsBetween,
  ordinaryPaymentMonths,
  paymentPeriodRule,
  refOf,
  sixMonthRule,
  statisticsReadinessRule,
  str,
  validateCaseBundle,
} from './case/index.js';
export type { CaseBundle, CaseRule, CaseRuleContext } from './case/index.js';
export { validateRecord } from './validate-record.js';
export type { RecordValidationResult } from './validate-record.js';

/** Cross-record rules on a case bundle. */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { applicantRule } from './applicant-rules.js';
import type { CaseBundle, CaseRule, CaseRuleContext } from './case-bundle.js';
import { containerRule } from './container-rules.js';
import { paymentPeriodRule } from './payment-period-rules.js';
import { sixMonthRule } from './six-month-rule.js';
import { statisticsReadinessRule } from './statistics-readiness.js';

export { SHS_DOMAINS, monthsBetween, refOf, str } from './case-bundle.js';
export type { CaseBundle, CaseRule, CaseRuleContext } from './case-bundle.js';
export { APPLICANT_ROLE, applicantRule } from './applicant-rules.js';
export { containerRule } from './container-rules.js';
export { OUTGOING_BOOKING_TYPES, paymentPeriodRule } from './payment-period-rules.js';
export { SIX_MONTHS, ordinaryPaymentMonths, sixMonthRule } from './six-month-rule.js';
export { statisticsReadinessRule } from './statistics-readiness.js';

/** The default cross-record rules, in the order they run. */
export const DEFAULT_CASE_RULES: readonly CaseRule[] = [applicantRule, containerRule, paymentPeriodRule, sixMonthRule, statisticsReadinessRule];

/** Runs the cross-record rules (default: all) on one case bundle. */
export function validateCaseBundle(bundle: CaseBundle, context: CaseRuleContext = {}, rules: readonly CaseRule[] = DEFAULT_CASE_RULES): ValidationIssue[] {
  return rules.flatMap((rule) => rule(bundle, context));
}

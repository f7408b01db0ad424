/**
 * The BFS 6-month rule on ordinary payments of WSH/ALBV cases [pxweb 1304030000_301]: a dossier ends six
 * months after the last ordinary payment, and support that resumes after a longer break is a new dossier.
 * Here: more than 6 months without an ordinary payment between two payments → `case.six_month_break`
 * (the statistics need a new dossier); an open case whose last ordinary payment month lies more than 6
 * months before the reference month → `case.six_month_close_due`. Months are the support month
 * (`periodMonth`), else the booking month; reversed (storno'd) payments do not count.
 */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { referenceDateOf } from '../rules/rule-types.js';
import { makeIssue } from '../issue.js';
import { monthsBetween, refOf, SHS_DOMAINS, str, type CaseRule } from './case-bundle.js';

/** Months without an ordinary payment after which a dossier ends. */
export const SIX_MONTHS = 6;

/** The support months of the effective ordinary payments, sorted and unique. */
export function ordinaryPaymentMonths(bookings: readonly Readonly<Record<string, unknown>>[]): string[] {
  const reversed = new Set(bookings.map((b) => str(b, 'reversesBookingId')).filter((id): id is string => id !== undefined));
  const months = bookings
    .filter((b) => str(b, 'bookingType') === 'ORDINARY_PAYMENT' && !reversed.has(str(b, 'id') ?? ''))
    .map((b) => str(b, 'periodMonth') ?? str(b, 'bookingDate')?.slice(0, 7))
    .filter((m): m is string => m !== undefined && /^\d{4}-\d{2}$/.test(m));
  return [...new Set(months)].sort();
}

/** `case.six_month_break`, `case.six_month_close_due`. */
export const sixMonthRule: CaseRule = (bundle, context) => {
  const issues: ValidationIssue[] = [];
  if (!SHS_DOMAINS.has(str(bundle.case, 'domain') ?? '')) return issues;
  const ref = refOf(bundle.case);
  const ctx = { entity: 'case', ...(ref === undefined ? {} : { recordRef: ref }) };
  const months = ordinaryPaymentMonths(bundle.bookings ?? []);
  let breaks = 0;
  for (let i = 1; i < months.length; i++) {
    if (monthsBetween(months[i - 1] as string, months[i] as string) - 1 > SIX_MONTHS) breaks++;
  }
  if (breaks > 0) {
    issues.push(
      makeIssue(
        'case.six_month_break',
        'warning',
        '',
        'Ordinary payments pause for more than 6 months: the statistics need a new dossier after each break.',
        ctx,
        { breaks },
      ),
    );
  }
  const last = months[months.length - 1];
  if (last !== undefined && str(bundle.case, 'closedOn') === undefined) {
    if (monthsBetween(last, referenceDateOf({ entity: 'case', ...context }).slice(0, 7)) > SIX_MONTHS) {
      issues.push(
        makeIssue('case.six_month_close_due', 'warning', '/closedOn', 'The case is open but its last ordinary payment is more than 6 months old.', ctx),
      );
    }
  }
  return issues;
};

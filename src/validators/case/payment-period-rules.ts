/**
 * Payments lie inside the case: an outgoing payment before the case opened is an error, one after it
 * closed a warning (late bookings happen). Receipts (reimbursements, income, collections) may come later
 * and are not checked.
 */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import { makeIssue } from '../issue.js';
import { refOf, str, type CaseRule } from './case-bundle.js';

/** Booking types that pay money out to or for the client. */
export const OUTGOING_BOOKING_TYPES: ReadonlySet<string> = new Set(['ORDINARY_PAYMENT', 'ONE_OFF_PAYMENT', 'ADVANCE_PAYMENT']);

/** `booking.before_case_opened`, `booking.after_case_closed`, `booking.other_case`. */
export const paymentPeriodRule: CaseRule = (bundle) => {
  const issues: ValidationIssue[] = [];
  const caseId = refOf(bundle.case);
  const openedOn = str(bundle.case, 'openedOn');
  const closedOn = str(bundle.case, 'closedOn');
  for (const booking of bundle.bookings ?? []) {
    const ref = refOf(booking);
    const ctx = { entity: 'booking', ...(ref === undefined ? {} : { recordRef: ref }) };
    const bookingCase = str(booking, 'caseId');
    if (bookingCase !== undefined && bookingCase !== caseId) {
      issues.push(makeIssue('booking.other_case', 'error', '/caseId', 'The booking belongs to another case than the bundle.', ctx));
      continue;
    }
    if (!OUTGOING_BOOKING_TYPES.has(str(booking, 'bookingType') ?? '')) continue;
    const date = str(booking, 'bookingDate');
    if (date === undefined) continue;
    if (openedOn !== undefined && date < openedOn) {
      issues.push(makeIssue('booking.before_case_opened', 'error', '/bookingDate', 'The payment is booked before the case was opened.', ctx));
    } else if (closedOn !== undefined && date > closedOn) {
      issues.push(makeIssue('booking.after_case_closed', 'warning', '/bookingDate', 'The payment is booked after the case was closed.', ctx));
    }
  }
  return issues;
};

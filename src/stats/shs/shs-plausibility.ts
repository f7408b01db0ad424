/**
 * Plausibility checks of one statistical dossier before it is delivered to the BFS, in the spirit of the
 * BFS checking tool (PlausEx): missing mandatory fields, impossible combinations, amounts that do not
 * add up. Each finding is a `ValidationIssue` with a stable code, pointing at the canonical record by
 * entity and id, never carrying a value. The case-level rules of `src/validators/case/` (applicant,
 * statistics readiness) are reused; their findings count as errors here, because the delivery cannot do
 * without those fields.
 *
 * Codes: `shs.missing_field` (details.field), `case.applicant_missing`, `case.applicant_multiple`,
 * `shs.closing_reason_missing`, `shs.benefit_class_mismatch`, `shs.payment_after_death`,
 * `shs.applicant_age_implausible`, `shs.household_size_too_small`, `shs.closed_before_opened`,
 * `shs.booking_sign_invalid`, `shs.storno_unmatched`, `shs.storno_amount_mismatch`,
 * `shs.month_total_negative`, `shs.counselling_not_delivered`.
 */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import type { Booking } from '../../generated/model/index.js';
import { applicantRule } from '../../validators/case/applicant-rules.js';
import type { CaseBundle } from '../../validators/case/case-bundle.js';
import { statisticsReadinessRule } from '../../validators/case/statistics-readiness.js';
import { makeIssue } from '../../validators/issue.js';
import { dossierMembers, dossierOfBooking } from '../dossier/derive-dossiers.js';
import { ASSISTANCE_PAYMENT_TYPES, attributedMonth, type StatsCaseBundle } from '../dossier/stats-case-bundle.js';
import type { StatisticalDossier } from '../dossier/statistical-dossier.js';

/** Every issue code the plausibility checks can report (documented in `docs/statistics.md`). */
export const SHS_PLAUSIBILITY_CODES: readonly string[] = [
  'shs.missing_field',
  'case.applicant_missing',
  'case.applicant_multiple',
  'shs.closing_reason_missing',
  'shs.benefit_class_mismatch',
  'shs.closed_before_opened',
  'shs.payment_after_death',
  'shs.applicant_age_implausible',
  'shs.household_size_too_small',
  'shs.booking_sign_invalid',
  'shs.storno_unmatched',
  'shs.storno_amount_mismatch',
  'shs.month_total_negative',
  'shs.counselling_not_delivered',
];

/** Booking types whose amount must be positive (money paid out). */
const OUT_TYPES: ReadonlySet<string> = new Set(['ORDINARY_PAYMENT', 'ONE_OFF_PAYMENT', 'ADVANCE_PAYMENT']);
/** Booking types whose amount must be negative (money received). */
const IN_TYPES: ReadonlySet<string> = new Set(['REIMBURSEMENT_RECEIVED', 'COLLECTION_RECEIVED', 'INCOME_CREDITED']);

/** SHS benefit type "Beratungsfall": kept by the service, never transmitted to the BFS. */
export const COUNSELLING_BENEFIT_TYPE = '10';

/** Youngest and oldest plausible applicant age (years) at the start of a dossier. */
export const APPLICANT_AGE_RANGE = { min: 16, max: 110 } as const;

/** The bundle in the shape the case rules of `src/validators/case/` read. */
export function toCaseBundle(bundle: StatsCaseBundle): CaseBundle {
  return {
    case: bundle.case as unknown as Record<string, unknown>,
    persons: bundle.persons as unknown as Record<string, unknown>[],
    supportUnits: bundle.supportUnits as unknown as Record<string, unknown>[],
    supportUnitMembers: bundle.members as unknown as Record<string, unknown>[],
    bookings: bundle.bookings as unknown as Record<string, unknown>[],
  };
}

/** Bookings of the case that belong to the dossier, given all dossiers of its case (see `dossierOfBooking`). */
export function dossierBookings(bundle: StatsCaseBundle, dossier: StatisticalDossier, dossiers: readonly StatisticalDossier[] = [dossier]): Booking[] {
  return bundle.bookings.filter((b) => dossierOfBooking(dossiers, b)?.dossierKey === dossier.dossierKey);
}

function amountIssues(bundle: StatsCaseBundle, dossier: StatisticalDossier, dossiers: readonly StatisticalDossier[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const own = dossierBookings(bundle, dossier, dossiers);
  const byId = new Map(bundle.bookings.map((b) => [b.id, b]));
  const ctx = (b: Booking): { entity: string; recordRef: string } => ({ entity: 'booking', recordRef: b.id });
  const netByMonth = new Map<string, number>();
  for (const b of own) {
    const reversed = b.reversesBookingId === undefined ? undefined : byId.get(b.reversesBookingId);
    if (b.reversesBookingId !== undefined) {
      if (reversed === undefined) {
        issues.push(makeIssue('shs.storno_unmatched', 'error', '/reversesBookingId', 'The storno reverses a booking that is not in the case.', ctx(b)));
      } else if (b.amountRappen !== -reversed.amountRappen) {
        issues.push(
          makeIssue('shs.storno_amount_mismatch', 'error', '/amountRappen', 'The storno amount is not the negative of the booking it reverses.', ctx(b)),
        );
      }
    } else if ((OUT_TYPES.has(b.bookingType) && b.amountRappen <= 0) || (IN_TYPES.has(b.bookingType) && b.amountRappen >= 0)) {
      issues.push(
        makeIssue('shs.booking_sign_invalid', 'error', '/amountRappen', 'The amount has the wrong sign for its booking type.', ctx(b), {
          bookingType: b.bookingType,
        }),
      );
    }
    const counted = ASSISTANCE_PAYMENT_TYPES.has(b.bookingType) || (reversed !== undefined && ASSISTANCE_PAYMENT_TYPES.has(reversed.bookingType));
    if (counted) netByMonth.set(attributedMonth(b), (netByMonth.get(attributedMonth(b)) ?? 0) + b.amountRappen);
  }
  for (const [month, net] of [...netByMonth].sort(([a], [b]) => a.localeCompare(b))) {
    if (net < 0) {
      issues.push(
        makeIssue(
          'shs.month_total_negative',
          'error',
          '',
          'More was reversed than paid in a support month.',
          { entity: 'case', recordRef: dossier.caseId },
          { month },
        ),
      );
    }
  }
  return issues;
}

function combinationIssues(bundle: StatsCaseBundle, dossier: StatisticalDossier): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const c = bundle.case;
  const caseCtx = { entity: 'case', recordRef: c.id };
  if (dossier.closed && dossier.closingReason === undefined) {
    issues.push(
      makeIssue(
        'shs.closing_reason_missing',
        'error',
        '/shsClosingReason',
        'The dossier is closed by the 6-month rule but the case has no SHS closing reason.',
        caseCtx,
      ),
    );
  }
  if (dossier.benefitClass !== undefined && (dossier.benefitClass === 'ALBV') !== (c.domain === 'ALBV')) {
    issues.push(
      makeIssue('shs.benefit_class_mismatch', 'error', '/shsBenefitClass', 'The SHS benefit class does not fit the case domain.', caseCtx, {
        domain: c.domain,
      }),
    );
  } else if (dossier.benefitType === '25' && dossier.benefitClass !== undefined && dossier.benefitClass !== 'ALBV') {
    issues.push(
      makeIssue('shs.benefit_class_mismatch', 'error', '/shsBenefitType', 'Benefit type 25 (maintenance advance) needs benefit class ALBV.', caseCtx),
    );
  }
  if (c.closedOn !== undefined && c.closedOn < c.openedOn) {
    issues.push(makeIssue('shs.closed_before_opened', 'error', '/closedOn', 'The case is closed before it was opened.', caseCtx));
  }
  const persons = new Map(bundle.persons.map((p) => [p.id, p]));
  const applicant = dossier.applicantPersonId === undefined ? undefined : persons.get(dossier.applicantPersonId);
  if (applicant !== undefined) {
    const personCtx = { entity: 'person', recordRef: applicant.id };
    if (applicant.dateOfDeath !== undefined && dossier.lastPaymentMonth > applicant.dateOfDeath.slice(0, 7)) {
      issues.push(makeIssue('shs.payment_after_death', 'error', '/dateOfDeath', 'Ordinary payments continue after the applicant’s death.', personCtx));
    }
    const birthYear = applicant.dateOfBirth === undefined ? NaN : Number(applicant.dateOfBirth.slice(0, 4));
    if (Number.isInteger(birthYear)) {
      const age = Number(dossier.firstPaymentMonth.slice(0, 4)) - birthYear;
      if (age < APPLICANT_AGE_RANGE.min || age > APPLICANT_AGE_RANGE.max) {
        issues.push(
          makeIssue(
            'shs.applicant_age_implausible',
            'warning',
            '/dateOfBirth',
            'The applicant’s age at the start of the dossier is implausible.',
            personCtx,
            APPLICANT_AGE_RANGE,
          ),
        );
      }
    }
  }
  const members = dossierMembers(bundle, dossier);
  for (const unit of bundle.supportUnits.filter((u) => u.caseId === c.id && u.householdSize !== undefined)) {
    const supported = members.filter((m) => m.supportUnitId === unit.id && m.isSupported).length;
    if ((unit.householdSize ?? 0) < supported) {
      issues.push(
        makeIssue(
          'shs.household_size_too_small',
          'error',
          '/householdSize',
          'The support unit counts fewer persons than it supports.',
          { entity: 'supportUnit', recordRef: unit.id },
          { supported },
        ),
      );
    }
  }
  return issues;
}

/**
 * All plausibility issues of one dossier. `dossiers` are all dossiers of the case (they decide which
 * bookings are the dossier's; default: this one only, which then owns every booking). A dossier passes
 * (may be delivered) when no issue has severity `error`; see {@link passesPlausibility}.
 */
export function checkDossierPlausibility(
  bundle: StatsCaseBundle,
  dossier: StatisticalDossier,
  dossiers: readonly StatisticalDossier[] = [dossier],
): ValidationIssue[] {
  if (dossier.benefitType === COUNSELLING_BENEFIT_TYPE) {
    return [
      makeIssue('shs.counselling_not_delivered', 'info', '/shsBenefitType', 'Counselling cases (benefit type 10) are not transmitted to the BFS.', {
        entity: 'case',
        recordRef: bundle.case.id,
      }),
    ];
  }
  const caseBundle = toCaseBundle(bundle);
  // The existing rules find missing fields and applicant problems; for the delivery they are blocking.
  const ruleIssues = [...applicantRule(caseBundle, {}), ...statisticsReadinessRule(caseBundle, {})].map(
    (i): ValidationIssue => (i.code === 'case.applicant_multiple' ? i : { ...i, severity: 'error' }),
  );
  return [...ruleIssues, ...combinationIssues(bundle, dossier), ...amountIssues(bundle, dossier, dossiers)];
}

/** True when the issues allow delivery (no error; counselling cases are never delivered). */
export function passesPlausibility(issues: readonly ValidationIssue[]): boolean {
  return !issues.some((i) => i.severity === 'error' || i.code === 'shs.counselling_not_delivered');
}

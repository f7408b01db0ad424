/**
 * Derives the statistical dossiers of one case (BFS SHS rules, domain brief §1.1):
 * - a dossier runs from the first to the last effective ordinary payment; it is closed six months after
 *   the last ordinary payment;
 * - support resuming after more than six months without an ordinary payment is a new dossier
 *   (application type 2, re-opened);
 * - a move to another commune closes the dossier (closing reason 20) and opens a new one in the new
 *   commune (application type 1), even when the same service keeps the case.
 * Ordinary payments are ORDINARY_PAYMENT bookings (ADVANCE_PAYMENT for ALBV cases); reversed bookings do
 * not count. A case with no ordinary payment but one-off payments (SHS benefit types 3/4) is dated by its
 * one-off payments. The commune of a month is the applicant's support domicile on the first of the month,
 * else the case's commune.
 */
import { canonicalId } from '../../core/pipeline/identity.js';
import type { Address, Booking, SupportUnitMember } from '../../generated/model/index.js';
import { addMonths, monthDiff } from '../period.js';
import { APPLICANT_ROLE_CODE, attributedMonth, reversedIds, SHS_CASE_DOMAINS, type StatsCaseBundle } from './stats-case-bundle.js';
import { CLOSING_REASON_MOVE, type DossierEnd, type StatisticalDossier } from './statistical-dossier.js';

/** Months without an ordinary payment after which a dossier is closed (BFS 6-month rule). */
export const SHS_BREAK_MONTHS = 6;

/** Options of {@link deriveDossiers}. */
export interface DeriveDossiersOptions {
  /** The month (`YYYY-MM`) the derivation is as of: dossiers are closed only when their closure month is not after it. Default: the current month (UTC). */
  readonly referenceMonth?: string;
}

/** Lineage name under which dossier keys are derived (keys stay stable across runs). */
const DOSSIER_KEY_SPACE = 'casebridge-stats';

/** The deterministic, pseudonymous key of the `sequence`-th dossier of a case. */
export function dossierKeyOf(caseId: string, sequence: number): string {
  return canonicalId(DOSSIER_KEY_SPACE, 'statisticalDossier', caseId, sequence);
}

/** The months of the case's effective ordinary payments (see the module comment), sorted and unique. */
export function supportMonths(domain: string, bookings: readonly Booking[]): string[] {
  const reversed = reversedIds(bookings);
  const effective = bookings.filter((b) => !reversed.has(b.id) && b.bookingType !== 'STORNO' && b.amountRappen > 0);
  const ordinaryType = domain === 'ALBV' ? 'ADVANCE_PAYMENT' : 'ORDINARY_PAYMENT';
  let chosen = effective.filter((b) => b.bookingType === ordinaryType);
  if (chosen.length === 0) chosen = effective.filter((b) => b.bookingType === 'ONE_OFF_PAYMENT');
  return [...new Set(chosen.map(attributedMonth))].filter((m) => /^\d{4}-\d{2}$/.test(m)).sort();
}

function validOn(from: string | undefined, to: string | undefined, day: string): boolean {
  return (from === undefined || from <= day) && (to === undefined || to >= day);
}

/** The applicant of the case: the person with SHS role 1 (earliest membership first), else the case's main person. */
export function applicantOf(bundle: StatsCaseBundle): string {
  const unitIds = new Set(bundle.supportUnits.filter((u) => u.caseId === bundle.case.id).map((u) => u.id));
  const applicants = bundle.members
    .filter((m) => unitIds.has(m.supportUnitId) && m.role === APPLICANT_ROLE_CODE)
    .sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
  return applicants[0]?.personId ?? bundle.case.personId;
}

function communeResolver(bundle: StatsCaseBundle, applicantId: string): (month: string) => number {
  const domiciles: Address[] = (bundle.supportDomiciles ?? []).filter(
    (a) => a.personId === applicantId && a.addressType === 'SUPPORT_DOMICILE' && typeof a.municipalityBfsNumber === 'number',
  );
  return (month) => {
    const day = `${month}-01`;
    const valid = domiciles.filter((a) => validOn(a.validFrom, a.validTo, day)).sort((a, b) => (b.validFrom ?? '').localeCompare(a.validFrom ?? ''));
    return valid[0]?.municipalityBfsNumber ?? bundle.case.municipalityBfsNumber;
  };
}

interface Segment {
  readonly months: string[];
  readonly commune: number;
  /** Why this segment started: first, after a break, or after a move. */
  readonly start: 'first' | 'break' | 'move';
}

/** Derives the statistical dossiers of one case; cases outside WSH/ALBV or without payments yield none. */
export function deriveDossiers(bundle: StatsCaseBundle, options: DeriveDossiersOptions = {}): StatisticalDossier[] {
  const c = bundle.case;
  if (!SHS_CASE_DOMAINS.has(c.domain)) return [];
  const months = supportMonths(c.domain, bundle.bookings);
  if (months.length === 0) return [];
  const referenceMonth = options.referenceMonth ?? new Date().toISOString().slice(0, 7);
  const applicantId = applicantOf(bundle);
  const communeAt = communeResolver(bundle, applicantId);

  const segments: Segment[] = [];
  let current: Segment | undefined;
  for (const month of months) {
    const commune = communeAt(month);
    const previous = current?.months[current.months.length - 1];
    const start: Segment['start'] | undefined =
      current === undefined || previous === undefined
        ? 'first'
        : monthDiff(previous, month) - 1 > SHS_BREAK_MONTHS
          ? 'break'
          : commune !== current.commune
            ? 'move'
            : undefined;
    if (start === undefined && current !== undefined) {
      current.months.push(month);
      continue;
    }
    current = { months: [month], commune, start: start ?? 'first' };
    segments.push(current);
  }

  return segments.map((segment, index): StatisticalDossier => {
    const first = segment.months[0] as string;
    const last = segment.months[segment.months.length - 1] as string;
    const next = segments[index + 1];
    let end: DossierEnd;
    let closureMonth: string;
    if (next?.start === 'move') {
      end = 'commune-change';
      closureMonth = last;
    } else {
      closureMonth = addMonths(last, SHS_BREAK_MONTHS);
      end = next !== undefined || closureMonth <= referenceMonth ? 'six-month-rule' : 'open';
    }
    const closed = end !== 'open';
    // The case's closing reason belongs to the case's final dossier; a move has its own reason.
    const closingReason = !closed ? undefined : end === 'commune-change' ? CLOSING_REASON_MOVE : next === undefined ? c.shsClosingReason : undefined;
    const openingType: '1' | '2' = segment.start === 'break' ? '2' : segment.start === 'move' ? '1' : c.shsApplicationType === '2' ? '2' : '1';
    const sequence = index + 1;
    return {
      dossierKey: dossierKeyOf(c.id, sequence),
      caseId: c.id,
      sequence,
      domain: c.domain,
      municipalityBfsNumber: segment.commune,
      ...(c.responsibleServiceId === undefined ? {} : { serviceId: c.responsibleServiceId }),
      ...(bundle.service?.bfsInstitutionCode === undefined ? {} : { institutionCode: bundle.service.bfsInstitutionCode }),
      ...(c.shsBenefitType === undefined ? {} : { benefitType: c.shsBenefitType }),
      ...(c.shsBenefitClass === undefined ? {} : { benefitClass: c.shsBenefitClass }),
      applicantPersonId: applicantId,
      paymentMonths: segment.months,
      firstPaymentMonth: first,
      lastPaymentMonth: last,
      closureMonth,
      closed,
      end,
      openingType,
      ...(closingReason === undefined ? {} : { closingReason }),
      durationMonths: monthDiff(first, last) + 1,
    };
  });
}

/** The support-unit members of the dossier: memberships of the case's units overlapping its support span, one per person (latest wins). */
export function dossierMembers(bundle: StatsCaseBundle, dossier: StatisticalDossier): SupportUnitMember[] {
  const from = `${dossier.firstPaymentMonth}-01`;
  const to = `${dossier.lastPaymentMonth}-31`;
  const units = new Map(bundle.supportUnits.filter((u) => u.caseId === dossier.caseId).map((u) => [u.id, u]));
  const byPerson = new Map<string, SupportUnitMember>();
  const overlapping = bundle.members
    .filter((m) => {
      const unit = units.get(m.supportUnitId);
      if (unit === undefined) return false;
      const mFrom = m.validFrom ?? unit.validFrom;
      const mTo = m.validTo ?? unit.validTo;
      return mFrom <= to && (mTo === undefined || mTo >= from);
    })
    .sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
  for (const m of overlapping) byPerson.set(m.personId, m);
  return [...byPerson.values()];
}

/**
 * The dossier a booking belongs to: the one whose months (first payment to closure) contain its support
 * month, else the latest one started before it, else (bookings before any dossier) the first one.
 */
export function dossierOfBooking(dossiers: readonly StatisticalDossier[], booking: Booking): StatisticalDossier | undefined {
  const month = attributedMonth(booking);
  const containing = dossiers.find((d) => month >= d.firstPaymentMonth && month <= d.closureMonth);
  if (containing !== undefined) return containing;
  const before = dossiers.filter((d) => d.firstPaymentMonth <= month);
  return before[before.length - 1] ?? dossiers[0];
}

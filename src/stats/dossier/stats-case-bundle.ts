/**
 * The canonical records one case contributes to the statistics: the case with its support units and
 * members, the members' persons, the case's client-accounting bookings, the applicant's support-domicile
 * addresses (to find moves to another commune) and the responsible service (for its BFS institution
 * code). Read per case from a store (`readCaseBundles`) or built by hand in tests.
 */
import type { Address, Booking, Case, Person, SocialService, SupportUnit, SupportUnitMember } from '../../generated/model/index.js';

/** One case and what the statistics need of its related records. */
export interface StatsCaseBundle {
  readonly case: Case;
  readonly supportUnits: readonly SupportUnit[];
  readonly members: readonly SupportUnitMember[];
  /** Persons of the members (and the case's main person). */
  readonly persons: readonly Person[];
  /** Client-accounting bookings of the case. */
  readonly bookings: readonly Booking[];
  /** Support-domicile addresses (`SUPPORT_DOMICILE`) of the case's persons; only the commune is used. */
  readonly supportDomiciles?: readonly Address[];
  /** The service responsible for the case. */
  readonly service?: SocialService;
}

/** Domains whose cases are SHS dossiers (same set the case rules use). */
export const SHS_CASE_DOMAINS: ReadonlySet<string> = new Set(['WSH', 'ALBV']);

/** SHS person role of the applicant. */
export const APPLICANT_ROLE_CODE = '1';

/** Booking types that pay social assistance out (gross expenditure, Finanzstatistik). */
export const ASSISTANCE_PAYMENT_TYPES: ReadonlySet<string> = new Set(['ORDINARY_PAYMENT', 'ONE_OFF_PAYMENT']);

/** Booking types that bring money back (reimbursements received, income credited to the client account). */
export const RECEIPT_TYPES: ReadonlySet<string> = new Set(['REIMBURSEMENT_RECEIVED', 'INCOME_CREDITED']);

/** Ids of bookings that a storno in `bookings` reverses. */
export function reversedIds(bookings: readonly Booking[]): Set<string> {
  const out = new Set<string>();
  for (const b of bookings) if (b.reversesBookingId !== undefined) out.add(b.reversesBookingId);
  return out;
}

/** The month a booking is attributed to: its support month, else the month it was booked. */
export function attributedMonth(booking: Booking): string {
  return booking.periodMonth ?? booking.bookingDate.slice(0, 7);
}

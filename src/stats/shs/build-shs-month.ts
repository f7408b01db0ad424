/**
 * The SHS delivery of one month, built case by case: the dossiers current in the month (as known at its
 * end: bookings recorded later are ignored), their persons and the month's bookings, after the
 * plausibility checks. Dossiers with blocking issues are left out unless asked for, and counted.
 */
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import type { Booking, Person } from '../../generated/model/index.js';
import { deriveDossiers, dossierMembers, dossierOfBooking } from '../dossier/derive-dossiers.js';
import { ASSISTANCE_PAYMENT_TYPES, type StatsCaseBundle } from '../dossier/stats-case-bundle.js';
import { applicationTypeIn, isCurrentIn } from '../dossier/statistical-dossier.js';
import { parsePeriod } from '../period.js';
import { personKeyFunction, type PersonKeyFn } from './person-key.js';
import { checkDossierPlausibility, COUNSELLING_BENEFIT_TYPE, passesPlausibility } from './shs-plausibility.js';
import { rappenToChf, type ShsBookingRow, type ShsDossierRow, type ShsPersonRow } from './shs-layout-v1.js';

/** Options of an SHS extract. */
export interface ShsExtractOptions {
  /** Person keys (default: keyed hash of the canonical person id). */
  readonly personKey?: PersonKeyFn;
  /** Deliver dossiers with blocking plausibility issues too (default false: they are left out and counted). */
  readonly includeFailing?: boolean;
}

/** What one case contributes to one month. */
export interface ShsMonthRows {
  readonly dossiers: ShsDossierRow[];
  readonly persons: ShsPersonRow[];
  readonly bookings: ShsBookingRow[];
  /** Plausibility issues of the month's dossiers (each with `details.dossierKey`). */
  readonly issues: ValidationIssue[];
  /** Dossiers left out for blocking issues. */
  excluded: number;
  /** Counselling dossiers (benefit type 10), never delivered. */
  counselling: number;
  /** Bookings of the month that belong to no dossier of their case (e.g. receipts of a case without payments). */
  unassignedBookings: number;
}

/** Empty rows, to accumulate into. */
export function emptyMonthRows(): ShsMonthRows {
  return { dossiers: [], persons: [], bookings: [], issues: [], excluded: 0, counselling: 0, unassignedBookings: 0 };
}

function birthParts(person: Person | undefined): { year: number | null; month: number | null } {
  const value = person?.dateOfBirth;
  if (value === undefined) return { year: null, month: null };
  const year = Number(value.slice(0, 4));
  const month = value.length >= 7 ? Number(value.slice(5, 7)) : NaN;
  return { year: Number.isInteger(year) && year > 0 ? year : null, month: Number.isInteger(month) && month >= 1 && month <= 12 ? month : null };
}

/** Adds the rows of one case for `month` (`YYYY-MM`) to `into`. */
export function addShsMonthRows(into: ShsMonthRows, bundle: StatsCaseBundle, month: string, options: ShsExtractOptions = {}): void {
  const keyOf = options.personKey ?? personKeyFunction();
  const period = parsePeriod(month);
  // The state at the end of the month: what had been booked by then.
  const known = { ...bundle, bookings: bundle.bookings.filter((b) => b.bookingDate.slice(0, 7) <= month) };
  const dossiers = deriveDossiers(known, { referenceMonth: month });
  const monthBookings = known.bookings.filter((b) => b.bookingDate.slice(0, 7) === month);
  const bookingsOf = new Map<string, Booking[]>();
  for (const b of monthBookings) {
    const dossier = dossierOfBooking(dossiers, b);
    if (dossier === undefined) {
      into.unassignedBookings += 1;
      continue;
    }
    const list = bookingsOf.get(dossier.dossierKey) ?? [];
    list.push(b);
    bookingsOf.set(dossier.dossierKey, list);
  }
  const persons = new Map(bundle.persons.map((p) => [p.id, p]));
  const byId = new Map(bundle.bookings.map((b) => [b.id, b]));
  for (const dossier of dossiers) {
    const own = bookingsOf.get(dossier.dossierKey) ?? [];
    if (!isCurrentIn(dossier, period) && own.length === 0) continue;
    if (dossier.benefitType === COUNSELLING_BENEFIT_TYPE) {
      into.counselling += 1;
      continue;
    }
    const issues = checkDossierPlausibility(known, dossier, dossiers).map(
      (i): ValidationIssue => ({ ...i, details: { ...i.details, dossierKey: dossier.dossierKey } }),
    );
    into.issues.push(...issues);
    if (!passesPlausibility(issues) && options.includeFailing !== true) {
      into.excluded += 1;
      continue;
    }
    const members = dossierMembers(known, dossier);
    let paid = 0n;
    for (const b of own) {
      const reversed = b.reversesBookingId === undefined ? undefined : byId.get(b.reversesBookingId);
      if (ASSISTANCE_PAYMENT_TYPES.has(b.bookingType) || (reversed !== undefined && ASSISTANCE_PAYMENT_TYPES.has(reversed.bookingType)))
        paid += BigInt(b.amountRappen);
    }
    const closedNow = dossier.closed && dossier.closureMonth <= month;
    into.dossiers.push({
      dossierKey: dossier.dossierKey,
      reportMonth: month,
      municipalityBfsNumber: dossier.municipalityBfsNumber,
      institutionCode: dossier.institutionCode ?? null,
      benefitClass: dossier.benefitClass ?? null,
      benefitType: dossier.benefitType ?? null,
      applicationType: applicationTypeIn(dossier, period),
      firstPaymentMonth: dossier.firstPaymentMonth,
      lastPaymentMonth: dossier.lastPaymentMonth,
      status: closedNow ? 'closed' : 'running',
      closureMonth: closedNow ? dossier.closureMonth : null,
      closingReason: closedNow && dossier.closureMonth === month ? (dossier.closingReason ?? null) : null,
      durationMonths: dossier.durationMonths,
      supportedPersons: members.filter((m) => m.isSupported).length,
      paidInMonthChf: rappenToChf(paid),
    });
    for (const m of members) {
      const person = persons.get(m.personId);
      const birth = birthParts(person);
      into.persons.push({
        dossierKey: dossier.dossierKey,
        personKey: keyOf(person, m.personId),
        role: m.role,
        relationshipToApplicant: m.relationshipToApplicant ?? null,
        isSupported: m.isSupported,
        sex: person?.sex === '1' || person?.sex === '2' ? person.sex : null,
        birthYear: birth.year,
        birthMonth: birth.month,
        maritalStatus: person?.maritalStatus ?? null,
        nationality: person?.nationalities?.[0] ?? null,
      });
    }
    for (const b of own) {
      into.bookings.push({
        dossierKey: dossier.dossierKey,
        bookingKey: b.id,
        reversesBookingKey: b.reversesBookingId ?? null,
        personKey: b.personId === undefined ? null : keyOf(persons.get(b.personId), b.personId),
        bookingType: b.bookingType,
        bookingDate: b.bookingDate,
        valueDate: b.valueDate ?? null,
        periodMonth: b.periodMonth ?? null,
        amountChf: rappenToChf(b.amountRappen),
        debitAccount: b.debitAccount ?? null,
        creditAccount: b.creditAccount ?? null,
      });
    }
  }
}

/** The whole month from an in-memory list of cases (tests, small stores); see `writeShsDelivery` for streaming. */
export function buildShsMonth(bundles: Iterable<StatsCaseBundle>, month: string, options: ShsExtractOptions = {}): ShsMonthRows {
  const rows = emptyMonthRows();
  for (const bundle of bundles) addShsMonthRows(rows, bundle, month, options);
  return rows;
}

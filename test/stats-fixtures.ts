/**
 * Hand-built canonical records for the statistics tests: small builders with deterministic ids, so each
 * test states only the facts its expected figures depend on.
 */
import { canonicalId } from '../src/core/pipeline/identity.js';
import type { Address, Booking, Case, Person, SupportUnit, SupportUnitMember } from '../src/generated/model/index.js';
import type { StatsCaseBundle } from '../src/stats/index.js';

/** A deterministic uuid for a test key. */
export function id(...key: string[]): string {
  return canonicalId('stats-test', 'any', ...key);
}

/** A person with synthetic facts (the names exist so that tests can prove they never leak). */
export function person(key: string, facts: Partial<Person> = {}): Person {
  return { id: id('person', key), officialName: `Muster${key}`, firstName: `Anna${key}`, sex: '2', dateOfBirth: '1980-05-17', ...facts };
}

/** A WSH case of commune 351 (Bern) opened on 2023-01-05. */
export function wshCase(key: string, applicant: Person, facts: Partial<Case> = {}): Case {
  return {
    id: id('case', key),
    domain: 'WSH',
    personId: applicant.id,
    municipalityBfsNumber: 351,
    openedOn: '2023-01-05',
    shsBenefitType: '1',
    shsBenefitClass: 'WSH',
    ...facts,
  };
}

/** An ordinary monthly payment of `rappen` for support month `month`, booked on the 1st of that month. */
export function payment(c: Case, month: string, rappen = 150000, facts: Partial<Booking> = {}): Booking {
  return {
    id: id('booking', c.id, month, facts.bookingType ?? 'ORDINARY_PAYMENT', String(rappen)),
    caseId: c.id,
    personId: c.personId,
    bookingType: 'ORDINARY_PAYMENT',
    bookingDate: `${month}-01`,
    periodMonth: month,
    amountRappen: rappen,
    ...facts,
  };
}

/** Ordinary payments for every month from `from` to `to` (inclusive). */
export function payments(c: Case, from: string, to: string, rappen = 150000): Booking[] {
  const out: Booking[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${String(y)}-${String(m).padStart(2, '0')}`;
    if (month > to) return out;
    out.push(payment(c, month, rappen));
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
}

/** One support unit of the case with its members: the first person is the applicant; all are supported. */
export function unitOf(c: Case, people: readonly Person[], validFrom = '2023-01-01'): { unit: SupportUnit; members: SupportUnitMember[] } {
  const unit: SupportUnit = { id: id('unit', c.id), caseId: c.id, validFrom, householdSize: people.length };
  const members = people.map(
    (p, i): SupportUnitMember => ({
      id: id('member', c.id, p.id),
      supportUnitId: unit.id,
      personId: p.id,
      role: i === 0 ? '1' : '2',
      ...(i === 0 ? {} : { relationshipToApplicant: '3' }),
      isSupported: true,
      validFrom,
    }),
  );
  return { unit, members };
}

/** A support-domicile address of a person in a commune from `validFrom` (to `validTo`). */
export function domicile(p: Person, municipalityBfsNumber: number, validFrom: string, validTo?: string): Address {
  return {
    id: id('address', p.id, validFrom),
    personId: p.id,
    addressType: 'SUPPORT_DOMICILE',
    street: 'Musterweg',
    houseNumber: '7',
    town: 'Musterhausen',
    municipalityBfsNumber,
    validFrom,
    ...(validTo === undefined ? {} : { validTo }),
  };
}

/** A complete bundle of one case whose members are `people` (first = applicant). */
export function bundle(c: Case, people: readonly Person[], bookings: readonly Booking[], extra: Partial<StatsCaseBundle> = {}): StatsCaseBundle {
  const { unit, members } = unitOf(c, people);
  return { case: c, supportUnits: [unit], members, persons: people, bookings, ...extra };
}

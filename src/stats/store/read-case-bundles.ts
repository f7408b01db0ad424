/**
 * Streams case bundles out of a canonical store: cases in keyset pages (by id), and for each page its
 * support units, members, persons, support domiciles, bookings and services in one query each. Memory
 * holds one page of cases with their records; the statistics never need the whole store at once.
 * Person, address and booking reads leave out names, street lines, payees, IBANs and posting texts.
 */
import type { Address, Booking, Case, Person, SocialService, SupportUnit, SupportUnitMember } from '../../generated/model/index.js';
import type { StatsCaseBundle } from '../dossier/stats-case-bundle.js';
import { SHS_CASE_DOMAINS } from '../dossier/stats-case-bundle.js';
import { col, selectRecords, type StatsQueryable } from './stats-queryable.js';

/** Options of {@link readCaseBundles}. */
export interface ReadCaseBundlesOptions {
  /** Case domains to read (default WSH and ALBV). */
  readonly domains?: readonly string[];
  /** Cases per page (default 500). */
  readonly pageSize?: number;
}

/** Person facts the statistics read (no names, no addresses; `vn` only to de-duplicate and key persons). */
export const STATS_PERSON_PROPERTIES: readonly string[] = ['id', 'vn', 'sex', 'dateOfBirth', 'dateOfDeath', 'maritalStatus', 'nationalities'];
const PERSON_PROPERTIES = STATS_PERSON_PROPERTIES;
const ADDRESS_PROPERTIES = ['id', 'personId', 'addressType', 'municipalityBfsNumber', 'validFrom', 'validTo'];
const BOOKING_PROPERTIES = [
  'id',
  'voucherNumber',
  'bookingType',
  'bookingDate',
  'valueDate',
  'amountRappen',
  'debitAccount',
  'creditAccount',
  'periodMonth',
  'status',
  'reversesBookingId',
  'caseId',
  'personId',
  'budgetId',
  'maintenanceClaimId',
  'reimbursementClaimId',
];
const SERVICE_PROPERTIES = ['id', 'name', 'authorityType', 'bfsInstitutionCode', 'kesbId', 'cantonAbbreviation', 'seatMunicipalityBfsNumber'];
const CASE_PROPERTIES = [
  'id',
  'domain',
  'personId',
  'municipalityBfsNumber',
  'responsibleServiceId',
  'openedOn',
  'closedOn',
  'entitlementStartOn',
  'closingReason',
  'shsClosingReason',
  'shsBenefitType',
  'shsBenefitClass',
  'shsApplicationType',
  'shsDossierNumber',
];

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

/** Reads the records of one page of cases and assembles their bundles. */
export async function bundlesOfCases(db: StatsQueryable, cases: readonly Case[], services: Map<string, SocialService> = new Map()): Promise<StatsCaseBundle[]> {
  if (cases.length === 0) return [];
  const caseIds = cases.map((c) => c.id);
  const units = await selectRecords<SupportUnit>(db, 'supportUnit', `t.${col('supportUnit', 'caseId')} = ANY($1::uuid[])`, [caseIds]);
  const members = await selectRecords<SupportUnitMember>(
    db,
    'supportUnitMember',
    `t.${col('supportUnitMember', 'supportUnitId')} = ANY($1::uuid[])`,
    [units.map((u) => u.id)],
    undefined,
    'ORDER BY t."id"',
  );
  const personIds = [...new Set([...cases.map((c) => c.personId), ...members.map((m) => m.personId)])];
  const persons = await selectRecords<Person>(db, 'person', 't."id" = ANY($1::uuid[])', [personIds], PERSON_PROPERTIES);
  const domiciles = await selectRecords<Address>(
    db,
    'address',
    `t.${col('address', 'personId')} = ANY($1::uuid[]) AND t.${col('address', 'addressType')} = 'SUPPORT_DOMICILE'`,
    [personIds],
    ADDRESS_PROPERTIES,
  );
  const bookings = await selectRecords<Booking>(
    db,
    'booking',
    `t.${col('booking', 'caseId')} = ANY($1::uuid[])`,
    [caseIds],
    BOOKING_PROPERTIES,
    'ORDER BY t."id"',
  );
  const missingServices = [...new Set(cases.map((c) => c.responsibleServiceId).filter((id): id is string => id !== undefined && !services.has(id)))];
  if (missingServices.length > 0) {
    for (const s of await selectRecords<SocialService>(db, 'socialService', 't."id" = ANY($1::uuid[])', [missingServices], SERVICE_PROPERTIES))
      services.set(s.id, s);
  }
  const unitsByCase = groupBy(units, (u) => u.caseId);
  const membersByUnit = groupBy(members, (m) => m.supportUnitId);
  const bookingsByCase = groupBy(bookings, (b) => b.caseId);
  const personById = new Map(persons.map((p) => [p.id, p]));
  const domicilesByPerson = groupBy(domiciles, (a) => a.personId);
  return cases.map((c): StatsCaseBundle => {
    const caseUnits = unitsByCase.get(c.id) ?? [];
    const caseMembers = caseUnits.flatMap((u) => membersByUnit.get(u.id) ?? []);
    const ids = new Set([c.personId, ...caseMembers.map((m) => m.personId)]);
    const service = c.responsibleServiceId === undefined ? undefined : services.get(c.responsibleServiceId);
    return {
      case: c,
      supportUnits: caseUnits,
      members: caseMembers,
      persons: [...ids].map((id) => personById.get(id)).filter((p): p is Person => p !== undefined),
      bookings: bookingsByCase.get(c.id) ?? [],
      supportDomiciles: [...ids].flatMap((id) => domicilesByPerson.get(id) ?? []),
      ...(service === undefined ? {} : { service }),
    };
  });
}

/** Streams the bundles of every case of the given domains, page by page. */
export async function* readCaseBundles(db: StatsQueryable, options: ReadCaseBundlesOptions = {}): AsyncGenerator<StatsCaseBundle> {
  const domains = [...(options.domains ?? SHS_CASE_DOMAINS)];
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 500));
  const services = new Map<string, SocialService>();
  let after: string | null = null;
  for (;;) {
    const params: unknown[] = [domains, pageSize];
    const keyset = after === null ? '' : `AND t."id" > $3::uuid`;
    if (after !== null) params.push(after);
    const cases: Case[] = await selectRecords<Case>(
      db,
      'case',
      `t.${col('case', 'domain')} = ANY($1::text[]) ${keyset}`,
      params,
      CASE_PROPERTIES,
      'ORDER BY t."id" LIMIT $2',
    );
    for (const bundle of await bundlesOfCases(db, cases, services)) yield bundle;
    if (cases.length < pageSize) return;
    after = cases[cases.length - 1]?.id ?? null;
  }
}

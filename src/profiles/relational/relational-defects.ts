/**
 * The defects the relational generator plants, at fixed legacy keys, with the fate a run must give each
 * one. Defective rows have no dependent rows (except where the defect is the dependency), so the
 * expected accounting follows from this list and the table counts alone.
 */
import type { PlantedDefect } from '../reference-profile.js';

/** Source dialects the generator loads. */
export type RelationalDialect = 'mariadb' | 'postgres';

/** Legacy keys of the planted rows. */
export const RELATIONAL_DEFECT_KEYS = {
  personBadAhv: 3,
  /** `0000-00-00` birth date; MariaDB only (PostgreSQL cannot store it: the row is clean there). */
  personZeroDate: 5,
  personDuplicateA: 7,
  personDuplicateB: 8,
  personTest: 9,
  caseWithoutApplicant: 900_001,
  caseTest: 900_002,
  /** A case id that does not exist (the orphan booking points at it). */
  missingCase: 999_999,
  bookingOrphan: 900_000_001,
  bookingAfterClose: 900_000_002,
  bookingUnapprovedType: 900_000_003,
  positionUnknownCode: 900_000_001,
  titleImpossibleDate: 900_001,
  claimUnparseableMoney: 900_001,
  /** The case the booking defects hang on: always a closed WSH case. */
  firstCase: 1,
  /** A closed WSH case without closing reason (statistics defect). */
  caseClosedWithoutReason: 3,
  /** A WSH case whose support unit records the applicant as partner: no SHS applicant (statistics defect). */
  caseUnitWithoutApplicant: 5,
} as const;

/** Persons that get no address, case or other dependent row. */
export const STANDALONE_PERSONS: ReadonlySet<number> = new Set([
  RELATIONAL_DEFECT_KEYS.personBadAhv,
  RELATIONAL_DEFECT_KEYS.personZeroDate,
  RELATIONAL_DEFECT_KEYS.personDuplicateA,
  RELATIONAL_DEFECT_KEYS.personDuplicateB,
  RELATIONAL_DEFECT_KEYS.personTest,
]);

/** Smallest number of persons at which every planted defect exists (needs an ALBV case for the claim defect). */
export const RELATIONAL_MINIMUM_PERSONS = 40;

const K = RELATIONAL_DEFECT_KEYS;

/** The planted defects of a source generated for `dialect`. */
export function relationalPlantedDefects(dialect: RelationalDialect): readonly PlantedDefect[] {
  const defects: PlantedDefect[] = [
    {
      id: 'ahv-check-digit',
      description: 'AHV number with a wrong check digit.',
      table: 'BaPerson',
      mapping: 'person',
      sourceKey: String(K.personBadAhv),
      expected: { bucket: 'quarantined', code: 'transform.ahv_check_digit' },
    },
    {
      id: 'duplicate-person',
      description: 'A second person row with the AHV number of another (the first of the pair).',
      table: 'BaPerson',
      mapping: 'person',
      sourceKey: String(K.personDuplicateA),
      expected: { bucket: 'flagged', code: 'duplicate' },
    },
    {
      id: 'duplicate-person-copy',
      description: 'A second person row with the AHV number of another (the copy).',
      table: 'BaPerson',
      mapping: 'person',
      sourceKey: String(K.personDuplicateB),
      expected: { bucket: 'flagged', code: 'duplicate' },
    },
    {
      id: 'test-person',
      description: 'A person marked as test person by the vendor.',
      table: 'BaPerson',
      mapping: 'person',
      sourceKey: String(K.personTest),
      expected: { bucket: 'filtered', code: 'test-persons' },
    },
    {
      id: 'case-without-applicant',
      description: 'A case without applicant (BaPersonID NULL).',
      table: 'FaLeistung',
      mapping: 'case',
      sourceKey: String(K.caseWithoutApplicant),
      expected: { bucket: 'quarantined', code: 'mapping.reference_key_missing' },
    },
    {
      id: 'test-case',
      description: 'A case marked as test case.',
      table: 'FaLeistung',
      mapping: 'case',
      sourceKey: String(K.caseTest),
      expected: { bucket: 'filtered', code: 'test-cases' },
    },
    {
      id: 'orphan-booking',
      description: 'A booking on a case that does not exist.',
      table: 'KbBuchung',
      mapping: 'booking',
      sourceKey: String(K.bookingOrphan),
      expected: { bucket: 'quarantined', code: 'reference.missing' },
    },
    {
      id: 'payment-after-case-closed',
      description: 'An ordinary payment booked after its case was closed.',
      table: 'KbBuchung',
      mapping: 'booking',
      sourceKey: String(K.bookingAfterClose),
      expected: { bucket: 'flagged', code: 'booking.after_case_closed' },
    },
    {
      id: 'unapproved-code',
      description: 'A booking type whose code-list entry is only proposed.',
      table: 'KbBuchung',
      mapping: 'booking',
      sourceKey: String(K.bookingUnapprovedType),
      expected: { bucket: 'quarantined', code: 'codes.unapproved' },
    },
    {
      id: 'unknown-legacy-code',
      description: 'A budget position type the code-list map does not know.',
      table: 'BgPosition',
      mapping: 'budget-position',
      sourceKey: String(K.positionUnknownCode),
      expected: { bucket: 'quarantined', code: 'codes.unmapped' },
    },
    {
      id: 'impossible-date',
      description: 'A legal title whose legal-force date (text) is 31 February.',
      table: 'IkRechtstitel',
      mapping: 'maintenance-title',
      sourceKey: String(K.titleImpossibleDate),
      expected: { bucket: 'quarantined', code: 'transform.date_invalid' },
    },
    {
      id: 'closed-without-closing-reason',
      description: 'A closed assistance case without closing reason.',
      table: 'FaLeistung',
      mapping: 'case',
      sourceKey: String(K.caseClosedWithoutReason),
      expected: { bucket: 'statistics', code: 'shs.closing_reason_missing' },
    },
    {
      id: 'support-unit-without-applicant',
      description: 'An assistance case whose support unit records its applicant as partner.',
      table: 'FaLeistung',
      mapping: 'case',
      sourceKey: String(K.caseUnitWithoutApplicant),
      expected: { bucket: 'statistics', code: 'case.applicant_missing' },
    },
    {
      id: 'unparseable-money',
      description: 'A claim amount stored as text that is not an amount.',
      table: 'IkForderung',
      mapping: 'maintenance-claim',
      sourceKey: String(K.claimUnparseableMoney),
      expected: { bucket: 'quarantined', code: 'transform.money_invalid' },
    },
  ];
  if (dialect === 'mariadb') {
    defects.push({
      id: 'zero-date',
      description: 'A MariaDB zero date (0000-00-00) as birth date.',
      table: 'BaPerson',
      mapping: 'person',
      sourceKey: String(K.personZeroDate),
      expected: { bucket: 'quarantined', code: 'source.invalid_value' },
    });
  }
  return defects;
}

/**
 * The defects the KiSS generator plants on purpose, at fixed keys far above the generated ones, with the
 * bucket each must end in; planted rows have no dependent rows, so the expected accounting follows from
 * this list and the table sizes alone.
 */
import type { PlantedDefect } from '../../src/profiles/index.js';
import type { KissPlan, KissTableName } from './kiss-tables.js';

/** Legacy keys of the planted rows (far above the generated keys, so they never collide). */
export const KISS_DEFECT_KEYS = {
  personZeroBirthDate: 3,
  personOldAhvOnly: 4,
  personBadCheckDigit: 5,
  personUnmappedCivilStatus: 6,
  relationDuplicateKey: 900_001,
  relationMissingPerson: 900_002,
  positionWithoutBudget: 900_001,
  bookingCancelled: 900_001,
  bookingOrphan: 900_002,
  caseTest: 900_001,
  /** Keys that exist nowhere (the targets of the orphan references). */
  missing: 999_999,
} as const;

const K = KISS_DEFECT_KEYS;

/** Persons that get no relation, dossier or other dependent row. */
export const STANDALONE_PERSONS: ReadonlySet<number> = new Set([K.personZeroBirthDate, K.personOldAhvOnly, K.personBadCheckDigit, K.personUnmappedCivilStatus]);

/** Fewest persons at which every planted defect has its rows (a WSH case with a budget among them). */
export const KISS_MINIMUM_PERSONS = 40;

/** The planted defects, each with the mapping that accounts for it and its expected bucket and code. */
export const KISS_PLANTED_DEFECTS: readonly PlantedDefect[] = [
  defect(
    'zero-birth-date',
    'Birth date 0000-00-00 (MariaDB) / 00.00.0000 (CSV): loaded without it, warned.',
    'BaPerson',
    'person',
    K.personZeroBirthDate,
    'flagged',
    'source.invalid_value',
  ),
  defect(
    'old-ahv-only',
    'Only the old 11-digit AHV number is recorded: kept in oldAhvNumber with a warning.',
    'BaPerson',
    'person',
    K.personOldAhvOnly,
    'flagged',
    'person.ahv_old_number_only',
  ),
  defect('ahv-check-digit', 'AHVN13 with a wrong check digit.', 'BaPerson', 'person', K.personBadCheckDigit, 'quarantined', 'transform.ahv_check_digit'),
  defect(
    'unmapped-civil-status',
    'Civil status 99, an old installation code no map knows: loaded as 9 (unknown) with a warning.',
    'BaPerson',
    'person',
    K.personUnmappedCivilStatus,
    'flagged',
    'codes.unmapped',
  ),
  defect(
    'duplicate-relation-key',
    'Two relation rows share one key (the table has no primary key): first row.',
    'BaPerson_Relation',
    'person-relation',
    K.relationDuplicateKey,
    'quarantined',
    'source.duplicate_key',
  ),
  defect(
    'duplicate-relation-key-copy',
    'Two relation rows share one key (the table has no primary key): second row.',
    'BaPerson_Relation',
    'person-relation',
    K.relationDuplicateKey,
    'quarantined',
    'source.duplicate_key',
  ),
  defect(
    'relation-missing-person',
    'A relation to a person that does not exist.',
    'BaPerson_Relation',
    'person-relation',
    K.relationMissingPerson,
    'quarantined',
    'reference.missing',
  ),
  defect('test-case', 'A service marked as test case.', 'FaLeistung', 'case', K.caseTest, 'filtered', 'test-cases'),
  defect(
    'position-without-budget',
    'A budget position whose budget does not exist (inner join b).',
    'BgPosition',
    'budget-position',
    K.positionWithoutBudget,
    'filtered',
    'join-unmatched-b',
  ),
  defect(
    'cancelled-booking',
    'A booking cancelled before it was paid out (status 9).',
    'KbBuchung',
    'booking',
    K.bookingCancelled,
    'filtered',
    'cancelled-bookings',
  ),
  defect('orphan-booking', 'A booking on a service that does not exist.', 'KbBuchung', 'booking', K.bookingOrphan, 'quarantined', 'reference.missing'),
];

function defect(
  id: string,
  description: string,
  table: string,
  mapping: string,
  key: number,
  bucket: PlantedDefect['expected']['bucket'],
  code: string,
): PlantedDefect {
  return { id, description, table, mapping, sourceKey: String(key), expected: { bucket, code } };
}

/** Accounting of one mapping as the run must report it. */
export interface KissMappingExpectation {
  readonly extracted: number;
  readonly loaded: number;
  readonly filtered: number;
  readonly quarantined: number;
}

/** Mapping name → the table it is driven by. */
export const KISS_MAPPING_TABLES: Readonly<Record<string, KissTableName>> = {
  person: 'BaPerson',
  'person-relation': 'BaPerson_Relation',
  'case-container': 'FaFall',
  case: 'FaLeistung',
  'financial-plan': 'BgFinanzplan',
  'support-unit-member': 'BgFinanzplan_BaPerson',
  'monthly-budget': 'BgBudget',
  'budget-position': 'BgPosition',
  booking: 'KbBuchung',
  'kes-measure': 'KesMassnahme',
};

/** The accounting per mapping a run over `plan` must report: every driving row, and the planted ones in their buckets. */
export function kissExpected(plan: KissPlan): Readonly<Record<string, KissMappingExpectation>> {
  const expected: Record<string, KissMappingExpectation> = {};
  for (const [mapping, table] of Object.entries(KISS_MAPPING_TABLES)) {
    const planted = KISS_PLANTED_DEFECTS.filter((d) => d.mapping === mapping);
    const filtered = planted.filter((d) => d.expected.bucket === 'filtered').length;
    const quarantined = planted.filter((d) => d.expected.bucket === 'quarantined').length;
    const extracted = plan[table].length;
    expected[mapping] = { extracted, loaded: extracted - filtered - quarantined, filtered, quarantined };
  }
  return expected;
}

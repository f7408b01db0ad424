/**
 * A KiSS-shaped legacy source, generated: eleven tables in the shape that makes real KiSS hard (persons with
 * zero birth dates and old AHV numbers, person relations, dossiers `FaFall` above services `FaLeistung`,
 * financial plans → monthly budgets → positions that find their case only through joins, bookings with
 * receipts stored positive, one installation code table `XLOVCode` holding every code list) and the
 * defects planted on purpose at fixed keys, with the bucket each must end in. Synthetic data only:
 * invented names, AHV numbers with a valid check digit but no real person behind them.
 *
 * The plan is one deterministic object; `kiss-writers.ts` writes it to MariaDB and to a Windows-1252 CSV
 * export, so both sources hold the same rows.
 */
import { type PlantedDefect, SeededRandom } from '../../src/profiles/index.js';

/** A planned cell: integers, text, ISO dates (`0000-00-00` is the zero date), money as decimal text. */
export type KissCell = string | number | null;

/** Kind of a column: decides the MariaDB type and how the CSV export writes and types it. */
export type KissColumnKind = 'int' | 'text' | 'date' | 'money';

/** One legacy table: its columns in order and its key (no primary key where the vendor declared none). */
export interface KissTable {
  readonly columns: Readonly<Record<string, KissColumnKind>>;
  readonly key: readonly string[];
  /** False for the table whose key the source does not enforce (the duplicate-key defect lives there). */
  readonly primaryKey: boolean;
}

/** The legacy schema. */
export const KISS_TABLES = {
  XLOVCode: { columns: { LOVName: 'text', Code: 'text', Text: 'text' }, key: ['LOVName', 'Code'], primaryKey: true },
  BaPerson: {
    columns: {
      BaPersonID: 'int',
      Name: 'text',
      Vorname: 'text',
      Geburtsdatum: 'date',
      GeschlechtCode: 'int',
      ZivilstandCode: 'int',
      Versichertennummer: 'text',
      AHVNummer: 'text',
    },
    key: ['BaPersonID'],
    primaryKey: true,
  },
  BaPerson_Relation: {
    columns: { BaPerson_RelationID: 'int', BaPersonID_1: 'int', BaPersonID_2: 'int', BaRelationID: 'int', DatumVon: 'date' },
    key: ['BaPerson_RelationID'],
    primaryKey: false,
  },
  FaFall: { columns: { FaFallID: 'int', BaPersonID: 'int', GemeindeCode: 'int', DatumVon: 'date', DatumBis: 'date' }, key: ['FaFallID'], primaryKey: true },
  FaLeistung: {
    columns: { FaLeistungID: 'int', FaFallID: 'int', BaPersonID: 'int', ModulID: 'int', DatumVon: 'date', DatumBis: 'date', IstTestfall: 'int' },
    key: ['FaLeistungID'],
    primaryKey: true,
  },
  BgFinanzplan: { columns: { BgFinanzplanID: 'int', FaLeistungID: 'int', DatumVon: 'date', DatumBis: 'date' }, key: ['BgFinanzplanID'], primaryKey: true },
  BgFinanzplan_BaPerson: {
    columns: { BgFinanzplan_BaPersonID: 'int', BgFinanzplanID: 'int', BaPersonID: 'int', RolleCode: 'int', IstUnterstuetzt: 'int' },
    key: ['BgFinanzplan_BaPersonID'],
    primaryKey: true,
  },
  BgBudget: { columns: { BgBudgetID: 'int', BgFinanzplanID: 'int', Jahr: 'int', Monat: 'int' }, key: ['BgBudgetID'], primaryKey: true },
  BgPosition: { columns: { BgPositionID: 'int', BgBudgetID: 'int', BgPositionsartID: 'int', Betrag: 'money' }, key: ['BgPositionID'], primaryKey: true },
  KbBuchung: {
    columns: {
      KbBuchungID: 'int',
      FaLeistungID: 'int',
      BaPersonID: 'int',
      BgBudgetID: 'int',
      Buchungsart: 'text',
      BuchungsDatum: 'date',
      Betrag: 'money',
      StatusCode: 'int',
    },
    key: ['KbBuchungID'],
    primaryKey: true,
  },
  KesMassnahme: {
    columns: { KesMassnahmeID: 'int', FaLeistungID: 'int', MassnahmeTypCode: 'int', ZGBArtikelCode: 'int', DatumVon: 'date', DatumBis: 'date' },
    key: ['KesMassnahmeID'],
    primaryKey: true,
  },
} as const satisfies Record<string, KissTable>;

/** A table name of the schema. */
export type KissTableName = keyof typeof KISS_TABLES;

/**
 * The installation code table: one `XLOVCode` row per (list, code). The code-list maps in `codes/` map
 * these codes; `99` of `BaZivilstand` is an old installation code no map knows (a planted defect).
 */
export const XLOV_CODES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  BaGeschlecht: [
    ['1', 'männlich'],
    ['2', 'weiblich'],
  ],
  BaZivilstand: [
    ['1', 'ledig'],
    ['2', 'verheiratet'],
    ['3', 'verwitwet'],
    ['4', 'geschieden'],
    ['6', 'in eingetragener Partnerschaft'],
    ['99', 'unbekannt (Altbestand)'],
  ],
  BaRelation: [
    ['1', 'Ehegatte/Ehegattin'],
    ['2', 'eingetragene Partnerin/eingetragener Partner'],
    ['3', 'Mutter'],
    ['4', 'Vater'],
    ['7', 'Beiständin/Beistand'],
  ],
  FaModul: [
    ['2', 'Beratung'],
    ['3', 'Wirtschaftliche Hilfe'],
    ['5', 'Kindes- und Erwachsenenschutz'],
  ],
  BgPositionsart: [
    ['1', 'Grundbedarf für den Lebensunterhalt'],
    ['2', 'Wohnkosten'],
    ['3', 'Krankenkassenprämie Grundversicherung'],
    ['10', 'Erwerbseinkommen'],
  ],
  KbBuchungsart: [
    ['A', 'Auszahlung'],
    ['E', 'Einnahme (Rückerstattung)'],
    ['F', 'Rückforderung'],
  ],
  KesMassnahmeTyp: [
    ['10', 'Beistandschaft'],
    ['20', 'Erziehungsaufsicht'],
  ],
  ZGBArtikel: [
    ['307', 'Art. 307 Abs. 3 ZGB'],
    ['308', 'Art. 308 Abs. 1 ZGB'],
    ['393', 'Art. 393 ZGB'],
    ['394', 'Art. 394 Abs. 1 ZGB'],
    ['395', 'Art. 395 Abs. 1 ZGB'],
  ],
};

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
const STANDALONE = new Set<number>([K.personZeroBirthDate, K.personOldAhvOnly, K.personBadCheckDigit, K.personUnmappedCivilStatus]);

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

/** The generated rows per table, in key order, each row in the table's column order. */
export type KissPlan = Readonly<Record<KissTableName, readonly KissCell[][]>>;

/** Options of {@link planKissSource}. */
export interface KissPlanOptions {
  readonly persons: number;
  readonly seed?: number;
}

/** Default seed of the generator. */
export const KISS_DEFAULT_SEED = 20_261_203;

const SURNAMES = ['Muster', 'Beispiel', 'Brändli', 'Zürcher', 'Käser', 'Studer', 'Gerber', 'Schnyder', 'Rüegg', 'Favre'];
const FIRST_NAMES = ['Anna', 'Jürg', 'Zoé', 'Loïc', 'Marie', 'Björn', 'Lea', 'René', 'Chantal', 'Noël'];

/** A synthetic AHVN13 (756…) with a valid EAN-13 check digit; `wrongCheckDigit` breaks it on purpose. */
export function syntheticAhvn13(n: number, wrongCheckDigit = false): string {
  const body = `756${String(1_000_000 + n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  const check = (10 - (sum % 10)) % 10;
  const digits = `${body}${wrongCheckDigit ? (check + 1) % 10 : check}`;
  return `${digits.slice(0, 3)}.${digits.slice(3, 7)}.${digits.slice(7, 11)}.${digits.slice(11)}`;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  return isoDate(Math.floor(total / 12), (total % 12) + 1, Math.min(d, 28));
}

/** A positive amount as decimal text with two decimals (`1234.50`). */
function amount(random: SeededRandom, minFrancs: number, maxFrancs: number): string {
  return `${random.int(minFrancs, maxFrancs)}.${String(random.int(0, 19) * 5).padStart(2, '0')}`;
}

/** Plans every row of a source of `persons` persons (deterministic for a seed). */
export function planKissSource(options: KissPlanOptions): KissPlan {
  if (options.persons < KISS_MINIMUM_PERSONS) throw new RangeError(`The KiSS source needs at least ${KISS_MINIMUM_PERSONS} persons.`);
  const random = new SeededRandom(options.seed ?? KISS_DEFAULT_SEED);
  const rows: Record<KissTableName, KissCell[][]> = {
    XLOVCode: [],
    BaPerson: [],
    BaPerson_Relation: [],
    FaFall: [],
    FaLeistung: [],
    BgFinanzplan: [],
    BgFinanzplan_BaPerson: [],
    BgBudget: [],
    BgPosition: [],
    KbBuchung: [],
    KesMassnahme: [],
  };
  for (const [lov, codes] of Object.entries(XLOV_CODES)) for (const [code, text] of codes) rows.XLOVCode.push([lov, code, text]);
  rows.XLOVCode.sort((a, b) => (`${a[0]}|${a[1]}` < `${b[0]}|${b[1]}` ? -1 : 1));

  // Persons: the planted ones have no dependent rows, so the accounting follows from the defect list.
  for (let p = 1; p <= options.persons; p++) {
    const birth = p === K.personZeroBirthDate ? '0000-00-00' : p % 17 === 0 ? null : isoDate(random.int(1940, 2015), random.int(1, 12), random.int(1, 28));
    const vn = p === K.personOldAhvOnly ? null : syntheticAhvn13(p, p === K.personBadCheckDigit);
    const oldAhv =
      p === K.personOldAhvOnly || p % 9 === 0
        ? `${String(100 + (p % 900)).padStart(3, '0')}.${String(random.int(10, 99))}.${String(random.int(100, 999))}.${String(random.int(100, 999))}`
        : null;
    const civil = p === K.personUnmappedCivilStatus ? 99 : random.pick([1, 2, 3, 4, 6]);
    rows.BaPerson.push([p, random.pick(SURNAMES), random.pick(FIRST_NAMES), birth, random.int(1, 2), civil, vn, oldAhv]);
  }
  const regular = rows.BaPerson.map((r) => r[0] as number).filter((p) => !STANDALONE.has(p));

  // Relations between regular persons; the planted ones at their own keys.
  let relationId = 1;
  for (const p of regular) {
    if (!random.chance(0.4)) continue;
    let other = random.pick(regular);
    if (other === p) other = regular[(regular.indexOf(p) + 1) % regular.length]!;
    rows.BaPerson_Relation.push([
      relationId++,
      p,
      other,
      random.pick([1, 2, 3, 4, 7]),
      random.chance(0.2) ? null : isoDate(random.int(1990, 2023), random.int(1, 12), 1),
    ]);
  }
  const [a, b, c] = [regular[0]!, regular[1]!, regular[2]!];
  rows.BaPerson_Relation.push([K.relationDuplicateKey, a, b, 1, '2015-05-01'], [K.relationDuplicateKey, a, c, 3, '2016-06-01']);
  rows.BaPerson_Relation.push([K.relationMissingPerson, b, K.missing, 4, null]);

  // Dossiers, services below them, and per service its module's records.
  let [fallId, serviceId, planId, budgetId, positionId, bookingId, kesId] = [1, 1, 1, 1, 1, 1, 1];
  let wshServices = 0;
  for (const p of regular) {
    if (!random.chance(0.75)) continue;
    const fall = fallId++;
    const opened = isoDate(random.int(2018, 2023), random.int(1, 12), random.int(1, 28));
    rows.FaFall.push([fall, p, 351, opened, null]);
    const services = random.int(1, 2);
    for (let s = 0; s < services; s++) {
      const service = serviceId++;
      // Every fourth assistance service gets the first WSH slot, so a small source has budgets too.
      const modul = wshServices === 0 ? 3 : random.pick([2, 3, 3, 5]);
      const from = addMonths(opened, s * 2);
      const closed = random.chance(0.3) ? addMonths(from, 10) : null;
      rows.FaLeistung.push([service, fall, p, modul, from, closed, 0]);
      if (modul === 3) {
        wshServices++;
        const plan = planId++;
        rows.BgFinanzplan.push([plan, service, from, closed]);
        // The applicant (SHS role 1) is the member the case checks look for.
        rows.BgFinanzplan_BaPerson.push([plan, plan, p, 1, 1]);
        const months = random.int(1, 3);
        for (let m = 0; m < months; m++) {
          const budget = budgetId++;
          const month = addMonths(from, m);
          const [year, mon] = month.split('-').map(Number) as [number, number];
          rows.BgBudget.push([budget, plan, year, mon]);
          for (const art of [1, 2, 3, ...(random.chance(0.3) ? [10] : [])]) {
            rows.BgPosition.push([
              positionId++,
              budget,
              art,
              art === 2 ? amount(random, 900, 2400) : art === 10 ? amount(random, 300, 3500) : amount(random, 200, 1100),
            ]);
          }
          // A payment per month (often above 1'000 francs); now and then a receipt (stored positive).
          rows.KbBuchung.push([bookingId++, service, p, budget, 'A', addMonths(from, m), amount(random, 800, 4200), random.pick([2, 3])]);
          if (random.chance(0.25)) rows.KbBuchung.push([bookingId++, service, p, budget, 'E', addMonths(from, m), amount(random, 50, 1500), 3]);
        }
        // KiSS keeps reimbursement claims in the booking table too (kind F): another entity from the same table.
        if (random.chance(0.2)) rows.KbBuchung.push([bookingId++, service, p, null, 'F', addMonths(from, months), amount(random, 500, 12_000), 1]);
      }
      if (modul === 5) {
        const [typ, artikel] = random.pick([
          [10, 308],
          [20, 307],
          [10, 393],
          [10, 394],
          [10, 395],
        ] as const);
        rows.KesMassnahme.push([kesId++, service, typ, artikel, from, closed]);
      }
    }
  }
  const firstWsh = rows.KbBuchung[0];
  if (firstWsh === undefined) throw new RangeError('The seed planned no assistance service: raise persons.');
  // The test service hangs in a real dossier; the planted bookings and position hang on the first payment's service.
  rows.FaLeistung.push([K.caseTest, rows.FaFall[0]![0]!, rows.FaFall[0]![1]!, 3, rows.FaFall[0]![3]!, null, 1]);
  rows.BgPosition.push([K.positionWithoutBudget, K.missing, 1, '999.95']);
  rows.KbBuchung.push([K.bookingCancelled, firstWsh[1]!, firstWsh[2]!, firstWsh[3]!, 'A', firstWsh[5]!, '1234.55', 9]);
  rows.KbBuchung.push([K.bookingOrphan, K.missing, firstWsh[2]!, null, 'A', firstWsh[5]!, '77.70', 3]);
  return rows;
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

/**
 * The deterministic plan of a synthetic commune export: every row of every file, already formatted as
 * the export writes it, together with the fate a correct run must give it (loaded, filtered by a named
 * rule, quarantined with an issue code) and, for planted defects, which defect it carries. The generator
 * writes this plan; the expected results and the planted-defect list are counted from the same plan, so
 * they can never be copied from a run. All names and numbers are synthetic (no real person).
 */
import { SeededRandom } from './seeded-random.js';
import { DOCUMENTS_FOLDER, FLAT_FILE_TABLES, type FlatFileTable } from './flat-file-layout.js';

/** Default seed of the flat-file generator. */
export const FLAT_FILE_DEFAULT_SEED = 20_260_501;

/** Smallest `persons` at which the plan contains every planted defect. */
export const FLAT_FILE_MINIMUM_PERSONS = 12;

/** What a correct run does with a source row. */
export type RowFate =
  | { readonly bucket: 'loaded' }
  | { readonly bucket: 'filtered'; readonly rule: string }
  | { readonly bucket: 'quarantined'; readonly code: string };

/** A defect planted on one row, with where it must end up (`flagged`: loaded, but reported; `statistics`: loaded, but its dossier fails the SHS checks). */
export interface PlantedRowDefect {
  readonly id: string;
  readonly description: string;
  readonly bucket: 'quarantined' | 'filtered' | 'flagged' | 'statistics';
  readonly code: string;
}

/** A document file the export references. */
export interface PlannedDocument {
  /** Path relative to the export folder, as written in `DATEI`. */
  readonly path: string;
  readonly bytes: number;
  /** Seed of the synthetic content. */
  readonly seed: number;
  /** True when the export lists the document but the file is missing (planted defect). */
  readonly missing: boolean;
}

/** One row of one export file. */
export interface PlannedRow {
  readonly table: FlatFileTable;
  readonly key: string;
  /** Cell texts by column, as written to the file. */
  readonly cells: Readonly<Record<string, string>>;
  readonly fate: RowFate;
  readonly defect?: PlantedRowDefect;
  readonly document?: PlannedDocument;
}

const FAMILY = ['Müller', 'Brügger', 'Zürcher', 'Häberli', 'Gerber', 'Schnyder', 'Bösch', 'Kälin', 'Frei', 'Lüthi', 'Rüegg', 'Studer'];
const GIVEN_F = ['Anna', 'Käthi', 'Zoë', 'Chloé', 'Léa', 'Mia', 'Jana', 'Séverine'];
const GIVEN_M = ['Jürg', 'René', 'Lukas', 'Beat', 'Noah', 'Rémy', 'Urs', 'Matteo'];
const STREETS = ['Bahnhofstrasse', 'Dorfstrasse', 'Schulweg', 'Lindenweg', 'Kirchgasse', 'Mühlestrasse', 'Gässlistrasse'];
/** PLZ, town, BFS municipality number (valid over the whole period). */
const PLACES: readonly (readonly [string, string, string])[] = [
  ['3011', 'Bern', '351'],
  ['3600', 'Thun', '942'],
  ['2502', 'Biel/Bienne', '371'],
];
const DOSSIER_KINDS = ['SH', 'SH', 'SH', 'SH', 'SH', 'SH', 'SH', 'AL', 'KE', 'SH'];
const DOCUMENT_KINDS = ['NOTIZ', 'VERF', 'ZV', 'ANTRAG'];
const CLOSING = ['AB01', 'AB02', 'AB03', 'AB04', 'AB05'];

/**
 * The month the export was taken: support that ended before it is closed (with a closing reason, as the
 * SHS needs one for every dossier closed by the 6-month rule), support opened in its year still runs
 * and is paid every month up to it.
 */
export const FLAT_FILE_EXPORT_MONTH = { year: 2024, month: 12 } as const;

/** Issue codes and rule names the plan expects (the mappings' own codes; see the mappings). */
export const FLAT_FILE_CODES = {
  ahvCheckDigit: 'transform.ahv_check_digit',
  twoDigitYear: 'transform.date_two_digit_year',
  dateInvalid: 'transform.date_invalid',
  moneyInvalid: 'transform.money_invalid',
  unmapped: 'codes.unmapped',
  unapproved: 'codes.unapproved',
  referenceMissing: 'reference.missing',
  testDossiers: 'test-dossiers',
  duplicate: 'duplicate',
  documentMissing: 'document.content_missing',
  closingReasonMissing: 'shs.closing_reason_missing',
  applicantMissing: 'case.applicant_missing',
} as const;

/** Legacy SHS benefit type (LEISTUNGSART) of a dossier kind; KES dossiers have none. */
function benefitTypeOf(kind: string, rnd: SeededRandom): string {
  return kind === 'AL' ? 'BV' : kind === 'SH' ? rnd.pick(['RF', 'RF', 'ZV']) : '';
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const swissDate = (y: number, m: number, d: number): string => `${pad(d)}.${pad(m)}.${y}`;
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A valid AHVN13 (EAN-13 check digit) for a number, written with dots as exports do (`756.1234.5678.97`). */
export function syntheticAhv(n: number, breakCheckDigit = false): string {
  const body = `756${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  let check = (10 - (sum % 10)) % 10;
  if (breakCheckDigit) check = (check + 1) % 10;
  const digits = `${body}${check}`;
  return `${digits.slice(0, 3)}.${digits.slice(3, 7)}.${digits.slice(7, 11)}.${digits.slice(11)}`;
}

/** Rappen as the export writes money: `1'234.50`, whole francs as `1'200.–` when `dash` is set. */
export function formatSwissMoney(rappen: number, dash = false): string {
  const negative = rappen < 0;
  const abs = Math.abs(rappen);
  const francs = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, "'");
  const cents = abs % 100;
  const tail = cents === 0 && dash ? '.–' : `.${pad(cents)}`;
  return `${negative ? '-' : ''}${francs}${tail}`;
}

function row(
  table: FlatFileTable,
  cells: Record<string, string>,
  fate: RowFate = { bucket: 'loaded' },
  defect?: PlantedRowDefect,
  document?: PlannedDocument,
): PlannedRow {
  const key = cells[FLAT_FILE_TABLES[table].key] ?? '';
  return Object.freeze({ table, key, cells: Object.freeze(cells), fate, ...(defect ? { defect } : {}), ...(document ? { document } : {}) });
}

/** Iterates the plan of a commune with `persons` regular persons (planted extra rows come on top). */
export function* planCommune(scale: { readonly persons: number; readonly seed?: number }): Generator<PlannedRow> {
  const rnd = new SeededRandom(scale.seed ?? FLAT_FILE_DEFAULT_SEED);
  const next = { person: 100_000, address: 200_000, dossier: 300_000, member: 400_000, budget: 500_000, line: 600_000, payment: 700_000, document: 800_000 };
  let remaining = Math.max(0, Math.floor(scale.persons));
  let households = 0;
  let defectsDone = false;
  const first = { person: '', dossier: '', budget: '' };

  while (remaining > 0) {
    const size = Math.min(remaining, rnd.pick([1, 1, 2, 2, 3, 4]));
    remaining -= size;
    const family = rnd.pick(FAMILY);
    const [plz, town, bfs] = rnd.pick(PLACES);
    const openedYear = rnd.int(2016, 2024);
    const openedMonth = rnd.int(1, 12);
    const openedDay = rnd.int(1, 28);
    const opened = swissDate(openedYear, openedMonth, openedDay);
    const kind = households === 0 ? 'SH' : rnd.pick(DOSSIER_KINDS);
    const dossier = String(++next.dossier);
    const personKeys: string[] = [];
    const spouse = size >= 2 && rnd.chance(0.6);
    for (let i = 0; i < size; i++) {
      const key = String(++next.person);
      personKeys.push(key);
      const child = i > 0 && !(i === 1 && spouse);
      const female = rnd.chance(0.5);
      const born = child ? swissDate(rnd.int(2008, 2015), rnd.int(1, 12), rnd.int(1, 28)) : swissDate(rnd.int(1958, 1996), rnd.int(1, 12), rnd.int(1, 28));
      const civil = child ? 'L' : spouse ? 'V' : rnd.pick(['L', 'S', 'W', 'L']);
      yield row('persons', {
        PERS_NR: key,
        NAME: family,
        VORNAME: rnd.pick(female ? GIVEN_F : GIVEN_M),
        GEBDAT: born,
        GESCHLECHT: female ? 'W' : 'M',
        ZIVILSTAND: civil,
        AHV_NR: syntheticAhv(Number(key)),
      });
      yield row('addresses', {
        ADR_NR: String(++next.address),
        PERS_NR: key,
        STRASSE: rnd.pick(STREETS),
        HAUSNR: String(rnd.int(1, 120)),
        PLZ: plz,
        ORT: town,
        BFS_NR: bfs,
        GUELTIG_AB: swissDate(openedYear - rnd.int(0, 3), rnd.int(1, 12), 1),
      });
    }
    const applicant = personKeys[0] ?? '';
    if (first.person === '') first.person = applicant;
    if (first.dossier === '') first.dossier = dossier;
    // Assistance opened before the export year has ended (closed, with a reason); KES dossiers close at random.
    const closed = kind === 'KE' ? openedYear < 2024 && rnd.chance(0.4) : openedYear < FLAT_FILE_EXPORT_MONTH.year;
    const closedYear = closed ? Math.min(FLAT_FILE_EXPORT_MONTH.year, openedYear + rnd.int(1, 2)) : 0;
    yield row('dossiers', {
      DOSSIER_NR: dossier,
      PERS_NR: applicant,
      ART: kind,
      LEISTUNGSART: benefitTypeOf(kind, rnd),
      EROEFFNET: opened,
      ABGESCHLOSSEN: closed ? swissDate(closedYear, rnd.int(1, 12), rnd.int(1, 28)) : '',
      ABSCHLUSSGRUND: closed ? rnd.pick(CLOSING) : '',
      GEMEINDE_BFS: bfs,
      SACHBEARBEITER: `SB${pad(rnd.int(1, 9))}`,
      ANZ_PERSONEN: String(size),
      TESTFALL: 'N',
    });
    for (const [i, key] of personKeys.entries()) {
      yield row('members', {
        HHM_NR: String(++next.member),
        DOSSIER_NR: dossier,
        PERS_NR: key,
        ANTRAGSTELLER: i === 0 ? 'J' : 'N',
        ROLLE: i === 0 ? '' : i === 1 && spouse ? 'EP' : 'KI',
        AB: opened,
      });
    }
    if (kind !== 'KE') {
      // Running support is paid every month up to the export month; ended support for one to three months.
      const drawn = rnd.int(1, 3);
      const months = closed ? drawn : (FLAT_FILE_EXPORT_MONTH.year - openedYear) * 12 + FLAT_FILE_EXPORT_MONTH.month - openedMonth + 1;
      yield* budgetsAndPayments(rnd, next, dossier, applicant, size, openedYear, openedMonth, openedDay, first, months, kind === 'AL' ? 'V' : 'Z');
    }
    const documents = rnd.int(0, 2);
    for (let d = 0; d < documents; d++) {
      const key = String(++next.document);
      const path = `${DOCUMENTS_FOLDER}/${dossier}/${key}.pdf`;
      yield row(
        'documents',
        { DOK_NR: key, DOSSIER_NR: dossier, DOK_ART: rnd.pick(DOCUMENT_KINDS), ERSTELLT: swissDate(openedYear, openedMonth, 28), DATEI: path },
        undefined,
        undefined,
        {
          path,
          bytes: rnd.int(400, 6000),
          seed: Number(key),
          missing: false,
        },
      );
    }
    households += 1;
    if (households === 3 || (remaining === 0 && !defectsDone)) {
      if (!defectsDone) yield* plantedRows(next, first);
      defectsDone = true;
    }
  }
}

function* budgetsAndPayments(
  rnd: SeededRandom,
  next: { budget: number; line: number; payment: number },
  dossier: string,
  person: string,
  size: number,
  openedYear: number,
  openedMonth: number,
  openedDay: number,
  first: { budget: string },
  months: number,
  ordinaryKind: string,
): Generator<PlannedRow> {
  for (let m = 0; m < months; m++) {
    const month = ((openedMonth - 1 + m) % 12) + 1;
    const year = openedYear + Math.floor((openedMonth - 1 + m) / 12);
    const budget = String(++next.budget);
    if (first.budget === '') first.budget = budget;
    yield row('budgets', {
      BUDGET_NR: budget,
      DOSSIER_NR: dossier,
      MONAT: `${pad(month)}.${year}`,
      GUELTIG_AB: swissDate(year, month, 1),
      GUELTIG_BIS: swissDate(year, month, lastDay(year, month)),
    });
    // Grundbedarf by household size (SKOS-like figures), rent, premiums, sometimes income (negative).
    const lines: [string, number, boolean][] = [
      ['GB', [0, 103_100, 157_700, 191_800, 220_100][Math.min(size, 4)] ?? 220_100, true],
      ['MI', rnd.int(18, 36) * 5_000, true],
      ['KK', size * rnd.int(60, 100) * 500, false],
    ];
    if (rnd.chance(0.3)) lines.push(['EK', -rnd.int(10, 40) * 5_000 - rnd.int(0, 19) * 5, false]);
    let total = 0;
    for (const [kind, rappen, dash] of lines) {
      total += rappen;
      yield row('budgetLines', { POS_NR: String(++next.line), BUDGET_NR: budget, POS_ART: kind, BETRAG: formatSwissMoney(rappen, dash) });
    }
    // Nothing is paid before the dossier opens (the case checks flag that as an error): in the opening
    // month, payments fall on or after the opening day (same draws, so the rest of the plan is unchanged).
    const drawn = rnd.int(1, 25);
    const day = m === 0 ? Math.max(drawn, openedDay) : drawn;
    const later = (k: number): number => Math.min(day + k, lastDay(year, month));
    yield payment(next, dossier, person, budget, year, month, day, total, ordinaryKind);
    if (rnd.chance(0.2)) yield payment(next, dossier, person, '', year, month, later(2), rnd.int(5, 60) * 1_000 + 50, 'E');
    if (rnd.chance(0.1)) yield payment(next, dossier, person, '', year, month, later(3), -rnd.int(1, 30) * 1_000, 'R');
    if (rnd.chance(0.05)) yield payment(next, dossier, person, budget, year, month, later(3), -total, 'S');
  }
}

function payment(
  next: { payment: number },
  dossier: string,
  person: string,
  budget: string,
  year: number,
  month: number,
  day: number,
  rappen: number,
  kind: string,
  fate?: RowFate,
  defect?: PlantedRowDefect,
): PlannedRow {
  return row(
    'payments',
    {
      BELEG_NR: String(++next.payment),
      DOSSIER_NR: dossier,
      PERS_NR: person,
      BUDGET_NR: budget,
      BUCHUNGSDATUM: swissDate(year, month, day),
      VALUTA: swissDate(year, month, day),
      BETRAG: formatSwissMoney(rappen),
      BUCHUNGSART: kind,
      MONAT: `${pad(month)}.${year}`,
    },
    fate,
    defect,
  );
}

function defect(id: string, description: string, bucket: PlantedRowDefect['bucket'], code: string): PlantedRowDefect {
  return Object.freeze({ id, description, bucket, code });
}

/** The planted defects: extra rows that must each land in their bucket with their code. */
function* plantedRows(
  next: { person: number; dossier: number; member: number; budget: number; line: number; payment: number; document: number },
  first: { person: string; dossier: string; budget: string },
): Generator<PlannedRow> {
  const C = FLAT_FILE_CODES;
  const person = (cells: Partial<Record<string, string>>, fate: RowFate, d: PlantedRowDefect): PlannedRow => {
    const key = String(++next.person);
    return row(
      'persons',
      {
        PERS_NR: key,
        NAME: 'Gerber',
        VORNAME: 'Anna',
        GEBDAT: '12.03.1971',
        GESCHLECHT: 'W',
        ZIVILSTAND: 'L',
        AHV_NR: syntheticAhv(Number(key)),
        ...cells,
      } as Record<string, string>,
      fate,
      d,
    );
  };
  yield person(
    { AHV_NR: syntheticAhv(next.person + 1, true) },
    { bucket: 'quarantined', code: C.ahvCheckDigit },
    defect('ahv-check-digit', 'AHV number with a wrong check digit', 'quarantined', C.ahvCheckDigit),
  );
  yield person(
    { GEBDAT: '03.04.57' },
    { bucket: 'quarantined', code: C.twoDigitYear },
    defect('two-digit-year', 'Birth date with a two-digit year', 'quarantined', C.twoDigitYear),
  );
  yield person(
    { ZIVILSTAND: 'X' },
    { bucket: 'quarantined', code: C.unmapped },
    defect('unknown-code', 'Marital status code not in the code-list map', 'quarantined', C.unmapped),
  );
  yield person(
    { ZIVILSTAND: 'G' },
    { bucket: 'quarantined', code: C.unapproved },
    defect('unapproved-code', 'Marital status code mapped but not yet approved', 'quarantined', C.unapproved),
  );
  yield person(
    { AHV_NR: syntheticAhv(Number(first.person)) },
    { bucket: 'loaded' },
    defect('duplicate-person', 'Second person row with the AHV number of another person', 'flagged', C.duplicate),
  );

  const dossier = (cells: Partial<Record<string, string>>, fate: RowFate, d: PlantedRowDefect): PlannedRow =>
    row(
      'dossiers',
      {
        DOSSIER_NR: String(++next.dossier),
        PERS_NR: first.person,
        ART: 'SH',
        LEISTUNGSART: 'RF',
        EROEFFNET: '01.06.2020',
        ABGESCHLOSSEN: '',
        ABSCHLUSSGRUND: '',
        GEMEINDE_BFS: '351',
        SACHBEARBEITER: 'SB01',
        ANZ_PERSONEN: '1',
        TESTFALL: 'N',
        ...cells,
      } as Record<string, string>,
      fate,
      d,
    );
  yield dossier(
    { EROEFFNET: '31.02.2019' },
    { bucket: 'quarantined', code: C.dateInvalid },
    defect('impossible-date', 'Dossier opened on 31.02.2019', 'quarantined', C.dateInvalid),
  );
  yield dossier(
    { TESTFALL: 'J' },
    { bucket: 'filtered', rule: C.testDossiers },
    defect('test-dossier-1', 'Test dossier of the vendor', 'filtered', C.testDossiers),
  );
  yield dossier(
    { TESTFALL: 'J', ART: 'AL' },
    { bucket: 'filtered', rule: C.testDossiers },
    defect('test-dossier-2', 'Test dossier of the vendor', 'filtered', C.testDossiers),
  );

  yield row(
    'budgetLines',
    { POS_NR: String(++next.line), BUDGET_NR: first.budget, POS_ART: 'MI', BETRAG: "12'34.50" },
    { bucket: 'quarantined', code: C.moneyInvalid },
    defect('malformed-amount', "Budget line amount 12'34.50 (broken thousands grouping)", 'quarantined', C.moneyInvalid),
  );
  yield payment(
    next,
    '399999',
    first.person,
    '',
    2021,
    3,
    25,
    45_000,
    'Z',
    { bucket: 'quarantined', code: C.referenceMissing },
    defect('orphan-payment', 'Payment on a dossier that does not exist', 'quarantined', C.referenceMissing),
  );
  // Statistics defects: the rows load, but the SHS plausibility checks reject the dossier.
  const paidDossier = function* (cells: Partial<Record<string, string>>, applicantFlag: string, d: PlantedRowDefect): Generator<PlannedRow> {
    // In the export year, so that its SHS delivery shows them (paid in March, closed in September).
    const planted = dossier({ EROEFFNET: '01.03.2024', ABGESCHLOSSEN: '30.09.2024', ABSCHLUSSGRUND: 'AB01', ...cells }, { bucket: 'loaded' }, d);
    yield planted;
    const key = planted.key;
    yield row('members', {
      HHM_NR: String(++next.member),
      DOSSIER_NR: key,
      PERS_NR: first.person,
      ANTRAGSTELLER: applicantFlag,
      ROLLE: applicantFlag === 'J' ? '' : 'AN',
      AB: '01.03.2024',
    });
    const budget = String(++next.budget);
    yield row('budgets', { BUDGET_NR: budget, DOSSIER_NR: key, MONAT: '03.2024', GUELTIG_AB: swissDate(2024, 3, 1), GUELTIG_BIS: swissDate(2024, 3, 31) });
    yield row('budgetLines', { POS_NR: String(++next.line), BUDGET_NR: budget, POS_ART: 'GB', BETRAG: formatSwissMoney(103_100, true) });
    yield payment(next, key, first.person, budget, 2024, 3, 5, 103_100, 'Z');
  };
  yield* paidDossier(
    { ABSCHLUSSGRUND: '' },
    'J',
    defect('closed-without-closing-reason', 'Closed assistance dossier without closing reason', 'statistics', C.closingReasonMissing),
  );
  yield* paidDossier(
    {},
    'N',
    defect('support-unit-without-applicant', 'Assistance dossier whose household members include no applicant', 'statistics', C.applicantMissing),
  );

  const doc = String(++next.document);
  const path = `${DOCUMENTS_FOLDER}/${first.dossier}/${doc}.pdf`;
  yield row(
    'documents',
    { DOK_NR: doc, DOSSIER_NR: first.dossier, DOK_ART: 'NOTIZ', ERSTELLT: '15.01.2021', DATEI: path },
    { bucket: 'loaded' },
    defect('missing-document', 'Document listed in the index whose file is missing', 'flagged', C.documentMissing),
    {
      path,
      bytes: 0,
      seed: Number(doc),
      missing: true,
    },
  );
}

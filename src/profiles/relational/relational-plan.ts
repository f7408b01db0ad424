/**
 * The deterministic plan of a relational source: a generator of `[table, row]` pairs for a given scale
 * and seed. The same plan feeds the database writer and the counting of expected results, so what a
 * test expects and what the database holds come from one place. Memory stays bounded: rows are produced
 * one person at a time and document contents one document at a time.
 */
import { createHash } from 'node:crypto';
import { RELATIONAL_DEFECT_KEYS as K, STANDALONE_PERSONS, type RelationalDialect } from './relational-defects.js';
import type { RelationalCell, RelationalTable } from './relational-tables.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';
import {
  addDays,
  addMonths,
  chfText,
  documentContent,
  documentKind,
  dottedAhvn13,
  endOfMonth,
  familyName,
  givenName,
  isoDate,
  oddMoneyText,
  streetName,
  swissDateText,
  syntheticAhvn13,
} from './synthetic-values.js';

/** Default PRNG seed of the relational profile. */
export const RELATIONAL_DEFAULT_SEED = 20_260_415;

/**
 * The month the source's data runs up to. Support that ended before it is closed with a closing reason
 * (the SHS needs one for every dossier closed by the 6-month rule); open cases started in its year and
 * are paid every month up to it.
 */
export const RELATIONAL_DATA_MONTH = '2024-12';

/** Options of a plan. */
export interface RelationalPlanOptions {
  readonly dialect: RelationalDialect;
  readonly persons: number;
  readonly seed?: number;
  /** Most documents (with BLOB content) generated; default 40 (a few MB). 0 = none. */
  readonly maxDocuments?: number;
  /** Produce document contents (default true); counting passes skip them. */
  readonly withContent?: boolean;
}

/** One planned row. */
export type RelationalPlannedRow = readonly [RelationalTable, RelationalCell[]];

/** What the plan knows about one generated document (for the manifest). */
export interface RelationalPlannedDocument {
  readonly id: number;
  readonly mediaType: string;
  readonly byteSize: number;
  /** SHA-256 (hex) of the content; empty when contents were not produced. */
  readonly sha256: string;
}

/** Legacy closing-reason codes (Abschlussgrund) of closed cases. */
const CLOSING_REASONS = [1, 2, 3, 4] as const;

const MUNICIPALITIES = [351, 261, 371, 942, 230, 6621, 5586] as const;
const ZIP_OF: Readonly<Record<number, [number, string]>> = {
  351: [3011, 'Bern'],
  261: [8004, 'Zürich'],
  371: [2502, 'Biel/Bienne'],
  942: [3600, 'Thun'],
  230: [8400, 'Winterthur'],
  6621: [1204, 'Genève'],
  5586: [1003, 'Lausanne'],
};

/** Counters of generated ids (each table numbers its rows from 1). */
class Ids {
  readonly #next = new Map<string, number>();
  take(table: string): number {
    const n = (this.#next.get(table) ?? 0) + 1;
    this.#next.set(table, n);
    return n;
  }
  count(table: string): number {
    return this.#next.get(table) ?? 0;
  }
}

/** Plans every row of a relational source. `onDocument` receives each document's manifest entry. */
export function* planRelationalSource(
  options: RelationalPlanOptions,
  onDocument: (doc: RelationalPlannedDocument) => void = () => {},
): Generator<RelationalPlannedRow> {
  const seed = options.seed ?? RELATIONAL_DEFAULT_SEED;
  const maxDocuments = options.maxDocuments ?? 40;
  const withContent = options.withContent ?? true;
  const ids = new Ids();
  yield* codeTableRows();
  let firstCaseClose = '';
  let firstCaseOpen = '';
  for (let i = 1; i <= options.persons; i++) {
    const rng = seededRandom(seed, i);
    const member = i % 2 === 0 && !STANDALONE_PERSONS.has(i - 1) && !STANDALONE_PERSONS.has(i);
    const isChild = member && rng.chance(0.5);
    yield ['BaPerson', personRow(i, rng, options.dialect, isChild)];
    if (STANDALONE_PERSONS.has(i)) continue;
    const municipality = rng.pick(MUNICIPALITIES);
    const [zip, town] = ZIP_OF[municipality]!;
    yield [
      'BaAdresse',
      [
        ids.take('BaAdresse'),
        i,
        1,
        streetName(rng),
        String(rng.int(1, 120)),
        zip,
        town,
        municipality,
        'CH',
        isoDate(rng.int(2005, 2015), rng.int(1, 12), 1),
        null,
      ],
    ];
    if (rng.chance(0.25)) yield ['BaAdresse', [ids.take('BaAdresse'), i, 2, 'Postfach', null, zip, town, municipality, 'CH', isoDate(2016, 1, 1), null]];
    const applicant = i % 2 === 1;
    if (!applicant) continue;
    const caseId = ids.take('FaLeistung');
    const partner = i + 1 <= options.persons && !STANDALONE_PERSONS.has(i + 1) ? i + 1 : null;
    const kind = caseId === K.firstCase ? 0 : caseId % 10;
    const modul = kind === 7 ? 4 : kind === 8 ? 5 : 3;
    const endedOpen = isoDate(rng.int(2016, 2023), rng.int(1, 12), rng.int(1, 28));
    const endedMonths = rng.int(4, 18);
    const closed = caseId === K.firstCase || caseId === K.caseClosedWithoutReason || rng.chance(0.5);
    // A running case started in the data year and is paid every month up to the data month; the cases of
    // the statistics defects too (so the data year's SHS delivery shows them).
    const recent = !closed || caseId === K.caseClosedWithoutReason || caseId === K.caseUnitWithoutApplicant;
    const openMonth = rng.int(1, 6);
    // The closed case without reason runs January to April, so the 6-month rule closes its dossier within the data year.
    const noReason = caseId === K.caseClosedWithoutReason;
    const open = recent ? isoDate(2024, noReason ? 1 : openMonth, rng.int(1, 28)) : endedOpen;
    const months = noReason ? 4 : closed ? Math.min(endedMonths, monthsUpTo(open, RELATIONAL_DATA_MONTH)) : monthsUpTo(open, RELATIONAL_DATA_MONTH);
    const close = closed ? endOfMonth(addMonths(open, months - 1)) : null;
    const closingReason = closed && caseId !== K.caseClosedWithoutReason ? rng.pick(CLOSING_REASONS) : null;
    const benefitType = modul === 3 ? rng.pick([1, 1, 2]) : modul === 4 ? 25 : null;
    if (caseId === K.firstCase) {
      firstCaseOpen = open;
      firstCaseClose = close ?? '';
    }
    yield [
      'FaLeistung',
      [caseId, i, modul, `F-${String(caseId).padStart(7, '0')}`, municipality, rng.int(1, 40), open, close, closingReason, benefitType, false],
    ];
    const intakeEnd = addDays(open, 14);
    yield ['FaPhase', [ids.take('FaPhase'), caseId, 1, open, intakeEnd]];
    yield ['FaPhase', [ids.take('FaPhase'), caseId, modul === 3 ? 3 : modul === 4 ? 2 : 4, addDays(intakeEnd, 1), close]];
    const memberIsChild = partner !== null && memberChild(seed, partner);
    if (modul === 3) yield* wshRows(ids, rng, { caseId, applicant: i, partner, memberIsChild, open, close, months });
    if (modul === 4) yield* albvRows(ids, rng, { caseId, applicant: i, partner, memberIsChild, open, close, months });
    if (modul === 5) {
      const child = partner !== null && memberIsChild;
      const person = child ? partner : i;
      const code = child ? rng.pick([10, 11, 12]) : rng.pick([20, 21, 22]);
      yield ['KesMassnahme', [ids.take('KesMassnahme'), person, caseId, child, code, child ? 'Art. 308 ZGB' : 'Art. 394 ZGB', addDays(open, 10), close]];
    }
    if (kind === 9) {
      yield [
        'KaEinsatz',
        [ids.take('KaEinsatz'), i, caseId, rng.int(1, 4), rng.int(1, 4), `Programm ${rng.int(1, 9)}`, rng.pick([50, 80, 100]), addDays(open, 20), close],
      ];
    }
    if (caseId % 4 === 1 && ids.count('FaDokument') < maxDocuments) {
      const docId = ids.take('FaDokument');
      const kindOf = documentKind(docId);
      const size = rng.int(2_048, 240_000);
      const content = withContent ? documentContent(docId, size, seededRandom(seed ^ 0x5eed, docId)) : new Uint8Array(0);
      onDocument({ id: docId, mediaType: kindOf.mediaType, byteSize: size, sha256: withContent ? createHash('sha256').update(content).digest('hex') : '' });
      yield ['FaDokument', [docId, caseId, i, rng.int(1, 6), `dokument-${docId}.${kindOf.extension}`, kindOf.mediaType, size, addDays(open, 3), content]];
    }
  }
  yield* defectRows(firstCaseOpen, firstCaseClose);
}

/** Whether person `n` (a support-unit member) is a child: decided by its own stream, like its birth date. */
function memberChild(seed: number, n: number): boolean {
  const rng = seededRandom(seed, n);
  return rng.chance(0.5);
}

function personRow(i: number, rng: SeededRandom, dialect: RelationalDialect, isChild: boolean): RelationalCell[] {
  const birth = isChild ? isoDate(rng.int(2008, 2014), rng.int(1, 12), rng.int(1, 28)) : isoDate(rng.int(1950, 1995), rng.int(1, 12), rng.int(1, 28));
  let vn: string | null = syntheticAhvn13(i);
  if (i === K.personBadAhv) vn = `${vn.slice(0, 12)}${(Number(vn[12]) + 1) % 10}`;
  if (i === K.personDuplicateB) vn = syntheticAhvn13(K.personDuplicateA);
  if (i % 7 === 0 && i !== K.personDuplicateA) vn = dottedAhvn13(vn);
  if (i % 11 === 0) vn = null;
  const zeroDate = dialect === 'mariadb' && i === K.personZeroDate;
  const zivilstand = isChild ? 1 : rng.int(1, 8);
  return [
    i,
    familyName(rng),
    givenName(rng),
    zeroDate ? '0000-00-00' : birth,
    rng.int(1, 2),
    zivilstand,
    vn,
    rng.pick(['CH', 'CH', 'CH', 'DE', 'IT', 'PT']),
    i === K.personTest,
    `${isoDate(2015, 1, 1)} 08:00:00`,
  ];
}

interface CaseFrame {
  readonly caseId: number;
  readonly applicant: number;
  readonly partner: number | null;
  readonly open: string;
  readonly close: string | null;
  readonly months: number;
}

/** Months from the month of `from` up to `toMonth` (`YYYY-MM`), both included. */
function monthsUpTo(from: string, toMonth: string): number {
  return (Number(toMonth.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(toMonth.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** The financial plan (the support unit) of a case with its members; returns the plan id. */
function* supportUnitRows(ids: Ids, rng: SeededRandom, c: CaseFrame & { readonly memberIsChild: boolean }): Generator<RelationalPlannedRow, number> {
  const plan = ids.take('BgFinanzplan');
  yield ['BgFinanzplan', [plan, c.caseId, rng.chance(0.1) ? 1 : 2, c.open, c.close, c.partner === null ? 1 : 2]];
  // The planted statistics defect: the applicant is recorded as partner, so the unit has no applicant.
  const applicantRole = c.caseId === K.caseUnitWithoutApplicant ? 2 : 1;
  yield ['BgFinanzplan_BaPerson', [ids.take('BgFinanzplan_BaPerson'), plan, c.applicant, applicantRole, true]];
  if (c.partner !== null) yield ['BgFinanzplan_BaPerson', [ids.take('BgFinanzplan_BaPerson'), plan, c.partner, c.memberIsChild ? 3 : 2, true]];
  return plan;
}

function* wshRows(ids: Ids, rng: SeededRandom, c: CaseFrame & { readonly memberIsChild: boolean }): Generator<RelationalPlannedRow> {
  const plan = yield* supportUnitRows(ids, rng, c);
  const size = c.partner === null ? 1 : 2;
  const rent = rng.int(800, 1_600) * 100;
  const gbl = size === 1 ? 103_100 : 157_700;
  for (let m = 0; m < c.months; m++) {
    const month = addMonths(c.open, m);
    const budget = ids.take('BgBudget');
    yield ['BgBudget', [budget, plan, c.caseId, Number(month.slice(0, 4)), Number(month.slice(5, 7)), m === 0, 2]];
    const from = m === 0 ? c.open : month;
    const to = endOfMonth(month);
    const reduction = rng.chance(0.1) ? 5_000 : 0;
    const premium = rng.int(300, 450) * 100;
    // Income never exceeds the needs: the month's payment stays positive.
    const income = rng.chance(0.3) ? Math.min(rng.int(200, 1_500) * 100, gbl - reduction) : 0;
    yield ['BgPosition', [ids.take('BgPosition'), budget, null, 101, chfText(gbl), reduction === 0 ? null : chfText(reduction), from, to]];
    yield ['BgPosition', [ids.take('BgPosition'), budget, null, 102, chfText(rent), null, from, to]];
    yield ['BgPosition', [ids.take('BgPosition'), budget, c.applicant, 103, chfText(premium), null, from, to]];
    if (income > 0) yield ['BgPosition', [ids.take('BgPosition'), budget, c.applicant, rng.pick([201, 202, 203]), chfText(income), null, from, to]];
    const net = gbl - reduction + premium - income;
    for (const [amount, account] of [
      [net, '4100'],
      [rent, '4110'],
    ] as const) {
      const id = ids.take('KbBuchung');
      yield ['KbBuchung', [id, c.caseId, c.applicant, budget, `B${id}`, 1, from, addDays(from, 1), chfText(amount), account, '1020', 3, null]];
      // Every 20th payment is cancelled three days later by a storno booking that points at it.
      if (id % 20 === 0) {
        const storno = ids.take('KbBuchung');
        yield [
          'KbBuchung',
          [storno, c.caseId, c.applicant, budget, `B${storno}`, 8, addDays(from, 3), addDays(from, 3), chfText(-amount), '1020', account, 3, id],
        ];
      }
    }
  }
}

function* albvRows(ids: Ids, rng: SeededRandom, c: CaseFrame & { readonly memberIsChild: boolean }): Generator<RelationalPlannedRow> {
  // The collection module records the entitled parent and child as a support unit too (SHS applicant).
  yield* supportUnitRows(ids, rng, c);
  const title = ids.take('IkRechtstitel');
  const base = rng.int(400, 1_200) * 100 + rng.pick([0, 50]);
  yield [
    'IkRechtstitel',
    [title, c.caseId, c.applicant, null, rng.int(1, 6), swissDateText(addDays(c.open, -rng.int(30, 400))), c.open, c.close, chfText(base)],
  ];
  const claims = rng.int(1, 2);
  let monthly = 0;
  for (let n = 0; n < claims; n++) {
    const amount = n === 0 ? base : rng.int(200, 300) * 100;
    monthly += amount;
    const claim = ids.take('IkForderung');
    yield ['IkForderung', [claim, title, n === 0 ? 1 : 3, oddMoneyText(amount, claim), c.open, c.close, n === 0]];
  }
  for (let m = 0; m < Math.min(c.months, 12); m++) {
    const day = m === 0 ? c.open : addMonths(c.open, m);
    const id = ids.take('KbBuchung');
    yield ['KbBuchung', [id, c.caseId, c.applicant, null, `A${id}`, 3, day, day, chfText(monthly), '4300', '1020', 3, null]];
  }
}

function* defectRows(firstCaseOpen: string, firstCaseClose: string): Generator<RelationalPlannedRow> {
  yield ['FaLeistung', [K.caseWithoutApplicant, null, 3, 'F-DEFECT-1', 351, 1, '2020-01-06', null, null, 1, false]];
  yield ['FaLeistung', [K.caseTest, 1, 3, 'F-TEST-1', 351, 1, '2020-02-03', null, null, 1, true]];
  yield ['KbBuchung', [K.bookingOrphan, K.missingCase, null, null, 'X1', 1, '2021-05-03', '2021-05-04', '100.00', '4100', '1020', 3, null]];
  yield [
    'KbBuchung',
    [K.bookingAfterClose, K.firstCase, 1, null, 'X2', 1, addDays(firstCaseClose, 20), addDays(firstCaseClose, 21), '250.00', '4100', '1020', 3, null],
  ];
  yield ['KbBuchung', [K.bookingUnapprovedType, K.firstCase, 1, null, 'X3', 9, firstCaseOpen, firstCaseOpen, '75.00', '4100', '4110', 3, null]];
  yield ['BgPosition', [K.positionUnknownCode, 1, null, 999, '120.00', null, firstCaseOpen, endOfMonth(firstCaseOpen)]];
  yield ['IkRechtstitel', [K.titleImpossibleDate, null, 1, null, 1, '31.02.2019', '2019-03-01', null, '800.00']];
  yield ['IkForderung', [K.claimUnparseableMoney, 1, 1, 'ca. 450', '2019-03-01', null, true]];
}

/** The installation's code table: what the legacy UI shows, with the BFS code where the list has one. */
function* codeTableRows(): Generator<RelationalPlannedRow> {
  const lists: Readonly<Record<string, readonly (readonly [number, string, string | null])[]>> = {
    Zivilstand: [
      [1, 'ledig', '1'],
      [2, 'verheiratet', '2'],
      [3, 'getrennt', '3'],
      [4, 'verwitwet', '4'],
      [5, 'geschieden', '5'],
      [6, 'eingetragene Partnerschaft', '6'],
      [7, 'aufgelöste Partnerschaft', '7'],
      [8, 'unbekannt', '9'],
    ],
    Geschlecht: [
      [1, 'männlich', '1'],
      [2, 'weiblich', '2'],
    ],
    BgPositionsart: [
      [101, 'Grundbedarf', null],
      [102, 'Miete', null],
      [103, 'KVG-Prämie', null],
      [201, 'Erwerbseinkommen', null],
      [202, 'Taggeld ALV', null],
      [203, 'Kinderzulagen', null],
      [999, 'Diverses (alt)', null],
    ],
    KbBuchungstyp: [
      [1, 'Zahlung regulär', null],
      [2, 'Einmalige Zahlung', null],
      [3, 'Bevorschussung', null],
      [8, 'Storno', null],
      [9, 'Interne Umbuchung', null],
    ],
    BgRolle: [
      [1, 'Antragsteller/in', '1'],
      [2, 'Partner/in', '2'],
      [3, 'Kind', '2'],
      [4, 'Haushaltmitglied', '3'],
    ],
    Abschlussgrund: [
      [1, 'Erwerbstätigkeit', '1'],
      [2, 'Wegzug', '20'],
      [3, 'Existenzsicherung durch IV', '9'],
      [4, 'Kontaktabbruch', '24'],
    ],
    BFSLeistungsart: [
      [1, 'regulär ohne Zielvereinbarung', '1'],
      [2, 'regulär mit Zielvereinbarung', '2'],
      [25, 'Alimentenbevorschussung', '25'],
    ],
  };
  for (const [list, codes] of Object.entries(lists)) {
    for (const [index, [code, text, bfs]] of codes.entries()) yield ['XLOVCode', [list, code, text, text.slice(0, 10), bfs, index + 1, true]];
  }
}

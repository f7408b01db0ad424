/**
 * The deterministic plan of a synthetic commune export: every row of every file, already formatted as
 * the export writes it, together with the fate a correct run must give it (loaded, filtered by a named
 * rule, quarantined with an issue code) and, for planted defects, which defect it carries. The generator
 * writes this plan; the expected results and the planted-defect list are counted from the same plan, so
 * they can never be copied from a run. All names and numbers are synthetic (no real person).
 */
import { SeededRandom } from './seeded-random.js';
import { DOCUMENTS_FOLDER } from './flat-file-layout.js';
import { formatSwissMoney, lastDay, pad, payment, row, swissDate, syntheticAhv, type PlannedRow } from './flat-file-plan-rows.js';
import { plantedRows } from './flat-file-planted-rows.js';

/** Default seed of the flat-file generator. */
export const FLAT_FILE_DEFAULT_SEED = 20_260_501;

/** Smallest `persons` at which the plan contains every planted defect. */
export const FLAT_FILE_MINIMUM_PERSONS = 12;

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

/** Legacy SHS benefit type (LEISTUNGSART) of a dossier kind; KES dossiers have none. */
function benefitTypeOf(kind: string, rnd: SeededRandom): string {
  return kind === 'AL' ? 'BV' : kind === 'SH' ? rnd.pick(['RF', 'RF', 'ZV']) : '';
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

/**
 * The generator of the KiSS-shaped source (kiss-tables.ts): one deterministic plan of every row for a
 * number of persons and a seed, with the planted defects of kiss-defects.ts at their keys. Synthetic data
 * only: invented names, AHV numbers with a valid check digit but no real person behind them.
 * `kiss-writers.ts` writes the plan to MariaDB and to a Windows-1252 CSV export, so both hold the same rows.
 */
import { SeededRandom } from '../../src/profiles/index.js';
import { KISS_DEFECT_KEYS as K, KISS_MINIMUM_PERSONS, STANDALONE_PERSONS as STANDALONE } from './kiss-defects.js';
import { type KissCell, type KissPlan, type KissTableName, XLOV_CODES } from './kiss-tables.js';

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
      // The first service is always economic assistance (WSH), so even a small source has budgets and bookings.
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

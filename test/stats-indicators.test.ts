/**
 * Canton indicators on hand-built cases: de-duplication of persons and dossiers across communes, gross
 * and net expenditure with stornos and reimbursements, ALBV amounts, the rate, closing reasons and
 * duration, and small-count suppression (primary and secondary).
 */
import { describe, expect, it } from 'vitest';
import {
  computeIndicators,
  parsePeriod,
  ratePercent,
  suppressDistribution,
  SUPPRESSED_MARKER,
  type AlbvAmount,
  type StatsCaseBundle,
} from '../src/stats/index.js';
import { bundle, id, payment, payments, person, wshCase } from './stats-fixtures.js';

/**
 * Anna (AHV number known) is supported in Bern (351) from January to April 2023 and, after a move, in
 * Köniz (355) from June to December 2023: two cases in two communes, and in Köniz her record is another
 * canonical person (another source system) with the same AHV number. Ben (no AHV number) and his son
 * Carl are supported in Bern all year; Ben's March payment is reversed; Ben repays CHF 500 and an
 * income of CHF 200 is credited to his account.
 */
function scenario(): StatsCaseBundle[] {
  const annaBern = person('anna-be', { vn: '7561234567897' });
  const annaKoeniz = person('anna-koe', { vn: '7561234567897' });
  const ben = person('ben', { sex: '1', dateOfBirth: '1975-02' });
  const carl = person('carl', { sex: '1', dateOfBirth: '2012-09-03' });
  const bern = wshCase('anna-be', annaBern, { municipalityBfsNumber: 351, shsClosingReason: '20', closedOn: '2023-05-31' });
  const koeniz = wshCase('anna-koe', annaKoeniz, { municipalityBfsNumber: 355, openedOn: '2023-06-01' });
  const benCase = wshCase('ben', ben, { municipalityBfsNumber: 351 });
  const march = payment(benCase, '2023-03', 100000);
  const benBookings = [
    ...payments(benCase, '2023-01', '2023-12', 100000),
    { ...march, id: id('storno', 'ben-march'), bookingType: 'STORNO', amountRappen: -100000, reversesBookingId: march.id, bookingDate: '2023-03-20' },
    { ...payment(benCase, '2023-07', -50000), id: id('repay', 'ben'), bookingType: 'REIMBURSEMENT_RECEIVED' },
    { ...payment(benCase, '2023-09', -20000), id: id('income', 'ben'), bookingType: 'INCOME_CREDITED' },
  ];
  return [
    bundle(bern, [annaBern], payments(bern, '2023-01', '2023-04', 150000)),
    bundle(koeniz, [annaKoeniz], payments(koeniz, '2023-06', '2023-12', 120000)),
    bundle(benCase, [ben, carl], benBookings),
  ];
}

const ALBV: AlbvAmount[] = [
  { kind: 'advanced', caseId: id('albv', '1'), municipalityBfsNumber: 351, rappen: 100000n },
  { kind: 'advanced', caseId: id('albv', '2'), municipalityBfsNumber: 355, rappen: 80000n },
  { kind: 'recovered', caseId: id('albv', '1'), municipalityBfsNumber: 351, rappen: 30000n },
];

describe('canton indicators', () => {
  it('counts dossiers, de-duplicates persons across communes and computes gross and net expenditure', () => {
    // Threshold 1: nothing is suppressed, so every figure can be checked.
    const table = computeIndicators(scenario(), { period: parsePeriod('2023'), scope: { kind: 'canton' }, population: 1000, threshold: 1 }, ALBV);
    // Three dossiers (Anna in Bern, Anna in Köniz, Ben; Ben's reversed March is a 1-month gap, no break).
    expect(table.dossiers).toBe(3);
    // One dossier per applicant across communes: Anna's two count once → 2.
    expect(table.dossiersDeduplicated).toBe(2);
    // Supported persons: Anna (same AHV number in both communes) + Ben + Carl = 3.
    expect(table.supportedPersons).toBe(3);
    // 3 of 1000 inhabitants = 0.3 %.
    expect(table.socialAssistanceRatePercent).toBe('0.3');
    // All three started in 2023, none after a break.
    expect(table.newDossiers).toBe(3);
    expect(table.reopenedDossiers).toBe(0);
    // Anna's Bern dossier: last payment April, closed April + 6 = October 2023, 4 months, reason 20.
    expect(table.closedDossiers).toBe(1);
    expect(table.closingReasons).toEqual({ '20': 1 });
    expect(table.medianDurationMonths).toBe(4);
    expect(table.durationClasses).toEqual({ '0-11': 1 });
    // Gross: 4 × 1500 + 7 × 1200 + 12 × 1000 − 1000 (storno) = 6000 + 8400 + 11000 = 25400.00.
    const gross = 4 * 150000 + 7 * 120000 + 12 * 100000 - 100000;
    expect(gross).toBe(2540000);
    expect(table.grossExpenditureChf).toBe('25400.00');
    // Reimbursements received: 500 + 200 = 700.00; net = 25400 − 700 = 24700.00.
    expect(table.reimbursementsChf).toBe('700.00');
    expect(table.netExpenditureChf).toBe('24700.00');
    // ALBV: advances 1000 + 800 = 1800.00, recovered 300.00.
    expect(table.albvAdvancedChf).toBe('1800.00');
    expect(table.albvRecoveredChf).toBe('300.00');
  });

  it('restricts a commune table to the dossiers and bookings of that commune', () => {
    const table = computeIndicators(scenario(), { period: parsePeriod('2023'), scope: { kind: 'commune', municipalityBfsNumbers: [351] }, threshold: 1 }, ALBV);
    // Bern: Anna's first dossier and Ben's; persons Anna, Ben, Carl.
    expect(table.dossiers).toBe(2);
    expect(table.supportedPersons).toBe(3);
    // Gross 6000 + 11000 = 17000.00; net 17000 − 700 = 16300.00; ALBV only Bern's case.
    expect(table.grossExpenditureChf).toBe('17000.00');
    expect(table.netExpenditureChf).toBe('16300.00');
    expect(table.albvAdvancedChf).toBe('1000.00');
    expect(table.socialAssistanceRatePercent).toBeNull();
  });

  it('counts a dossier only in the periods it received payments, and the re-opened ones', () => {
    const anna = person('anna');
    const c = wshCase('gap', anna);
    // 2022-10..2022-12, then nothing for 8 months, then 2023-09..2023-10: a re-opened dossier in 2023.
    const b = bundle(c, [anna], [...payments(c, '2022-10', '2022-12'), ...payments(c, '2023-09', '2023-10')]);
    const table = computeIndicators([b], { period: parsePeriod('2023'), scope: { kind: 'canton' }, threshold: 1 });
    // The 2022 dossier got no payment in 2023 but closes there (Dec 2022 + 6 = June 2023): closed 1, reason unknown.
    expect(table.dossiers).toBe(1);
    expect(table.reopenedDossiers).toBe(1);
    expect(table.newDossiers).toBe(0);
    expect(table.closedDossiers).toBe(1);
    expect(table.closingReasons).toEqual({ unknown: 1 });
  });

  it('suppresses small counts and the amounts that rest on few cases', () => {
    // Default threshold 5: 3 dossiers, 3 persons and money of 3 cases must not be published.
    const table = computeIndicators(scenario(), { period: parsePeriod('2023'), scope: { kind: 'canton' }, population: 1000 }, ALBV);
    expect(table.threshold).toBe(5);
    for (const value of [
      table.dossiers,
      table.supportedPersons,
      table.socialAssistanceRatePercent,
      table.grossExpenditureChf,
      table.netExpenditureChf,
      table.albvAdvancedChf,
    ]) {
      expect(value).toBe(SUPPRESSED_MARKER);
    }
    // Zero is published: nobody can be recognised in an empty cell.
    expect(table.reopenedDossiers).toBe(0);
  });

  it('publishes counts from the threshold up', () => {
    const many = Array.from({ length: 6 }, (_, i) => {
      const p = person(`p${String(i)}`);
      const c = wshCase(`c${String(i)}`, p);
      return bundle(c, [p], payments(c, '2023-01', '2023-02', 100000));
    });
    const table = computeIndicators(many, { period: parsePeriod('2023'), scope: { kind: 'canton' } });
    // Six one-person dossiers with 2 × CHF 1000 each.
    expect(table.dossiers).toBe(6);
    expect(table.supportedPersons).toBe(6);
    expect(table.grossExpenditureChf).toBe('12000.00');
  });

  it('hides a second cell when one hidden cell could be recomputed from the total', () => {
    // b (2) is small; alone it could be recomputed from the total, so c (7), the smallest other, goes too.
    expect(
      suppressDistribution(
        new Map([
          ['a', 10],
          ['b', 2],
          ['c', 7],
        ]),
      ),
    ).toEqual({ a: 10, b: 'X', c: 'X' });
    // Two small cells already protect each other.
    expect(
      suppressDistribution(
        new Map([
          ['a', 10],
          ['b', 2],
          ['c', 1],
        ]),
      ),
    ).toEqual({ a: 10, b: 'X', c: 'X' });
    expect(
      suppressDistribution(
        new Map([
          ['a', 10],
          ['b', 0],
        ]),
      ),
    ).toEqual({ a: 10 });
  });

  it('rounds the rate half up in tenths of a percent', () => {
    // 31 of 1000 = 3.1 %; 1 of 2000 = 0.05 % → 0.1; 1 of 3000 = 0.033 % → 0.0.
    expect(ratePercent(31, 1000)).toBe('3.1');
    expect(ratePercent(1, 2000)).toBe('0.1');
    expect(ratePercent(1, 3000)).toBe('0.0');
  });
});

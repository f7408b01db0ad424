/**
 * The statistical dossier derivation on hand-built cases: the 6-month rule, re-opening after a longer
 * break, the commune change, stornos, and the application type per period.
 */
import { describe, expect, it } from 'vitest';
import { applicationTypeIn, deriveDossiers, dossierKeyOf, parsePeriod } from '../src/stats/index.js';
import { bundle, domicile, payment, payments, person, wshCase } from './stats-fixtures.js';

describe('statistical dossiers: the 6-month rule', () => {
  it('keeps one dossier across a break of exactly six months and counts the break in the duration', () => {
    const anna = person('a');
    const c = wshCase('six', anna);
    // Payments Jan–Mar 2023, none Apr–Sep (six empty months), again Oct–Dec 2023.
    const b = bundle(c, [anna], [...payments(c, '2023-01', '2023-03'), ...payments(c, '2023-10', '2023-12')]);
    const dossiers = deriveDossiers(b, { referenceMonth: '2024-12' });
    expect(dossiers).toHaveLength(1);
    // Duration = first to last payment, interruption included: Jan..Dec 2023 = 12 months.
    expect(dossiers[0]?.durationMonths).toBe(12);
    // Closed six months after the last payment (Dec 2023 + 6 = Jun 2024), before the reference month.
    expect(dossiers[0]).toMatchObject({ closed: true, closureMonth: '2024-06', end: 'six-month-rule', openingType: '1' });
  });

  it('opens a new, re-opened dossier after a break of seven months', () => {
    const anna = person('a');
    const c = wshCase('seven', anna, { shsClosingReason: '1' });
    // Jan–Mar 2023, nothing Apr–Oct (seven empty months), Nov 2023 – Feb 2024.
    const b = bundle(c, [anna], [...payments(c, '2023-01', '2023-03'), ...payments(c, '2023-11', '2024-02')]);
    const [first, second, ...rest] = deriveDossiers(b, { referenceMonth: '2024-05' });
    expect(rest).toHaveLength(0);
    // First: Jan–Mar = 3 months, closed Mar + 6 = Sep 2023; the case's closing reason is not its own.
    expect(first).toMatchObject({ sequence: 1, durationMonths: 3, closed: true, closureMonth: '2023-09', openingType: '1' });
    expect(first?.closingReason).toBeUndefined();
    // Second: Nov 2023 – Feb 2024 = 4 months, re-opened (2); Feb + 6 = Aug 2024 is after May 2024: open.
    expect(second).toMatchObject({ sequence: 2, durationMonths: 4, closed: false, closureMonth: '2024-08', openingType: '2', end: 'open' });
    expect(second?.dossierKey).toBe(dossierKeyOf(c.id, 2));
    // In 2023 the second dossier started (re-opened), in 2024 it is running.
    expect(applicationTypeIn(second!, parsePeriod('2023'))).toBe('2');
    expect(applicationTypeIn(second!, parsePeriod('2024'))).toBe('3');
  });

  it('takes the case closing reason for the last dossier once it is closed', () => {
    const anna = person('a');
    const c = wshCase('closed', anna, { shsClosingReason: '1', closedOn: '2023-06-30' });
    const b = bundle(c, [anna], payments(c, '2023-01', '2023-06'));
    // As of Nov 2023 the dossier (last payment Jun) is not yet closed: Jun + 6 = Dec 2023.
    expect(deriveDossiers(b, { referenceMonth: '2023-11' })[0]).toMatchObject({ closed: false });
    expect(deriveDossiers(b, { referenceMonth: '2023-11' })[0]?.closingReason).toBeUndefined();
    expect(deriveDossiers(b, { referenceMonth: '2023-12' })[0]).toMatchObject({ closed: true, closureMonth: '2023-12', closingReason: '1' });
  });

  it('ignores reversed payments: a storno can turn a payment month into part of a break', () => {
    const anna = person('a');
    const c = wshCase('storno', anna);
    const june = payment(c, '2023-06');
    const storno = payment(c, '2023-06', -150000, {
      id: 'f6b0b8e2-0000-5000-8000-000000000001',
      bookingType: 'STORNO',
      reversesBookingId: june.id,
      bookingDate: '2023-06-10',
    });
    // Jan, (Jun reversed), Dec: Jan → Dec is a gap of 10 empty months → two dossiers.
    const b = bundle(c, [anna], [payment(c, '2023-01'), june, storno, payment(c, '2023-12')]);
    expect(deriveDossiers(b, { referenceMonth: '2024-01' }).map((d) => d.paymentMonths)).toEqual([['2023-01'], ['2023-12']]);
  });
});

describe('statistical dossiers: commune change', () => {
  it('closes the dossier in the old commune (reason 20) and opens a new one in the new commune', () => {
    const anna = person('a');
    const c = wshCase('move', anna, { municipalityBfsNumber: 351 });
    // Support domicile Bern (351) until 2023-04-14, Köniz (355) from 2023-04-15; payments Jan–Aug.
    const b = bundle(c, [anna], payments(c, '2023-01', '2023-08'), {
      supportDomiciles: [domicile(anna, 351, '2020-01-01', '2023-04-14'), domicile(anna, 355, '2023-04-15')],
    });
    const dossiers = deriveDossiers(b, { referenceMonth: '2023-08' });
    // The commune of a month is the domicile on its first day: Jan–Apr in 351, May–Aug in 355.
    expect(dossiers.map((d) => [d.municipalityBfsNumber, d.firstPaymentMonth, d.lastPaymentMonth])).toEqual([
      [351, '2023-01', '2023-04'],
      [355, '2023-05', '2023-08'],
    ]);
    expect(dossiers[0]).toMatchObject({ closed: true, end: 'commune-change', closureMonth: '2023-04', closingReason: '20', durationMonths: 4 });
    // The dossier in the new commune is a new one (1), not a re-opening.
    expect(dossiers[1]).toMatchObject({ closed: false, openingType: '1', durationMonths: 4 });
  });

  it('yields no dossier for cases outside WSH/ALBV or without payments', () => {
    const anna = person('a');
    const kes = wshCase('kes', anna, { domain: 'KES' });
    expect(deriveDossiers(bundle(kes, [anna], payments(kes, '2023-01', '2023-02')))).toEqual([]);
    const empty = wshCase('empty', anna);
    expect(deriveDossiers(bundle(empty, [anna], []))).toEqual([]);
  });
});

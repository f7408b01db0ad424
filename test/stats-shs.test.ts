/**
 * The SHS monthly delivery: dossier, person and booking rows of a month as known at its end, the
 * plausibility checks with their codes (missing fields, impossible combinations, amounts that do not add
 * up), the files in layout v1 with manifest control totals, and no personal data in any file.
 */
import { TEST_PSEUDONYM_KEY } from './helpers/pseudonym-key.js';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildShsMonth,
  checkDossierPlausibility,
  deriveDossiers,
  parsePeriod,
  passesPlausibility,
  personKeyFunction,
  rappenToChf,
  SHS_DOSSIER_COLUMNS,
  SHS_PLAUSIBILITY_CODES,
  SHS_TABLES,
  SHS_LAYOUT_VERSION,
  writeShsDelivery,
} from '../src/stats/index.js';
import { bundle, domicile, id, payment, payments, person, wshCase } from './stats-fixtures.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function family() {
  const mother = person('mother', { vn: '7561234567897', dateOfBirth: '1985-03-09', maritalStatus: '4', nationalities: ['CH'] });
  const child = person('child', { sex: '1', dateOfBirth: '2015-11-20' });
  const c = wshCase('family', mother, { shsClosingReason: '1' });
  return { mother, child, c };
}

function codes(issues: readonly { code: string }[]): string[] {
  return [...new Set(issues.map((i) => i.code))].sort();
}

describe('SHS month rows', () => {
  it('delivers the dossier, its persons and the month’s bookings as known at the end of the month', () => {
    const { mother, child, c } = family();
    const extra = { ...payment(c, '2023-03', 25000), id: id('oneoff', 'march'), bookingType: 'ONE_OFF_PAYMENT', bookingDate: '2023-03-15' };
    const b = bundle(c, [mother, child], [...payments(c, '2023-01', '2023-06', 210000), extra]);
    const rows = buildShsMonth([b], '2023-03');
    expect(rows.issues).toEqual([]);
    expect(rows.dossiers).toHaveLength(1);
    // As of March only Jan–Mar are booked: last payment March, duration 3, running, started in January (not this month).
    expect(rows.dossiers[0]).toMatchObject({
      reportMonth: '2023-03',
      municipalityBfsNumber: 351,
      benefitClass: 'WSH',
      benefitType: '1',
      applicationType: '3',
      firstPaymentMonth: '2023-01',
      lastPaymentMonth: '2023-03',
      status: 'running',
      closingReason: null,
      durationMonths: 3,
      supportedPersons: 2,
      // 2100 ordinary + 250 one-off booked in March.
      paidInMonthChf: '2350.00',
    });
    expect(rows.persons.map((p) => [p.role, p.sex, p.birthYear, p.birthMonth, p.isSupported])).toEqual([
      ['1', '2', 1985, 3, true],
      ['2', '1', 2015, 11, true],
    ]);
    expect(rows.bookings.map((r) => [r.bookingType, r.amountChf])).toEqual([
      ['ORDINARY_PAYMENT', '2100.00'],
      ['ONE_OFF_PAYMENT', '250.00'],
    ]);
    // January: the dossier is new in its first month.
    expect(buildShsMonth([b], '2023-01').dossiers[0]?.applicationType).toBe('1');
  });

  it('reports the closing reason in the month the dossier is closed by the 6-month rule', () => {
    const { mother, c } = family();
    const b = bundle(c, [mother], payments(c, '2023-01', '2023-02'));
    // Last payment February: closed in August (Feb + 6); in July it is still running.
    expect(buildShsMonth([b], '2023-07').dossiers[0]).toMatchObject({ status: 'running', closingReason: null });
    expect(buildShsMonth([b], '2023-08').dossiers[0]).toMatchObject({ status: 'closed', closureMonth: '2023-08', closingReason: '1' });
    // September: closed before the month, nothing booked → not delivered any more.
    expect(buildShsMonth([b], '2023-09').dossiers).toHaveLength(0);
  });

  it('keys persons by a keyed hash of the AHV number when a secret is set, the same across communes', () => {
    const keyOf = personKeyFunction({ secret: 'canton-secret-of-the-test' });
    const a = person('a', { vn: '7561234567897' });
    const b = person('b', { vn: '7561234567897' });
    expect(keyOf(a, a.id)).toBe(keyOf(b, b.id));
    expect(keyOf(a, a.id)).toMatch(/^[0-9a-f]{32}$/);
    // Without a secret each extract draws a fresh random key: nothing anyone could recompute.
    const once = personKeyFunction();
    expect(once(a, a.id)).toBe(once(b, b.id));
    expect(personKeyFunction()(a, a.id)).not.toBe(once(a, a.id));
  });
});

describe('SHS plausibility checks', () => {
  it('finds missing mandatory fields and leaves the dossier out of the delivery', () => {
    const anna = person('a', { sex: undefined as unknown as string });
    delete (anna as { sex?: string }).sex;
    const c = wshCase('missing', anna);
    delete (c as { shsBenefitType?: string }).shsBenefitType;
    const b = bundle(c, [anna], payments(c, '2023-01', '2023-02'));
    const issues = checkDossierPlausibility(b, deriveDossiers(b, { referenceMonth: '2023-02' })[0]!);
    expect(issues.filter((i) => i.code === 'shs.missing_field').map((i) => [i.entity, i.details?.['field'], i.severity])).toEqual([
      ['case', 'shsBenefitType', 'error'],
      ['person', 'sex', 'error'],
    ]);
    const rows = buildShsMonth([b], '2023-02');
    expect(rows.dossiers).toHaveLength(0);
    expect(rows.excluded).toBe(1);
    // includeFailing keeps it for inspection.
    expect(buildShsMonth([b], '2023-02', { includeFailing: true }).dossiers).toHaveLength(1);
  });

  it('finds impossible combinations', () => {
    const anna = person('a', { dateOfBirth: '2015-01-01', dateOfDeath: '2023-02-10' });
    const c = wshCase('impossible', anna, { shsBenefitClass: 'ALBV', closedOn: '2022-12-31', shsClosingReason: '23' });
    const b = bundle(c, [anna], payments(c, '2023-01', '2023-04'));
    const unit = { ...b.supportUnits[0]!, householdSize: 0 };
    const issues = checkDossierPlausibility({ ...b, supportUnits: [unit] }, deriveDossiers(b, { referenceMonth: '2023-04' })[0]!);
    // ALBV class on a WSH case; closed before opened; paid after death (April > February);
    // 8 years old at the start; household size 0 with one supported member.
    expect(codes(issues)).toEqual([
      'shs.applicant_age_implausible',
      'shs.benefit_class_mismatch',
      'shs.closed_before_opened',
      'shs.household_size_too_small',
      'shs.payment_after_death',
    ]);
    expect(issues.find((i) => i.code === 'shs.applicant_age_implausible')?.severity).toBe('warning');
  });

  it('finds amounts that do not add up', () => {
    const anna = person('a');
    const c = wshCase('amounts', anna);
    const jan = payment(c, '2023-01', 100000);
    const feb = payment(c, '2023-02', 100000);
    const mar = payment(c, '2023-03', 100000);
    const bookings = [
      jan,
      feb,
      mar,
      // A storno of CHF 900 against a CHF 1000 payment (January).
      { ...jan, id: id('s1'), bookingType: 'STORNO', amountRappen: -90000, reversesBookingId: jan.id },
      // A storno of a booking that is not in the case (February).
      { ...feb, id: id('s2'), bookingType: 'STORNO', amountRappen: -100000, reversesBookingId: id('elsewhere') },
      // March: the payment is reversed in full and a payment with a negative amount follows.
      { ...mar, id: id('s3'), bookingType: 'STORNO', amountRappen: -100000, reversesBookingId: mar.id },
      { ...mar, id: id('neg'), amountRappen: -5000 },
      // A reimbursement with a positive amount.
      { ...feb, id: id('pos'), bookingType: 'REIMBURSEMENT_RECEIVED', amountRappen: 5000 },
    ];
    const b = bundle(c, [anna], bookings);
    // January and March are reversed: one dossier of February, which owns all bookings of the case.
    const dossiers = deriveDossiers(b, { referenceMonth: '2023-03' });
    expect(dossiers.map((d) => d.paymentMonths)).toEqual([['2023-02']]);
    const issues = checkDossierPlausibility(b, dossiers[0]!, dossiers);
    // March nets 1000 − 1000 − 50 = −50 → month total negative.
    expect(codes(issues)).toEqual(['shs.booking_sign_invalid', 'shs.month_total_negative', 'shs.storno_amount_mismatch', 'shs.storno_unmatched']);
    expect(issues.find((i) => i.code === 'shs.month_total_negative')?.details).toEqual({ month: '2023-03' });
    expect(issues.filter((i) => i.code === 'shs.booking_sign_invalid')).toHaveLength(2);
    expect(passesPlausibility(issues)).toBe(false);
  });

  it('never delivers counselling cases', () => {
    const anna = person('a');
    const c = wshCase('counselling', anna, { shsBenefitType: '10' });
    const rows = buildShsMonth([bundle(c, [anna], payments(c, '2023-01', '2023-01'))], '2023-01');
    expect(rows.dossiers).toHaveLength(0);
    expect(rows.counselling).toBe(1);
  });
});

describe('SHS delivery files (layout v1)', () => {
  it('writes a year as twelve monthly deliveries whose manifests add up, without personal data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cb-shs-'));
    dirs.push(dir);
    const { mother, child, c } = family();
    const b = bundle(c, [mother, child], payments(c, '2023-01', '2023-06', 210000), { supportDomiciles: [domicile(mother, 351, '2010-01-01')] });
    const manifests = await writeShsDelivery([b], { period: parsePeriod('2023'), outDir: dir, personKey: personKeyFunction({ key: TEST_PSEUDONYM_KEY }) });
    expect(manifests.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, '0')}`));
    // Jan–Jun paid, then running until closure in December (June + 6): a dossier row in every month.
    expect(manifests.map((m) => m.rows.dossiers)).toEqual(Array(12).fill(1));
    expect(manifests.map((m) => m.rows.bookings)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(manifests[0]).toMatchObject({ layoutVersion: SHS_LAYOUT_VERSION, controlTotals: { paidInMonthChf: '2100.00', bookingsChf: '2100.00' } });
    const march = await readFile(join(dir, 'shs-2023-03-dossiers.csv'), 'utf8');
    expect(march.split('\n')[0]).toBe(SHS_DOSSIER_COLUMNS.map((col) => col.name).join(','));
    const december = (await readFile(join(dir, 'shs-2023-12-dossiers.csv'), 'utf8')).trim().split('\n');
    expect(december[1]).toContain(',closed,2023-12,1,6,2,0.00');
    const everything = (await Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
    for (const secret of ['Muster', 'Anna', '7561234567897', 'Musterweg', 'Musterhausen', '1985-03-09']) expect(everything).not.toContain(secret);
    expect(rappenToChf(-5)).toBe('-0.05');
  });
});

describe('documentation of layout v1', () => {
  it('docs/statistics.md lists every column of every table in file order and every plausibility code', async () => {
    const doc = await readFile(join(import.meta.dirname, '..', 'docs', 'statistics.md'), 'utf8');
    for (const [table, columns] of Object.entries(SHS_TABLES)) {
      const section = doc.slice(doc.indexOf(`shs-<month>-${table}`));
      const positions = columns.map((c) => section.indexOf(`| \`${c.name}\` |`));
      expect(
        positions.every((p) => p >= 0),
        table,
      ).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    for (const code of SHS_PLAUSIBILITY_CODES) expect(doc).toContain(`\`${code}\``);
  });
});

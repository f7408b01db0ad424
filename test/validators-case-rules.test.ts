import { describe, expect, it } from 'vitest';
import { monthsBetween, ordinaryPaymentMonths, validateCaseBundle, type CaseBundle } from '../src/validators/case/index.js';

const CASE = 'c0000000-0000-4000-8000-000000000001';
const UNIT = 'u0000000-0000-4000-8000-000000000001';
const P1 = 'p0000000-0000-4000-8000-000000000001';
const P2 = 'p0000000-0000-4000-8000-000000000002';

const baseCase = { id: CASE, domain: 'WSH', personId: P1, municipalityBfsNumber: 351, openedOn: '2022-01-01', shsBenefitType: '1', shsBenefitClass: 'WSH' };
const person = (id: string, extra: Record<string, unknown> = {}) => ({ id, sex: '2', dateOfBirth: '1985-04-02', ...extra });
const member = (n: number, personId: string, role: string) => ({ id: `m${n}`, supportUnitId: UNIT, personId, role, isSupported: true });
const pay = (n: number, month: string, extra: Record<string, unknown> = {}) => ({
  id: `b${n}`,
  caseId: CASE,
  bookingType: 'ORDINARY_PAYMENT',
  bookingDate: `${month}-01`,
  periodMonth: month,
  amountRappen: 150000,
  ...extra,
});

function bundle(over: Partial<Record<keyof CaseBundle, unknown>> = {}): CaseBundle {
  return {
    case: baseCase,
    persons: [person(P1), person(P2)],
    supportUnits: [{ id: UNIT, caseId: CASE, validFrom: '2022-01-01' }],
    supportUnitMembers: [member(1, P1, '1'), member(2, P2, '2')],
    bookings: [pay(1, '2023-01'), pay(2, '2023-02'), pay(3, '2023-03')],
    ...over,
  } as CaseBundle;
}

const REF = { referenceDate: '2023-06-30' };
const run = (b: CaseBundle) => validateCaseBundle(b, REF).map((i) => `${i.code}@${i.entity}${i.path}`);

describe('case bundle rules', () => {
  it.each<[string, CaseBundle, string[]]>([
    ['a complete, consistent WSH case', bundle(), []],
    ['no applicant', bundle({ supportUnitMembers: [member(2, P2, '2')] }), ['case.applicant_missing@case']],
    ['two applicants', bundle({ supportUnitMembers: [member(1, P1, '1'), member(2, P2, '1')] }), ['case.applicant_multiple@case']],
    ['a KES case needs no applicant', bundle({ case: { ...baseCase, domain: 'KES' }, supportUnitMembers: [] }), []],
    ['member without person', bundle({ persons: [person(P1)] }), ['case.member_person_missing@supportUnitMember/personId']],
    [
      'payment before opening',
      bundle({ bookings: [pay(1, '2021-12'), pay(2, '2023-06')] }),
      ['booking.before_case_opened@booking/bookingDate', 'case.six_month_break@case'],
    ],
    [
      'payment after closing',
      bundle({ case: { ...baseCase, closedOn: '2023-02-15', shsClosingReason: '1' }, bookings: [pay(1, '2023-02'), pay(2, '2023-03')] }),
      ['booking.after_case_closed@booking/bookingDate'],
    ],
    [
      'reimbursement after closing is fine',
      bundle({
        case: { ...baseCase, closedOn: '2023-03-31', shsClosingReason: '1' },
        bookings: [pay(1, '2023-03'), { id: 'r1', caseId: CASE, bookingType: 'REIMBURSEMENT_RECEIVED', bookingDate: '2023-05-02', amountRappen: -5000 }],
      }),
      [],
    ],
    ['booking of another case', bundle({ bookings: [pay(1, '2023-02', { caseId: 'other' })] }), ['booking.other_case@booking/caseId']],
    ['break of exactly 6 months keeps the dossier', bundle({ bookings: [pay(1, '2023-01'), pay(2, '2023-08')] }), []],
    ['break of 7 months needs a new dossier', bundle({ bookings: [pay(1, '2023-01'), pay(2, '2023-09')] }), ['case.six_month_break@case']],
    ['open case, last payment 7 months ago', bundle({ bookings: [pay(1, '2022-11')] }), ['case.six_month_close_due@case/closedOn']],
    ['open case, last payment 6 months ago', bundle({ bookings: [pay(1, '2022-12')] }), []],
    [
      'a reversed payment does not count',
      bundle({
        bookings: [
          pay(1, '2022-11'),
          pay(2, '2022-12'),
          { id: 's1', caseId: CASE, bookingType: 'STORNO', bookingDate: '2023-01-25', amountRappen: -150000, reversesBookingId: 'b2' },
        ],
      }),
      ['case.six_month_close_due@case/closedOn'],
    ],
    [
      'statistics: missing benefit type and closing reason',
      bundle({ case: { ...baseCase, shsBenefitType: undefined, closedOn: '2023-03-31' } }),
      ['shs.missing_field@case/shsBenefitType', 'shs.missing_field@case/shsClosingReason'],
    ],
    [
      'statistics: applicant without sex and birth date',
      bundle({ persons: [{ id: P1 }, person(P2)] }),
      ['shs.missing_field@person/sex', 'shs.missing_field@person/dateOfBirth'],
    ],
  ])('%s', (_name, b, expected) => {
    expect(run(b)).toEqual(expected);
  });

  it('counts months and picks effective ordinary payment months', () => {
    expect(monthsBetween('2022-11', '2023-02')).toBe(3);
    expect(
      ordinaryPaymentMonths([pay(1, '2023-03'), pay(2, '2023-01'), pay(3, '2023-01'), { id: 'x', bookingType: 'ONE_OFF_PAYMENT', bookingDate: '2023-05-01' }]),
    ).toEqual(['2023-01', '2023-03']);
  });

  it('puts record ids, never personal values, on issues', () => {
    const issues = validateCaseBundle(bundle({ persons: [{ id: P1, officialName: 'Muster' }, person(P2)] }), REF);
    expect(issues.every((i) => i.recordRef === P1)).toBe(true);
    expect(JSON.stringify(issues)).not.toContain('Muster');
  });
});

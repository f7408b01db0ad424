/**
 * The money side of the KiSS mappings (kiss-mappings.ts assembles them): financial plans (budget and
 * support unit), support-unit members, monthly budgets and budget positions read through joins (a
 * position finds its case and person only through budget → plan → service), and the booking table with
 * its receipts stored positive and its reimbursement claims, reconciled by one signed, filtered control
 * total per entity it feeds.
 */
import {
  type CodeListMap,
  type CompiledMapping,
  computed,
  constant,
  defineMapping,
  fail,
  id,
  lookup,
  ok,
  reference,
  rename,
  t,
  transform,
} from '../../src/index.js';
import { parseMoneyRappen } from '../../src/mappings/index.js';

/** Version of these mappings (the code-list pins are appended on compile). */
export const KISS_MAPPING_VERSION = '1.0.0';

const BOOKING_STATUS: Readonly<Record<number, 'open' | 'released' | 'paid' | 'cancelled'>> = { 1: 'open', 2: 'released', 3: 'paid', 9: 'cancelled' };

/** `YYYY-MM` of the Jahr/Monat columns, or null. */
function yearMonthOf(row: Readonly<Record<string, unknown>>): string | null {
  const [year, month] = [row['Jahr'], row['Monat']];
  if (typeof year !== 'number' || typeof month !== 'number' || month < 1 || month > 12) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The code-list maps the money mappings read. */
export interface KissFinanceMaps {
  readonly positionsart: CodeListMap;
  readonly buchungsart: CodeListMap;
}

/** Compiles the money mappings. */
export function kissFinanceMappings({ positionsart, buchungsart }: KissFinanceMaps): CompiledMapping[] {
  const financialPlan = defineMapping({
    name: 'financial-plan',
    version: KISS_MAPPING_VERSION,
    description: 'BgFinanzplan: the financial plan becomes a budget (parent of the monthly budgets) and the support unit it covers.',
    source: { table: 'BgFinanzplan', keyColumns: ['BgFinanzplanID'] },
    dependsOn: ['case'],
    entity: 'budget',
    yields: [
      {
        entity: 'supportUnit',
        fields: { id: id('BgFinanzplanID'), caseId: reference('case', 'FaLeistungID'), validFrom: rename('DatumVon'), validTo: rename('DatumBis') },
      },
      {
        entity: 'budget',
        fields: {
          id: id('BgFinanzplanID', { qualifier: 'finanzplan' }),
          caseId: reference('case', 'FaLeistungID'),
          supportUnitId: reference('supportUnit', 'BgFinanzplanID'),
          budgetType: constant('REGULAR'),
          periodFrom: rename('DatumVon'),
          periodTo: rename('DatumBis'),
        },
      },
    ],
    // One total per entity the table feeds (the monthly budgets, a join, carry none: see README).
    controlTotals: [{ source: { table: 'BgFinanzplan' }, entity: 'supportUnit' }],
  });

  const member = defineMapping({
    name: 'support-unit-member',
    version: KISS_MAPPING_VERSION,
    description: 'BgFinanzplan_BaPerson: members of the support unit with their SHS role.',
    source: { table: 'BgFinanzplan_BaPerson', keyColumns: ['BgFinanzplan_BaPersonID'] },
    dependsOn: ['financial-plan', 'person'],
    yields: [
      {
        entity: 'supportUnitMember',
        fields: {
          id: id('BgFinanzplan_BaPersonID'),
          supportUnitId: reference('supportUnit', 'BgFinanzplanID'),
          personId: reference('person', 'BaPersonID'),
          role: computed({ columns: ['RolleCode'], description: 'SHS person role 1–3 as stored' }, (row) =>
            row['RolleCode'] === 1 || row['RolleCode'] === 2 || row['RolleCode'] === 3 ? ok(String(row['RolleCode'])) : fail('mapping.role_unknown'),
          ),
          isSupported: computed({ columns: ['IstUnterstuetzt'], description: '1 = supported' }, (row) => ok(row['IstUnterstuetzt'] === 1)),
        },
      },
    ],
    controlTotals: [{ source: { table: 'BgFinanzplan_BaPerson' }, entity: 'supportUnitMember' }],
  });

  // A monthly budget names only its financial plan: the case comes from the plan (inner join p).
  const monthlyBudget = defineMapping({
    name: 'monthly-budget',
    version: KISS_MAPPING_VERSION,
    description: 'BgBudget: one monthly budget per plan and month; its case through the financial plan.',
    source: {
      join: {
        from: { table: 'BgBudget', as: 'b' },
        joins: [{ table: 'BgFinanzplan', as: 'p', on: [['b.BgFinanzplanID', 'p.BgFinanzplanID']], type: 'inner' }],
        columns: { BgBudgetID: 'b.BgBudgetID', BgFinanzplanID: 'b.BgFinanzplanID', Jahr: 'b.Jahr', Monat: 'b.Monat', FaLeistungID: 'p.FaLeistungID' },
        key: ['BgBudgetID'],
      },
    },
    dependsOn: ['financial-plan'],
    yields: [
      {
        entity: 'budget',
        fields: {
          id: id('BgBudgetID'),
          caseId: reference('case', 'FaLeistungID'),
          financialPlanId: reference('budget', 'BgFinanzplanID', { qualifier: 'finanzplan' }),
          supportUnitId: reference('supportUnit', 'BgFinanzplanID'),
          budgetType: constant('REGULAR'),
          budgetMonth: computed({ columns: ['Jahr', 'Monat'], description: 'Jahr and Monat as YYYY-MM' }, (row) => {
            const ym = yearMonthOf(row);
            return ym === null ? fail('transform.date_invalid') : ok(ym);
          }),
          periodFrom: computed({ columns: ['Jahr', 'Monat'], description: 'first day of Jahr/Monat' }, (row) => {
            const ym = yearMonthOf(row);
            return ym === null ? fail('transform.date_invalid') : ok(`${ym}-01`);
          }),
        },
      },
    ],
  });

  // A position → its budget (inner: a position without budget is the filter join-unmatched-b) → plan → service → person.
  const position = defineMapping({
    name: 'budget-position',
    version: KISS_MAPPING_VERSION,
    description: 'BgPosition: budget lines; the person is the applicant of the service the budget belongs to.',
    source: {
      join: {
        from: { table: 'BgPosition', as: 'pos' },
        joins: [
          { table: 'BgBudget', as: 'b', on: [['pos.BgBudgetID', 'b.BgBudgetID']], type: 'inner' },
          { table: 'BgFinanzplan', as: 'p', on: [['b.BgFinanzplanID', 'p.BgFinanzplanID']], type: 'left' },
          { table: 'FaLeistung', as: 'l', on: [['p.FaLeistungID', 'l.FaLeistungID']], type: 'left' },
        ],
        columns: {
          BgPositionID: 'pos.BgPositionID',
          BgBudgetID: 'pos.BgBudgetID',
          BgPositionsartID: 'pos.BgPositionsartID',
          Betrag: 'pos.Betrag',
          BaPersonID: 'l.BaPersonID',
        },
        key: ['BgPositionID'],
      },
    },
    dependsOn: ['monthly-budget', 'person'],
    yields: [
      {
        entity: 'budgetLine',
        fields: {
          id: id('BgPositionID'),
          budgetId: reference('budget', 'BgBudgetID'),
          personId: reference('person', 'BaPersonID', { optional: true }),
          lineType: lookup('BgPositionsartID', positionsart),
          amountRappen: transform('Betrag', t.moneyRappen()),
          effectiveAmountRappen: transform('Betrag', t.moneyRappen()),
        },
      },
    ],
  });

  const booking = defineMapping({
    name: 'booking',
    version: KISS_MAPPING_VERSION,
    description: 'KbBuchung: payments (A) and receipts (E), stored positive in KiSS, receipts negative in the model; reimbursement claims (F).',
    source: { table: 'KbBuchung', keyColumns: ['KbBuchungID'] },
    dependsOn: ['case', 'person', 'monthly-budget'],
    entity: 'booking',
    filters: [
      {
        name: 'cancelled-bookings',
        description: 'Bookings cancelled before they were paid out (status 9) moved no money.',
        columns: ['StatusCode'],
        test: (row) => row['StatusCode'] === 9,
      },
    ],
    yields: [
      {
        entity: 'booking',
        when: {
          description: 'payments and receipts (A, E)',
          columns: ['Buchungsart'],
          test: (row) => row['Buchungsart'] === 'A' || row['Buchungsart'] === 'E',
        },
        fields: {
          id: id('KbBuchungID'),
          bookingType: lookup('Buchungsart', buchungsart),
          bookingDate: rename('BuchungsDatum'),
          amountRappen: computed({ columns: ['Betrag', 'Buchungsart'], description: 'Betrag in Rappen, negated for receipts (E)' }, (row) => {
            const rappen = parseMoneyRappen(row['Betrag']);
            if (!rappen.ok) return rappen;
            return ok(row['Buchungsart'] === 'E' ? -rappen.value : rappen.value);
          }),
          status: computed({ columns: ['StatusCode'], description: '1 open, 2 released, 3 paid, 9 cancelled' }, (row) =>
            ok(BOOKING_STATUS[Number(row['StatusCode'])] ?? null),
          ),
          caseId: reference('case', 'FaLeistungID'),
          personId: reference('person', 'BaPersonID', { optional: true }),
          budgetId: reference('budget', 'BgBudgetID', { optional: true }),
        },
      },
      {
        entity: 'reimbursementClaim',
        when: { description: 'reimbursement claims (F)', columns: ['Buchungsart'], test: (row) => row['Buchungsart'] === 'F' },
        fields: {
          id: id('KbBuchungID'),
          caseId: reference('case', 'FaLeistungID'),
          debtorPersonId: reference('person', 'BaPersonID', { optional: true }),
          legalGround: constant('IMPROVED_CIRCUMSTANCES'),
          decidedOn: rename('BuchungsDatum'),
          claimedRappen: transform('Betrag', t.moneyRappen()),
        },
      },
    ],
    // One total per entity the table feeds, each over its own rows (where); receipts count negative (negateWhen).
    controlTotals: [
      {
        source: {
          table: 'KbBuchung',
          yearColumn: 'BuchungsDatum',
          sumColumns: ['Betrag'],
          where: [{ column: 'Buchungsart', in: ['A', 'E'] }],
          negateWhen: [{ column: 'Buchungsart', in: ['E'] }],
        },
        entity: 'booking',
        yearField: 'bookingDate',
        sums: { Betrag: 'amountRappen' },
      },
      {
        source: { table: 'KbBuchung', sumColumns: ['Betrag'], where: [{ column: 'Buchungsart', in: ['F'] }] },
        entity: 'reimbursementClaim',
        sums: { Betrag: 'claimedRappen' },
      },
    ],
  });

  return [financialPlan, member, monthlyBudget, position, booking];
}

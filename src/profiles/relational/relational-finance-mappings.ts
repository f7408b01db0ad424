/**
 * Mappings of the relational profile's money: financial plans (budget + support unit), support-unit
 * members, monthly budgets, budget positions, client-accounting bookings (with storno links) and the
 * collection module's legal titles and periodic claims. Money is parsed into exact Rappen; the text
 * amounts of the collection module go through the Swiss money parser.
 */
import { computed, constant, defineMapping, id, lookup, reference, rename, transform, type CompiledMapping } from '../../mappings/dsl/index.js';
import { fail, ok } from '../../mappings/transforms/transform-result.js';
import { parseMoneyRappen, t } from '../../mappings/transforms/index.js';
import type { RelationalCodeMaps } from './relational-code-maps.js';
import { RELATIONAL_MAPPING_VERSION } from './relational-party-mappings.js';

const BUDGET_STATUS: Readonly<Record<number, 'draft' | 'submitted' | 'approved' | 'rejected'>> = { 1: 'submitted', 2: 'approved', 3: 'rejected' };
const BOOKING_STATUS: Readonly<Record<number, 'open' | 'released' | 'paid' | 'cancelled'>> = { 1: 'open', 2: 'released', 3: 'paid', 4: 'cancelled' };

/** `YYYY-MM` of the Jahr/Monat columns. */
function yearMonthOf(row: Readonly<Record<string, unknown>>): string | null {
  const year = row['Jahr'];
  const month = row['Monat'];
  if (typeof year !== 'number' || typeof month !== 'number' || month < 1 || month > 12) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

function lastDayOf(yearMonth: string): string {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${yearMonth}-${String(day).padStart(2, '0')}`;
}

/** Compiles the money mappings against loaded code-list maps. */
export function relationalFinanceMappings(maps: RelationalCodeMaps): CompiledMapping[] {
  const plan = defineMapping({
    name: 'financial-plan',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'BgFinanzplan: the financial plan becomes a budget (parent of the monthly budgets) and the support unit it covers.',
    source: { table: 'BgFinanzplan', keyColumns: ['BgFinanzplanID'] },
    dependsOn: ['case'],
    yields: [
      {
        entity: 'supportUnit',
        fields: {
          id: id('BgFinanzplanID'),
          caseId: reference('case', 'FaLeistungID'),
          householdSize: rename('Haushaltsgroesse'),
          validFrom: rename('DatumVon'),
          validTo: rename('DatumBis'),
        },
      },
      {
        entity: 'budget',
        fields: {
          id: id('BgFinanzplanID', { qualifier: 'finanzplan' }),
          caseId: reference('case', 'FaLeistungID'),
          supportUnitId: reference('supportUnit', 'BgFinanzplanID'),
          budgetType: lookup('WhHilfeTypCode', maps.hilfetyp),
          periodFrom: rename('DatumVon'),
          periodTo: rename('DatumBis'),
        },
      },
    ],
    entity: 'budget',
    // Budgets also come from the monthly budgets: reconciliation adds both mappings' source counts up.
    controlTotals: [
      { source: { table: 'BgFinanzplan' }, entity: 'budget' },
      { source: { table: 'BgFinanzplan' }, entity: 'supportUnit' },
    ],
  });
  const member = defineMapping({
    name: 'support-unit-member',
    version: RELATIONAL_MAPPING_VERSION,
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
          role: lookup('RolleCode', maps.ueRolle),
          relationshipToApplicant: computed(
            { columns: ['RolleCode'], description: 'SHS relation to the applicant: 2 (partner) → 2, 3 (child) → 3 (own child), else none' },
            (r) => ok(r['RolleCode'] === 2 ? '2' : r['RolleCode'] === 3 ? '3' : null),
          ),
          isSupported: rename('IstUnterstuetzt'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'BgFinanzplan_BaPerson' }, entity: 'supportUnitMember' }],
  });
  const budget = defineMapping({
    name: 'monthly-budget',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'BgBudget: one monthly budget per plan and month.',
    source: { table: 'BgBudget', keyColumns: ['BgBudgetID'] },
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
          budgetMonth: computed({ columns: ['Jahr', 'Monat'], description: 'Jahr and Monat as YYYY-MM' }, (r) => {
            const ym = yearMonthOf(r);
            return ym === null ? fail('transform.date_invalid') : ok(ym);
          }),
          periodFrom: computed({ columns: ['Jahr', 'Monat'], description: 'first day of Jahr/Monat' }, (r) => {
            const ym = yearMonthOf(r);
            return ym === null ? fail('transform.date_invalid') : ok(`${ym}-01`);
          }),
          periodTo: computed({ columns: ['Jahr', 'Monat'], description: 'last day of Jahr/Monat' }, (r) => {
            const ym = yearMonthOf(r);
            return ym === null ? fail('transform.date_invalid') : ok(lastDayOf(ym));
          }),
          isMasterBudget: rename('MasterBudget'),
          status: computed({ columns: ['BewilligungStatusCode'], description: '1 submitted, 2 approved, 3 rejected, else draft' }, (r) =>
            ok(BUDGET_STATUS[Number(r['BewilligungStatusCode'])] ?? 'draft'),
          ),
        },
      },
    ],
    controlTotals: [{ source: { table: 'BgBudget' }, entity: 'budget' }],
  });
  const position = defineMapping({
    name: 'budget-position',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'BgPosition: budget lines (needs and income) with reductions; effective = amount − reduction.',
    source: { table: 'BgPosition', keyColumns: ['BgPositionID'] },
    dependsOn: ['monthly-budget', 'person'],
    yields: [
      {
        entity: 'budgetLine',
        fields: {
          id: id('BgPositionID'),
          budgetId: reference('budget', 'BgBudgetID'),
          personId: reference('person', 'BaPersonID', { optional: true }),
          lineType: lookup('BgPositionsartCode', maps.positionsart),
          amountRappen: transform('Betrag', t.moneyRappen()),
          reductionRappen: transform('Reduktion', t.moneyRappen()),
          effectiveAmountRappen: computed({ columns: ['Betrag', 'Reduktion'], description: 'Betrag − Reduktion in Rappen' }, (r) => {
            const amount = parseMoneyRappen(r['Betrag']);
            if (!amount.ok) return amount;
            if (r['Reduktion'] === null) return ok(amount.value);
            const reduction = parseMoneyRappen(r['Reduktion']);
            return reduction.ok ? ok(amount.value - reduction.value) : reduction;
          }),
          validFrom: rename('DatumVon'),
          validTo: rename('DatumBis'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'BgPosition', sumColumns: ['Betrag'] }, entity: 'budgetLine', sums: { Betrag: 'amountRappen' } }],
  });
  const booking = defineMapping({
    name: 'booking',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'KbBuchung: client-accounting bookings; a storno points at the booking it reverses.',
    source: { table: 'KbBuchung', keyColumns: ['KbBuchungID'] },
    dependsOn: ['case', 'person', 'monthly-budget'],
    yields: [
      {
        entity: 'booking',
        fields: {
          id: id('KbBuchungID'),
          voucherNumber: rename('Belegnummer'),
          bookingType: lookup('BuchungstypCode', maps.buchungstyp),
          bookingDate: rename('BuchungsDatum'),
          valueDate: rename('ValutaDatum'),
          amountRappen: transform('Betrag', t.moneyRappen()),
          debitAccount: rename('SollKonto'),
          creditAccount: rename('HabenKonto'),
          status: computed({ columns: ['StatusCode'], description: '1 open, 2 released, 3 paid, 4 cancelled' }, (r) =>
            ok(BOOKING_STATUS[Number(r['StatusCode'])] ?? null),
          ),
          reversesBookingId: reference('booking', 'StornoKbBuchungID', { optional: true }),
          caseId: reference('case', 'FaLeistungID', { optional: true }),
          personId: reference('person', 'BaPersonID', { optional: true }),
          budgetId: reference('budget', 'BgBudgetID', { optional: true }),
        },
      },
    ],
    controlTotals: [
      {
        source: { table: 'KbBuchung', yearColumn: 'BuchungsDatum', sumColumns: ['Betrag'] },
        entity: 'booking',
        yearField: 'bookingDate',
        sums: { Betrag: 'amountRappen' },
      },
    ],
  });
  const title = defineMapping({
    name: 'maintenance-title',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'IkRechtstitel: legal maintenance titles; the legal-force date is a dd.mm.yyyy text column.',
    source: { table: 'IkRechtstitel', keyColumns: ['IkRechtstitelID'] },
    dependsOn: ['case', 'person'],
    yields: [
      {
        entity: 'maintenanceTitle',
        fields: {
          id: id('IkRechtstitelID'),
          caseId: reference('case', 'FaLeistungID', { optional: true }),
          creditorPersonId: reference('person', 'GlaeubigerBaPersonID'),
          debtorPersonId: reference('person', 'SchuldnerBaPersonID', { optional: true }),
          titleType: lookup('RechtstitelTypCode', maps.rechtstiteltyp),
          legalForceOn: transform('RechtskraftText', t.swissDate()),
          validFrom: rename('GueltigVon'),
          validTo: rename('GueltigBis'),
          baseChildMaintenanceRappen: transform('BasisKinderalimente', t.moneyRappen()),
        },
      },
    ],
    controlTotals: [
      {
        source: { table: 'IkRechtstitel', sumColumns: ['BasisKinderalimente'] },
        entity: 'maintenanceTitle',
        sums: { BasisKinderalimente: 'baseChildMaintenanceRappen' },
      },
    ],
  });
  const claim = defineMapping({
    name: 'maintenance-claim',
    version: RELATIONAL_MAPPING_VERSION,
    description: "IkForderung: periodic claims of a title; amounts are text (1'234.50, 850.–, 1234,50, CHF 1'100.00).",
    source: { table: 'IkForderung', keyColumns: ['IkForderungID'] },
    dependsOn: ['maintenance-title'],
    yields: [
      {
        entity: 'maintenanceClaim',
        fields: {
          id: id('IkForderungID'),
          titleId: reference('maintenanceTitle', 'IkRechtstitelID'),
          claimType: lookup('ForderungTypCode', maps.forderungtyp),
          amountRappen: transform('BetragText', t.moneyRappen()),
          validFrom: rename('GueltigVon'),
          validTo: rename('GueltigBis'),
          albvEligible: rename('ALBVBerechtigt'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'IkForderung' }, entity: 'maintenanceClaim' }],
  });
  return [plan, member, budget, position, booking, title, claim];
}

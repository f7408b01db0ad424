/**
 * The KiSS-shaped source (kiss-source.ts) mapped into the canonical model the way a vendor's engineer
 * would, from the docs and the public API alone (`casebridge` and `casebridge/mappings`, here as their
 * source entry points). It shows, together: joins (a monthly budget finds its case through its
 * financial plan; a position finds budget, plan, service and person; a KES measure its person through
 * its service), field policies (a zero birth date loads as unknown with a warning, an unmapped civil
 * status as 9 "unknown" with a warning), keep-and-warn (an old 11-digit AHV number only), a lookup over
 * two columns (KES measure type and ZGB article), person relations, the dossier above the services, and
 * control totals with a filter and a sign expression (receipts are stored positive in KiSS, negative in
 * the model). test/profile-kiss-e2e.test.ts runs these mappings from MariaDB and from the CSV export.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  type CompiledMapping,
  computed,
  constant,
  defineMapping,
  fail,
  id,
  keep,
  loadCodeListMap,
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

/** The shipped code-list maps (`examples/kiss/codes`). */
export const KISS_CODES_DIR = fileURLToPath(new URL('./codes/', import.meta.url));

const BOOKING_STATUS: Readonly<Record<number, 'open' | 'released' | 'paid' | 'cancelled'>> = { 1: 'open', 2: 'released', 3: 'paid', 9: 'cancelled' };
const CHILD_ARTICLES = new Set([307, 308]);
const ARTICLE_TEXT: Readonly<Record<number, string>> = {
  307: 'Art. 307 Abs. 3 ZGB',
  308: 'Art. 308 Abs. 1 ZGB',
  393: 'Art. 393 ZGB',
  394: 'Art. 394 Abs. 1 ZGB',
  395: 'Art. 395 Abs. 1 ZGB',
};

/** `YYYY-MM` of the Jahr/Monat columns, or null. */
function yearMonthOf(row: Readonly<Record<string, unknown>>): string | null {
  const [year, month] = [row['Jahr'], row['Monat']];
  if (typeof year !== 'number' || typeof month !== 'number' || month < 1 || month > 12) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Compiles the KiSS mappings with the code-list maps of `codesDir` (default: the shipped ones). */
export async function kissMappings(codesDir: string = KISS_CODES_DIR): Promise<CompiledMapping[]> {
  const map = (file: string, id: string, targetCodeList: string) => loadCodeListMap(path.join(codesDir, file), { id, version: '2026-04', targetCodeList });
  const [zivilstand, geschlecht, relation, modul, positionsart, buchungsart, kesMassnahme] = await Promise.all([
    map('zivilstand.csv', 'kiss.zivilstand', 'ech0011.maritalStatus'),
    map('geschlecht.csv', 'kiss.geschlecht', 'ech0011.sex'),
    map('relation.csv', 'kiss.relation', 'ech0021.typeOfRelationship'),
    map('modul.csv', 'kiss.modul', 'cb.caseDomain'),
    map('positionsart.csv', 'kiss.positionsart', 'skos.budgetLineType'),
    map('buchungsart.csv', 'kiss.buchungsart', 'cb.bookingType'),
    map('kes-massnahme.csv', 'kiss.kes-massnahme', 'kokes.measureType'),
  ]);

  const person = defineMapping({
    name: 'person',
    version: KISS_MAPPING_VERSION,
    description: 'BaPerson: one canonical person per legacy person.',
    source: { table: 'BaPerson', keyColumns: ['BaPersonID'] },
    yields: [
      {
        entity: 'person',
        fields: {
          id: id('BaPersonID'),
          officialName: rename('Name'),
          firstName: rename('Vorname'),
          // MariaDB 0000-00-00 / CSV 00.00.0000: the person loads with an unknown birth date and a warning.
          dateOfBirth: rename('Geburtsdatum', { onInvalid: 'null' }),
          sex: lookup('GeschlechtCode', geschlecht),
          // An old installation code no map knows: "9 unbekannt" with a warning.
          maritalStatus: lookup('ZivilstandCode', zivilstand, { onInvalid: { default: '9' } }),
          vn: transform('Versichertennummer', t.ahvn13()),
          oldAhvNumber: computed(
            { columns: ['AHVNummer', 'Versichertennummer'], description: 'old 11-digit AHV number; warned when it is the only one' },
            (row) => {
              if (row['AHVNummer'] === null) return ok(null);
              const digits = String(row['AHVNummer']).replace(/\D/g, '');
              if (digits.length !== 11) return fail('person.ahv_invalid');
              return row['Versichertennummer'] === null ? keep(digits).warn('person.ahv_old_number_only') : ok(digits);
            },
          ),
        },
      },
    ],
    controlTotals: [{ source: { table: 'BaPerson' }, entity: 'person' }],
  });

  const personRelation = defineMapping({
    name: 'person-relation',
    version: KISS_MAPPING_VERSION,
    description: 'BaPerson_Relation: what person 2 is to person 1 (the table has no primary key in the source).',
    source: { table: 'BaPerson_Relation', keyColumns: ['BaPerson_RelationID'] },
    dependsOn: ['person'],
    yields: [
      {
        entity: 'personRelation',
        fields: {
          id: id('BaPerson_RelationID'),
          personId: reference('person', 'BaPersonID_1'),
          relatedPersonId: reference('person', 'BaPersonID_2'),
          relationType: lookup('BaRelationID', relation),
          sourceRelationCode: computed({ columns: ['BaRelationID'], description: 'the KiSS BaRelation code as text' }, (row) =>
            ok(String(row['BaRelationID'])),
          ),
          validFrom: rename('DatumVon'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'BaPerson_Relation' }, entity: 'personRelation' }],
  });

  const caseContainer = defineMapping({
    name: 'case-container',
    version: KISS_MAPPING_VERSION,
    description: 'FaFall: the dossier above the services of a person.',
    source: { table: 'FaFall', keyColumns: ['FaFallID'] },
    dependsOn: ['person'],
    yields: [
      {
        entity: 'caseContainer',
        fields: {
          id: id('FaFallID'),
          personId: reference('person', 'BaPersonID'),
          municipalityBfsNumber: rename('GemeindeCode'),
          openedOn: rename('DatumVon'),
          closedOn: rename('DatumBis'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'FaFall' }, entity: 'caseContainer' }],
  });

  const kase = defineMapping({
    name: 'case',
    version: KISS_MAPPING_VERSION,
    description: 'FaLeistung: one case per service, below its dossier.',
    source: { table: 'FaLeistung', keyColumns: ['FaLeistungID'] },
    dependsOn: ['person', 'case-container'],
    filters: [
      {
        name: 'test-cases',
        description: 'Services marked as test cases (IstTestfall = 1) are training data, not clients.',
        columns: ['IstTestfall'],
        test: (row) => row['IstTestfall'] === 1,
      },
    ],
    yields: [
      {
        entity: 'case',
        fields: {
          id: id('FaLeistungID'),
          caseContainerId: reference('caseContainer', 'FaFallID'),
          domain: lookup('ModulID', modul),
          personId: reference('person', 'BaPersonID'),
          municipalityBfsNumber: constant(351),
          openedOn: rename('DatumVon'),
          closedOn: rename('DatumBis'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'FaLeistung', yearColumn: 'DatumVon' }, entity: 'case', yearField: 'openedOn' }],
  });

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

  // The person is on the service: a KES measure reads it through the join (inner: a measure needs its service).
  const kes = defineMapping({
    name: 'kes-measure',
    version: KISS_MAPPING_VERSION,
    description: 'KesMassnahme: protection measures; KOKES type from measure type and ZGB article together.',
    source: {
      join: {
        from: { table: 'KesMassnahme', as: 'm' },
        joins: [{ table: 'FaLeistung', as: 'l', on: [['m.FaLeistungID', 'l.FaLeistungID']], type: 'inner' }],
        columns: {
          KesMassnahmeID: 'm.KesMassnahmeID',
          FaLeistungID: 'm.FaLeistungID',
          MassnahmeTypCode: 'm.MassnahmeTypCode',
          ZGBArtikelCode: 'm.ZGBArtikelCode',
          DatumVon: 'm.DatumVon',
          DatumBis: 'm.DatumBis',
          BaPersonID: 'l.BaPersonID',
        },
        key: ['KesMassnahmeID'],
      },
    },
    dependsOn: ['case', 'person'],
    yields: [
      {
        entity: 'kesMeasure',
        fields: {
          id: id('KesMassnahmeID'),
          personId: reference('person', 'BaPersonID'),
          caseId: reference('case', 'FaLeistungID'),
          measureType: lookup(['MassnahmeTypCode', 'ZGBArtikelCode'], kesMassnahme),
          isChild: computed({ columns: ['ZGBArtikelCode'], description: 'child protection: Art. 307/308 ZGB' }, (row) =>
            ok(CHILD_ARTICLES.has(Number(row['ZGBArtikelCode']))),
          ),
          zgbArticle: computed({ columns: ['ZGBArtikelCode'], description: 'the article as cited (XLOVCode ZGBArtikel)' }, (row) => {
            const text = ARTICLE_TEXT[Number(row['ZGBArtikelCode'])];
            return text === undefined ? fail('mapping.article_unknown') : ok(text);
          }),
          decidedOn: rename('DatumVon'),
          endedOn: rename('DatumBis'),
        },
      },
    ],
  });

  return [person, personRelation, caseContainer, kase, financialPlan, member, monthlyBudget, position, booking, kes];
}

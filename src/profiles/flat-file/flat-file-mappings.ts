/**
 * The mappings of the flat-file export onto the canonical model, written with the mapping DSL. One
 * mapping per file; the dossier row also yields the household (one household per dossier, as these
 * exports have no household table). Control totals: row counts per file, and for payments the count and
 * exact amount sum per booking year, computed by the files connector over the raw file.
 */
import { computed, constant, defineMapping, id, lookup, reference, rename, transform, type CompiledMapping } from '../../mappings/dsl/index.js';
import { t } from '../../mappings/transforms/index.js';
import { ok } from '../../mappings/transforms/transform-result.js';
import { loadFlatFileCodeLists, type FlatFileCodeLists } from './flat-file-code-lists.js';

/** Version of the flat-file mappings (code-list pins are appended at compile time). */
export const FLAT_FILE_MAPPING_VERSION = '1.0.0';

/** Mapping names, one per export file. */
export const FLAT_FILE_MAPPING_NAMES = {
  persons: 'persons',
  addresses: 'addresses',
  dossiers: 'dossiers',
  members: 'household-members',
  budgets: 'budgets',
  budgetLines: 'budget-lines',
  payments: 'payments',
  documents: 'documents',
} as const;

const N = FLAT_FILE_MAPPING_NAMES;
const V = FLAT_FILE_MAPPING_VERSION;
/** SHS benefit class (Leistungsklasse) of the assistance dossier kinds. */
const BENEFIT_CLASS_OF_KIND: Readonly<Record<string, string>> = { SH: 'WSH', AL: 'ALBV' };
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/** Compiles the flat-file mappings against the given code-list maps (default: the shipped maps). */
export function flatFileMappings(codes: FlatFileCodeLists = loadFlatFileCodeLists()): readonly CompiledMapping[] {
  const persons = defineMapping({
    name: N.persons,
    version: V,
    description: 'PERSONEN.csv: clients and household members.',
    source: { table: 'persons', keyColumns: ['PERS_NR'] },
    controlTotals: [{ source: { table: 'persons' }, entity: 'person' }],
    yields: [
      {
        entity: 'person',
        fields: {
          id: id('PERS_NR'),
          officialName: transform('NAME', t.text()),
          firstName: transform('VORNAME', t.text()),
          dateOfBirth: transform('GEBDAT', t.partialDate()),
          sex: transform('GESCHLECHT', t.sex()),
          maritalStatus: lookup('ZIVILSTAND', codes.maritalStatus),
          vn: transform('AHV_NR', t.ahvn13()),
        },
      },
    ],
  });

  const addresses = defineMapping({
    name: N.addresses,
    version: V,
    description: 'ADRESSEN.csv: residence addresses.',
    source: { table: 'addresses', keyColumns: ['ADR_NR'] },
    dependsOn: [N.persons],
    controlTotals: [{ source: { table: 'addresses' }, entity: 'address' }],
    yields: [
      {
        entity: 'address',
        fields: {
          id: id('ADR_NR'),
          personId: reference('person', 'PERS_NR'),
          addressType: constant('RESIDENCE'),
          street: rename('STRASSE'),
          houseNumber: rename('HAUSNR'),
          swissZipCode: transform('PLZ', t.integer()),
          town: rename('ORT'),
          municipalityBfsNumber: transform('BFS_NR', t.integer()),
          countryIso2: constant('CH'),
          validFrom: transform('GUELTIG_AB', t.swissDate()),
        },
      },
    ],
  });

  const dossiers = defineMapping({
    name: N.dossiers,
    version: V,
    entity: 'case',
    description: 'DOSSIERS.csv: one case per dossier (with its SHS benefit type and class and closing reason), its household and its support unit.',
    source: { table: 'dossiers', keyColumns: ['DOSSIER_NR'] },
    dependsOn: [N.persons],
    filters: [
      {
        name: 'test-dossiers',
        description: 'Test dossiers created by the vendor (TESTFALL = J); not real clients.',
        columns: ['TESTFALL'],
        test: (r) => r['TESTFALL'] === 'J',
      },
    ],
    controlTotals: [{ source: { table: 'dossiers' }, entity: 'case' }],
    yields: [
      {
        entity: 'case',
        fields: {
          id: id('DOSSIER_NR'),
          domain: lookup('ART', codes.caseDomain),
          caseNumber: rename('DOSSIER_NR'),
          personId: reference('person', 'PERS_NR'),
          municipalityBfsNumber: transform('GEMEINDE_BFS', t.integer()),
          caseworkerRef: rename('SACHBEARBEITER'),
          openedOn: transform('EROEFFNET', t.swissDate()),
          closedOn: transform('ABGESCHLOSSEN', t.swissDate()),
          closingReason: rename('ABSCHLUSSGRUND'),
          shsClosingReason: lookup('ABSCHLUSSGRUND', codes.closingReason),
          shsBenefitType: lookup('LEISTUNGSART', codes.benefitType),
          shsBenefitClass: computed({ columns: ['ART'], description: 'SHS benefit class from the dossier kind: SH → WSH, AL → ALBV, none for KES.' }, (r) =>
            ok(BENEFIT_CLASS_OF_KIND[String(r['ART'] ?? '')] ?? null),
          ),
        },
      },
      {
        entity: 'household',
        fields: {
          id: id('DOSSIER_NR', { qualifier: 'household' }),
          numberOfPersons: transform('ANZ_PERSONEN', t.integer()),
          validFrom: transform('EROEFFNET', t.swissDate()),
          validTo: transform('ABGESCHLOSSEN', t.swissDate()),
        },
      },
      {
        // The export has no support-unit table: the household of the dossier is its support unit.
        entity: 'supportUnit',
        fields: {
          id: id('DOSSIER_NR', { qualifier: 'support-unit' }),
          caseId: reference('case', 'DOSSIER_NR'),
          householdId: reference('household', 'DOSSIER_NR', { qualifier: 'household' }),
          householdSize: transform('ANZ_PERSONEN', t.integer()),
          validFrom: transform('EROEFFNET', t.swissDate()),
          validTo: transform('ABGESCHLOSSEN', t.swissDate()),
        },
      },
    ],
  });

  const members = defineMapping({
    name: N.members,
    version: V,
    description:
      'HAUSHALTSMITGLIEDER.csv: persons of the household of a dossier, also members of its support unit (ANTRAGSTELLER J → SHS role 1); the applicant has no relationship.',
    source: { table: 'members', keyColumns: ['HHM_NR'] },
    dependsOn: [N.dossiers, N.persons],
    controlTotals: [{ source: { table: 'members' }, entity: 'householdMember' }],
    yields: [
      {
        entity: 'householdMember',
        fields: {
          id: id('HHM_NR'),
          householdId: reference('household', 'DOSSIER_NR', { qualifier: 'household' }),
          personId: reference('person', 'PERS_NR'),
          relationshipToApplicant: lookup('ROLLE', codes.relationship),
          validFrom: transform('AB', t.swissDate()),
        },
      },
      {
        entity: 'supportUnitMember',
        fields: {
          id: id('HHM_NR', { qualifier: 'support-unit' }),
          supportUnitId: reference('supportUnit', 'DOSSIER_NR', { qualifier: 'support-unit' }),
          personId: reference('person', 'PERS_NR'),
          role: lookup('ANTRAGSTELLER', codes.personRole),
          relationshipToApplicant: lookup('ROLLE', codes.relationship),
          // Every household member of these exports is supported (no separate budget membership).
          isSupported: constant(true),
          validFrom: transform('AB', t.swissDate()),
        },
      },
    ],
  });

  const budgets = defineMapping({
    name: N.budgets,
    version: V,
    description: 'BUDGETS.csv: monthly budgets of a dossier.',
    source: { table: 'budgets', keyColumns: ['BUDGET_NR'] },
    dependsOn: [N.dossiers],
    controlTotals: [{ source: { table: 'budgets' }, entity: 'budget' }],
    yields: [
      {
        entity: 'budget',
        fields: {
          id: id('BUDGET_NR'),
          caseId: reference('case', 'DOSSIER_NR'),
          budgetType: constant('REGULAR'),
          budgetMonth: transform('MONAT', t.yearMonth()),
          periodFrom: transform('GUELTIG_AB', t.swissDate()),
          periodTo: transform('GUELTIG_BIS', t.swissDate()),
          status: constant('approved'),
        },
      },
    ],
  });

  const budgetLines = defineMapping({
    name: N.budgetLines,
    version: V,
    description: "BUDGETPOSITIONEN.csv: budget lines; amounts as written (`1'234.50`, `1'200.–`), income negative.",
    source: { table: 'budgetLines', keyColumns: ['POS_NR'] },
    dependsOn: [N.budgets],
    controlTotals: [{ source: { table: 'budgetLines' }, entity: 'budgetLine' }],
    yields: [
      {
        entity: 'budgetLine',
        fields: {
          id: id('POS_NR'),
          budgetId: reference('budget', 'BUDGET_NR'),
          lineType: lookup('POS_ART', codes.budgetLineType),
          amountRappen: transform('BETRAG', t.moneyRappen()),
          effectiveAmountRappen: transform('BETRAG', t.moneyRappen()),
        },
      },
    ],
  });

  const payments = defineMapping({
    name: N.payments,
    version: V,
    entity: 'booking',
    description: 'ZAHLUNGEN.csv: client-accounting bookings (payments out positive, receipts and stornos negative).',
    source: { table: 'payments', keyColumns: ['BELEG_NR'] },
    dependsOn: [N.dossiers, N.persons, N.budgets],
    controlTotals: [
      {
        source: { table: 'payments', yearColumn: 'BUCHUNGSDATUM', sumColumns: ['BETRAG'] },
        entity: 'booking',
        yearField: 'bookingDate',
        sums: { BETRAG: 'amountRappen' },
      },
    ],
    yields: [
      {
        entity: 'booking',
        fields: {
          id: id('BELEG_NR'),
          voucherNumber: rename('BELEG_NR'),
          bookingType: lookup('BUCHUNGSART', codes.bookingType),
          bookingDate: transform('BUCHUNGSDATUM', t.swissDate()),
          valueDate: transform('VALUTA', t.swissDate()),
          amountRappen: transform('BETRAG', t.moneyRappen()),
          periodMonth: transform('MONAT', t.yearMonth()),
          status: constant('paid'),
          caseId: reference('case', 'DOSSIER_NR'),
          personId: reference('person', 'PERS_NR'),
          budgetId: reference('budget', 'BUDGET_NR', { optional: true }),
        },
      },
    ],
  });

  const documents = defineMapping({
    name: N.documents,
    version: V,
    description: 'DOKUMENTE.csv: index of the case documents; DATEI is the path of the file relative to the export folder.',
    source: { table: 'documents', keyColumns: ['DOK_NR'] },
    dependsOn: [N.dossiers],
    controlTotals: [{ source: { table: 'documents' }, entity: 'document' }],
    yields: [
      {
        entity: 'document',
        fields: {
          id: id('DOK_NR'),
          caseId: reference('case', 'DOSSIER_NR'),
          documentType: lookup('DOK_ART', codes.documentType),
          createdOn: transform('ERSTELLT', t.swissDate()),
          contentRef: rename('DATEI'),
          mediaType: computed(
            { columns: ['DATEI'], description: 'IANA media type from the file extension (pdf, docx, txt, jpg, png).', severity: 'warning' },
            (r) => {
              const ext = /\.([a-z0-9]+)$/i.exec(String(r['DATEI'] ?? ''))?.[1]?.toLowerCase();
              return ok(ext === undefined ? null : (MEDIA_TYPES[ext] ?? null));
            },
          ),
        },
      },
    ],
  });

  return Object.freeze([persons, addresses, dossiers, members, budgets, budgetLines, payments, documents]);
}

/** The planted defects of the flat-file plan: extra rows that must each land in their bucket with their code. */
import { DOCUMENTS_FOLDER } from './flat-file-layout.js';
import {
  FLAT_FILE_CODES,
  formatSwissMoney,
  payment,
  row,
  swissDate,
  syntheticAhv,
  type PlannedRow,
  type PlantedRowDefect,
  type RowFate,
} from './flat-file-plan-rows.js';

function defect(id: string, description: string, bucket: PlantedRowDefect['bucket'], code: string): PlantedRowDefect {
  return Object.freeze({ id, description, bucket, code });
}

/** The planted defects: extra rows that must each land in their bucket with their code. */
export function* plantedRows(
  next: { person: number; dossier: number; member: number; budget: number; line: number; payment: number; document: number },
  first: { person: string; dossier: string; budget: string },
): Generator<PlannedRow> {
  const C = FLAT_FILE_CODES;
  const person = (cells: Partial<Record<string, string>>, fate: RowFate, d: PlantedRowDefect): PlannedRow => {
    const key = String(++next.person);
    return row(
      'persons',
      {
        PERS_NR: key,
        NAME: 'Gerber',
        VORNAME: 'Anna',
        GEBDAT: '12.03.1971',
        GESCHLECHT: 'W',
        ZIVILSTAND: 'L',
        AHV_NR: syntheticAhv(Number(key)),
        ...cells,
      } as Record<string, string>,
      fate,
      d,
    );
  };
  yield person(
    { AHV_NR: syntheticAhv(next.person + 1, true) },
    { bucket: 'quarantined', code: C.ahvCheckDigit },
    defect('ahv-check-digit', 'AHV number with a wrong check digit', 'quarantined', C.ahvCheckDigit),
  );
  yield person(
    { GEBDAT: '03.04.57' },
    { bucket: 'quarantined', code: C.twoDigitYear },
    defect('two-digit-year', 'Birth date with a two-digit year', 'quarantined', C.twoDigitYear),
  );
  yield person(
    { ZIVILSTAND: 'X' },
    { bucket: 'quarantined', code: C.unmapped },
    defect('unknown-code', 'Marital status code not in the code-list map', 'quarantined', C.unmapped),
  );
  yield person(
    { ZIVILSTAND: 'G' },
    { bucket: 'quarantined', code: C.unapproved },
    defect('unapproved-code', 'Marital status code mapped but not yet approved', 'quarantined', C.unapproved),
  );
  yield person(
    { AHV_NR: syntheticAhv(Number(first.person)) },
    { bucket: 'loaded' },
    defect('duplicate-person', 'Second person row with the AHV number of another person', 'flagged', C.duplicate),
  );

  const dossier = (cells: Partial<Record<string, string>>, fate: RowFate, d: PlantedRowDefect): PlannedRow =>
    row(
      'dossiers',
      {
        DOSSIER_NR: String(++next.dossier),
        PERS_NR: first.person,
        ART: 'SH',
        LEISTUNGSART: 'RF',
        EROEFFNET: '01.06.2020',
        ABGESCHLOSSEN: '',
        ABSCHLUSSGRUND: '',
        GEMEINDE_BFS: '351',
        SACHBEARBEITER: 'SB01',
        ANZ_PERSONEN: '1',
        TESTFALL: 'N',
        ...cells,
      } as Record<string, string>,
      fate,
      d,
    );
  yield dossier(
    { EROEFFNET: '31.02.2019' },
    { bucket: 'quarantined', code: C.dateInvalid },
    defect('impossible-date', 'Dossier opened on 31.02.2019', 'quarantined', C.dateInvalid),
  );
  yield dossier(
    { TESTFALL: 'J' },
    { bucket: 'filtered', rule: C.testDossiers },
    defect('test-dossier-1', 'Test dossier of the vendor', 'filtered', C.testDossiers),
  );
  yield dossier(
    { TESTFALL: 'J', ART: 'AL' },
    { bucket: 'filtered', rule: C.testDossiers },
    defect('test-dossier-2', 'Test dossier of the vendor', 'filtered', C.testDossiers),
  );

  yield row(
    'budgetLines',
    { POS_NR: String(++next.line), BUDGET_NR: first.budget, POS_ART: 'MI', BETRAG: "12'34.50" },
    { bucket: 'quarantined', code: C.moneyInvalid },
    defect('malformed-amount', "Budget line amount 12'34.50 (broken thousands grouping)", 'quarantined', C.moneyInvalid),
  );
  yield payment(
    next,
    '399999',
    first.person,
    '',
    2021,
    3,
    25,
    45_000,
    'Z',
    { bucket: 'quarantined', code: C.referenceMissing },
    defect('orphan-payment', 'Payment on a dossier that does not exist', 'quarantined', C.referenceMissing),
  );
  // Statistics defects: the rows load, but the SHS plausibility checks reject the dossier.
  const paidDossier = function* (cells: Partial<Record<string, string>>, applicantFlag: string, d: PlantedRowDefect): Generator<PlannedRow> {
    // In the export year, so that its SHS delivery shows them (paid in March, closed in September).
    const planted = dossier({ EROEFFNET: '01.03.2024', ABGESCHLOSSEN: '30.09.2024', ABSCHLUSSGRUND: 'AB01', ...cells }, { bucket: 'loaded' }, d);
    yield planted;
    const key = planted.key;
    yield row('members', {
      HHM_NR: String(++next.member),
      DOSSIER_NR: key,
      PERS_NR: first.person,
      ANTRAGSTELLER: applicantFlag,
      ROLLE: applicantFlag === 'J' ? '' : 'AN',
      AB: '01.03.2024',
    });
    const budget = String(++next.budget);
    yield row('budgets', { BUDGET_NR: budget, DOSSIER_NR: key, MONAT: '03.2024', GUELTIG_AB: swissDate(2024, 3, 1), GUELTIG_BIS: swissDate(2024, 3, 31) });
    yield row('budgetLines', { POS_NR: String(++next.line), BUDGET_NR: budget, POS_ART: 'GB', BETRAG: formatSwissMoney(103_100, true) });
    yield payment(next, key, first.person, budget, 2024, 3, 5, 103_100, 'Z');
  };
  yield* paidDossier(
    { ABSCHLUSSGRUND: '' },
    'J',
    defect('closed-without-closing-reason', 'Closed assistance dossier without closing reason', 'statistics', C.closingReasonMissing),
  );
  yield* paidDossier(
    {},
    'N',
    defect('support-unit-without-applicant', 'Assistance dossier whose household members include no applicant', 'statistics', C.applicantMissing),
  );

  const doc = String(++next.document);
  const path = `${DOCUMENTS_FOLDER}/${first.dossier}/${doc}.pdf`;
  yield row(
    'documents',
    { DOK_NR: doc, DOSSIER_NR: first.dossier, DOK_ART: 'NOTIZ', ERSTELLT: '15.01.2021', DATEI: path },
    { bucket: 'loaded' },
    defect('missing-document', 'Document listed in the index whose file is missing', 'flagged', C.documentMissing),
    {
      path,
      bytes: 0,
      seed: Number(doc),
      missing: true,
    },
  );
}

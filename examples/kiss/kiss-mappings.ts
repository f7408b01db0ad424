/**
 * The KiSS-shaped source (kiss-tables.ts) mapped into the canonical model the way a vendor's engineer
 * would, from the docs and the public API alone (`casebridge` and `casebridge/mappings`, here as their
 * source entry points). It shows, together: joins (a monthly budget finds its case through its
 * financial plan; a position finds budget, plan, service and person; a KES measure its person through
 * its service), field policies (a zero birth date loads as unknown with a warning, an unmapped civil
 * status as 9 "unknown" with a warning), keep-and-warn (an old 11-digit AHV number only), a lookup over
 * two columns (KES measure type and ZGB article), person relations, the dossier above the services, and
 * control totals with a filter and a sign expression (receipts are stored positive in KiSS, negative in
 * the model; kiss-finance-mappings.ts). test/profile-kiss-e2e.test.ts runs these mappings from MariaDB and from the CSV export.
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
import { KISS_MAPPING_VERSION, kissFinanceMappings } from './kiss-finance-mappings.js';

export { KISS_MAPPING_VERSION };

/** The shipped code-list maps (`examples/kiss/codes`). */
export const KISS_CODES_DIR = fileURLToPath(new URL('./codes/', import.meta.url));

const CHILD_ARTICLES = new Set([307, 308]);
const ARTICLE_TEXT: Readonly<Record<number, string>> = {
  307: 'Art. 307 Abs. 3 ZGB',
  308: 'Art. 308 Abs. 1 ZGB',
  393: 'Art. 393 ZGB',
  394: 'Art. 394 Abs. 1 ZGB',
  395: 'Art. 395 Abs. 1 ZGB',
};

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

  return [person, personRelation, caseContainer, kase, kes, ...kissFinanceMappings({ positionsart, buchungsart })];
}

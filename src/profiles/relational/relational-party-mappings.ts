/**
 * Mappings of the relational profile's people and cases: persons, addresses, cases (FaLeistung), case
 * phases, KES measures, labour-integration assignments and document metadata. Document contents are
 * not read here (the BLOB column stays out of `source.columns`); the document transfer streams them.
 */
import { computed, defineMapping, id, lookup, reference, rename, transform, type CompiledMapping } from '../../mappings/dsl/index.js';
import { ok } from '../../mappings/transforms/transform-result.js';
import { t } from '../../mappings/transforms/index.js';
import type { RelationalCodeMaps } from './relational-code-maps.js';

/** Version of the relational mappings (code-list pins are appended on compile). */
export const RELATIONAL_MAPPING_VERSION = '1.0.0';

/** Compiles the people-and-case mappings against loaded code-list maps. */
export function relationalPartyMappings(maps: RelationalCodeMaps): CompiledMapping[] {
  const person = defineMapping({
    name: 'person',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'BaPerson: one canonical person per legacy person.',
    source: { table: 'BaPerson', keyColumns: ['BaPersonID'] },
    filters: [
      {
        name: 'test-persons',
        description: 'Persons the vendor marked as test persons (Testperson = 1) are not clients.',
        columns: ['Testperson'],
        test: (r) => r['Testperson'] === true,
      },
    ],
    yields: [
      {
        entity: 'person',
        fields: {
          id: id('BaPersonID'),
          officialName: rename('Name'),
          firstName: rename('Vorname'),
          dateOfBirth: rename('Geburtsdatum'),
          sex: lookup('GeschlechtCode', maps.geschlecht),
          maritalStatus: lookup('ZivilstandCode', maps.zivilstand),
          vn: transform('Versichertennummer', t.ahvn13()),
          legacyIds: computed({ columns: ['BaPersonID'], description: 'legacy key as "BaPersonID:<n>"' }, (r) => ok([`BaPersonID:${String(r['BaPersonID'])}`])),
        },
      },
    ],
    controlTotals: [{ source: { table: 'BaPerson' }, entity: 'person' }],
  });
  const address = defineMapping({
    name: 'address',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'BaAdresse: residence and postal addresses of persons.',
    source: { table: 'BaAdresse', keyColumns: ['BaAdresseID'] },
    dependsOn: ['person'],
    yields: [
      {
        entity: 'address',
        fields: {
          id: id('BaAdresseID'),
          personId: reference('person', 'BaPersonID'),
          addressType: lookup('AdresseTypCode', maps.adresstyp),
          street: rename('Strasse'),
          houseNumber: rename('HausNr'),
          swissZipCode: rename('PLZ'),
          town: rename('Ort'),
          municipalityBfsNumber: rename('GemeindeBFS'),
          countryIso2: rename('LandCode'),
          validFrom: rename('DatumVon'),
          validTo: rename('DatumBis'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'BaAdresse' }, entity: 'address' }],
  });
  const kase = defineMapping({
    name: 'case',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'FaLeistung: one case (service of a module) per legacy service, with its applicant and its SHS benefit type, class and closing reason.',
    source: { table: 'FaLeistung', keyColumns: ['FaLeistungID'] },
    dependsOn: ['person'],
    filters: [
      {
        name: 'test-cases',
        description: 'Cases marked as test cases (IstTestfall = 1) are training data, not clients.',
        columns: ['IstTestfall'],
        test: (r) => r['IstTestfall'] === true,
      },
    ],
    yields: [
      {
        entity: 'case',
        fields: {
          id: id('FaLeistungID'),
          domain: lookup('ModulCode', maps.modul),
          caseNumber: rename('Fallnummer'),
          personId: reference('person', 'BaPersonID'),
          municipalityBfsNumber: rename('GemeindeCode'),
          caseworkerRef: computed({ columns: ['SachbearbeiterID'], description: 'pseudonymous caseworker key "SB-<id>"' }, (r) =>
            ok(r['SachbearbeiterID'] === null ? null : `SB-${String(r['SachbearbeiterID'])}`),
          ),
          openedOn: rename('DatumVon'),
          closedOn: rename('DatumBis'),
          shsClosingReason: lookup('AbschlussgrundCode', maps.abschlussgrund),
          shsBenefitType: lookup('BFSLeistungsartCode', maps.bfsLeistungsart),
          shsBenefitClass: computed(
            { columns: ['ModulCode'], description: 'SHS benefit class of the module: 3 (economic assistance) → WSH, 4 (ALBV) → ALBV, else none' },
            (r) => ok(r['ModulCode'] === 3 ? 'WSH' : r['ModulCode'] === 4 ? 'ALBV' : null),
          ),
        },
      },
    ],
    controlTotals: [{ source: { table: 'FaLeistung', yearColumn: 'DatumVon' }, entity: 'case', yearField: 'openedOn' }],
  });
  const phase = defineMapping({
    name: 'case-phase',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'FaPhase: intake and main phases of a case.',
    source: { table: 'FaPhase', keyColumns: ['FaPhaseID'] },
    dependsOn: ['case'],
    yields: [
      {
        entity: 'casePhase',
        fields: {
          id: id('FaPhaseID'),
          caseId: reference('case', 'FaLeistungID'),
          phaseType: lookup('PhaseCode', maps.phase),
          startedOn: rename('DatumVon'),
          endedOn: rename('DatumBis'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'FaPhase' }, entity: 'casePhase' }],
  });
  const kes = defineMapping({
    name: 'kes-measure',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'KesMassnahme: child and adult protection measures (KOKES measure types).',
    source: { table: 'KesMassnahme', keyColumns: ['KesMassnahmeID'] },
    dependsOn: ['person', 'case'],
    yields: [
      {
        entity: 'kesMeasure',
        fields: {
          id: id('KesMassnahmeID'),
          personId: reference('person', 'BaPersonID'),
          caseId: reference('case', 'FaLeistungID', { optional: true }),
          isChild: rename('IsKS'),
          measureType: lookup('MassnahmeCode', maps.kesMassnahme),
          zgbArticle: rename('ZGBArtikel'),
          decidedOn: rename('DatumVon'),
          endedOn: rename('DatumBis'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'KesMassnahme' }, entity: 'kesMeasure' }],
  });
  const integration = defineMapping({
    name: 'integration-assignment',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'KaEinsatz: labour-integration assignments (programme, assignment type, workload).',
    source: { table: 'KaEinsatz', keyColumns: ['KaEinsatzID'] },
    dependsOn: ['person', 'case'],
    yields: [
      {
        entity: 'integrationMeasure',
        fields: {
          id: id('KaEinsatzID'),
          personId: reference('person', 'BaPersonID'),
          caseId: reference('case', 'FaLeistungID', { optional: true }),
          measureType: lookup('EinsatzTypCode', maps.einsatztyp),
          assignmentType: lookup('AnweisungCode', maps.anweisung),
          providerName: rename('Einsatzplatz'),
          workloadPercent: rename('Pensum'),
          startedOn: rename('DatumVon'),
          endedOn: rename('DatumBis'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'KaEinsatz' }, entity: 'integrationMeasure' }],
  });
  const document = defineMapping({
    name: 'document',
    version: RELATIONAL_MAPPING_VERSION,
    description: 'FaDokument: document metadata; the BLOB column Inhalt is transferred by the document pipeline, not read here.',
    source: { table: 'FaDokument', keyColumns: ['FaDokumentID'] },
    dependsOn: ['person', 'case'],
    yields: [
      {
        entity: 'document',
        fields: {
          id: id('FaDokumentID'),
          caseId: reference('case', 'FaLeistungID'),
          personId: reference('person', 'BaPersonID', { optional: true }),
          documentType: lookup('DokumentTypCode', maps.dokumenttyp),
          title: rename('Dateiname'),
          mediaType: rename('MediaType'),
          byteSize: rename('DateiGroesse'),
          createdOn: rename('ErstelltAm'),
        },
      },
    ],
    controlTotals: [{ source: { table: 'FaDokument' }, entity: 'document' }],
  });
  return [person, address, kase, phase, kes, integration, document];
}

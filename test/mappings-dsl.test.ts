import { describe, expect, it } from 'vitest';
import { InvalidSourceValue, type SourceRow } from '../src/core/connector/source-value.js';
import { isCasebridgeError } from '../src/core/errors.js';
import { canonicalId } from '../src/core/pipeline/identity.js';
import type { MapContext } from '../src/core/pipeline/source-mapping.js';
import { parseCodeListMap } from '../src/mappings/codes/code-list-map.js';
import { computed, constant, copy, defineMapping, id, lookup, reference, rename, transform, type MappingDefinition } from '../src/mappings/dsl/index.js';
import { fail, ok, t } from '../src/mappings/transforms/index.js';

const zivilstand = parseCodeListMap(
  'source_code;source_label;target_code;status;approved_by;approved_at;note\nL;ledig;1;approved;Fachstelle;2026-03-02;\nV;verheiratet;2;approved;Fachstelle;2026-03-02;\nW;verwitwet;3;proposed;;;\n',
  { id: 'kiss.zivilstand', version: '2026-03', targetCodeList: 'ech0011.maritalStatus' },
);

const personDefinition: MappingDefinition = {
  name: 'kiss-person',
  version: '1.0.0',
  description: 'KiSS BaPerson into person and domicile address',
  source: { table: 'BaPerson', keyColumns: ['BaPersonID'] },
  yields: [
    {
      entity: 'person',
      fields: {
        id: id('BaPersonID'),
        officialName: transform('Name', t.name(), { pick: 'officialName' }),
        firstName: transform('Name', t.name(), { pick: 'firstName' }),
        vn: transform('Versichertennummer', t.ahvn13()),
        oldAhvNumber: transform('AHVNummer', t.oldAhvNumber(), { severity: 'warning' }),
        dateOfBirth: transform('Geburtsdatum', t.partialDate({ pivotYear: 1920 })),
        sex: transform('Geschlecht', t.sex()),
        maritalStatus: lookup('ZivilstandCode', zivilstand, { unapproved: 'accept-with-warning' }),
        nationalityStatus: constant('2'),
      },
    },
    {
      entity: 'address',
      when: { description: 'only persons with a street', columns: ['Strasse'], test: (row) => row['Strasse'] !== null },
      fields: {
        id: id('BaPersonID', { qualifier: 'domicile' }),
        personId: reference('person', 'BaPersonID'),
        addressType: constant('CIVIL_DOMICILE'),
        street: rename('Strasse'),
        swissZipCode: transform('PLZ', t.integer({ min: 1000, max: 9999 })),
        town: copy(),
        fromResidentRegister: transform('AusEWK', t.boolean()),
      },
    },
  ],
  filters: [
    { name: 'test-persons', description: 'KiSS test persons (Testfall = 1) are not migrated', columns: ['Testfall'], test: (row) => row['Testfall'] === 1 },
  ],
};

const ctx: MapContext = {
  sourceSystem: 'kiss-demo',
  recordRef: 'kiss-person:0123456789abcdef',
  id: (entity, ...key) => canonicalId('kiss-demo', entity, ...key),
};

const base: SourceRow = {
  BaPersonID: 17,
  Name: 'Muster, Anna',
  Versichertennummer: '756.1234.5678.97',
  AHVNummer: null,
  Geburtsdatum: '01.02.1980',
  Geschlecht: 'W',
  ZivilstandCode: 'V',
  Strasse: 'Bahnhofstrasse 1',
  PLZ: '8001',
  town: 'Zürich',
  AusEWK: 'J',
  Testfall: 0,
};

describe('defineMapping', () => {
  const mapping = defineMapping(personDefinition);

  it('compiles to a SourceMapping that reads only the columns it uses', () => {
    expect(mapping.name).toBe('kiss-person');
    expect(mapping.entity).toBe('person');
    expect(mapping.produces).toEqual(['person', 'address']);
    expect([...(mapping.source.columns ?? [])].sort()).toEqual(
      [
        'AHVNummer',
        'AusEWK',
        'BaPersonID',
        'Geburtsdatum',
        'Geschlecht',
        'Name',
        'PLZ',
        'Strasse',
        'Testfall',
        'Versichertennummer',
        'ZivilstandCode',
        'town',
      ].sort(),
    );
    expect(mapping.version).toMatch(/^1\.0\.0\+codes\.[0-9a-f]{12}$/);
    expect(mapping.codeLists).toEqual([
      { id: 'kiss.zivilstand', version: '2026-03', fingerprint: zivilstand.fingerprint, pin: expect.stringMatching(/^kiss\.zivilstand@2026-03#/) },
    ]);
    expect(mapping.filters?.map((f) => f.name)).toEqual(['test-persons']);
    expect(mapping.filters?.[0]?.test({ ...base, Testfall: 1 })).toBe(true);
    expect(mapping.filters?.[0]?.test(base)).toBe(false);
  });

  it('maps a row into several records with deterministic ids and references', () => {
    const { records, issues } = mapping.map(base, ctx);
    expect(issues).toEqual([]);
    const personId = canonicalId('kiss-demo', 'person', 17);
    expect(records).toEqual([
      {
        entity: 'person',
        record: {
          id: personId,
          officialName: 'Muster',
          firstName: 'Anna',
          vn: '7561234567897',
          dateOfBirth: '1980-02-01',
          sex: '2',
          maritalStatus: '2',
          nationalityStatus: '2',
        },
      },
      {
        entity: 'address',
        record: {
          id: canonicalId('kiss-demo', 'address', 17, 'domicile'),
          personId,
          addressType: 'CIVIL_DOMICILE',
          street: 'Bahnhofstrasse 1',
          swissZipCode: 8001,
          town: 'Zürich',
          fromResidentRegister: true,
        },
      },
    ]);
    expect(records[1]?.record['personId']).toBe(records[0]?.record['id']);
  });

  it('skips a yield whose condition fails and treats blank text as absent', () => {
    const { records, issues } = mapping.map({ ...base, Strasse: '  ', AHVNummer: '' }, ctx);
    expect(issues).toEqual([]);
    expect(records.map((r) => r.entity)).toEqual(['person']);
  });

  it('reports issues with stable codes, paths and columns, never the values', () => {
    const row: SourceRow = {
      ...base,
      Geburtsdatum: '31.02.1980',
      Versichertennummer: '123.45.678.901',
      AHVNummer: 'kaputt',
      ZivilstandCode: 'W',
      PLZ: new InvalidSourceValue('undecodable', '80x1'),
      Name: 'Anna Muster',
    };
    const { issues } = mapping.map(row, ctx);
    const summary = issues.map((i) => [i.code, i.severity, i.entity, i.path, i.details?.['column']]);
    expect(summary).toEqual([
      ['transform.name_invalid', 'error', 'person', '/officialName', 'Name'],
      ['transform.name_invalid', 'error', 'person', '/firstName', 'Name'],
      ['transform.ahv_old_number', 'error', 'person', '/vn', 'Versichertennummer'],
      ['transform.ahv_invalid', 'warning', 'person', '/oldAhvNumber', 'AHVNummer'],
      ['transform.date_invalid', 'error', 'person', '/dateOfBirth', 'Geburtsdatum'],
      ['codes.unapproved', 'warning', 'person', '/maritalStatus', 'ZivilstandCode'],
      ['source.invalid_value', 'error', 'address', '/swissZipCode', 'PLZ'],
    ]);
    expect(issues.every((i) => i.recordRef === ctx.recordRef)).toBe(true);
    expect(issues.find((i) => i.code === 'source.invalid_value')?.details?.['reason']).toBe('undecodable');
    const text = JSON.stringify(issues);
    for (const secret of ['Anna', 'Muster', '123.45', 'kaputt', '1980', '80x1']) expect(text).not.toContain(secret);
  });

  it('quarantines unmapped codes under the strict policy and counts coverage', () => {
    mapping.resetCoverage();
    const strict = defineMapping({
      ...personDefinition,
      name: 'strict',
      yields: [
        {
          entity: 'person',
          fields: { id: id('BaPersonID'), officialName: constant('x'), firstName: constant('y'), maritalStatus: lookup('ZivilstandCode', zivilstand) },
        },
      ],
    });
    const codes = ['L', 'L', 'V', 'W', 'Z', 'L'];
    const outcomes = codes.map((c) => strict.map({ ...base, ZivilstandCode: c }, ctx).issues.map((i) => `${i.code}:${i.severity}`));
    expect(outcomes).toEqual([[], [], [], ['codes.unapproved:error'], ['codes.unmapped:error'], []]);
    const [cov] = strict.coverage();
    expect(cov?.totals).toEqual({ mapped: 4, unmapped: 1, unapproved: 1, defaulted: 0, total: 6 });
  });

  it('runs computed rules on declared columns only, and missing keys are issues', () => {
    const booking = defineMapping({
      name: 'kiss-booking',
      version: '2',
      source: { table: 'KbBuchung', keyColumns: ['BuchungID'] },
      dependsOn: ['kiss-case'],
      yields: [
        {
          entity: 'booking',
          fields: {
            id: id('BuchungID'),
            caseId: reference('case', 'FallID'),
            personId: reference('person', 'PersonID', { optional: true }),
            bookingDate: transform('Datum', t.swissDate()),
            amountRappen: transform('Betrag', t.moneyRappen()),
            bookingType: computed({ columns: ['Storno', 'Art'], description: 'storno flag wins over the booking kind' }, (row) =>
              row['Storno'] === 1
                ? ok('STORNO')
                : row['Art'] === 'E'
                  ? ok('ONE_OFF_PAYMENT')
                  : row['Art'] === 'R'
                    ? ok('ORDINARY_PAYMENT')
                    : fail('mapping.booking_kind_unknown'),
            ),
            voucherNumber: computed({ columns: ['Beleg'], description: 'reads an undeclared column' }, (row) => ok(String(row['Geheim']))),
          },
        },
      ],
    });
    const row: SourceRow = {
      BuchungID: 'B-9',
      FallID: 5,
      PersonID: null,
      Datum: '05.01.2024',
      Betrag: "1'234.50",
      Storno: 0,
      Art: 'R',
      Beleg: 'V1',
      Geheim: 'secret',
    };
    const { records, issues } = booking.map(row, ctx);
    expect(issues).toEqual([]);
    expect(records[0]?.record).toEqual({
      id: canonicalId('kiss-demo', 'booking', 'B-9'),
      caseId: canonicalId('kiss-demo', 'case', 5),
      bookingDate: '2024-01-05',
      amountRappen: 123450,
      bookingType: 'ORDINARY_PAYMENT',
      voucherNumber: 'undefined',
    });
    const bad = booking.map({ ...row, FallID: null, BuchungID: null, Art: '?' }, ctx).issues.map((i) => i.code);
    expect(bad).toEqual(['mapping.id_key_missing', 'mapping.reference_key_missing', 'mapping.booking_kind_unknown']);
    expect(booking.source.columns).not.toContain('Geheim');
  });

  const broken: [string, MappingDefinition][] = [
    ['unknown entity', { ...personDefinition, yields: [{ entity: 'nope' as 'person', fields: { id: id('x'), officialName: copy(), firstName: copy() } }] }],
    [
      'unknown field',
      { ...personDefinition, yields: [{ entity: 'person', fields: { id: id('x'), officialName: copy(), firstName: copy(), nickname: copy() } as never }] },
    ],
    ['id without id rule', { ...personDefinition, yields: [{ entity: 'person', fields: { id: copy(), officialName: copy(), firstName: copy() } }] }],
    [
      'duplicate filter',
      {
        ...personDefinition,
        filters: [
          { name: 'a', description: 'x', columns: [], test: () => false },
          { name: 'a', description: 'y', columns: [], test: () => false },
        ],
      },
    ],
    ['bad filter name', { ...personDefinition, filters: [{ name: 'Test Cases', description: 'x', columns: [], test: () => false }] }],
    ['undeclared column', { ...personDefinition, source: { table: 'BaPerson', columns: ['BaPersonID'] } }],
    [
      'constant outside the code list',
      { ...personDefinition, yields: [{ entity: 'person', fields: { id: id('x'), officialName: copy(), firstName: copy(), sex: constant('M') } }] },
    ],
    [
      'map targeting another code list',
      { ...personDefinition, yields: [{ entity: 'person', fields: { id: id('x'), officialName: copy(), firstName: copy(), sex: lookup('S', zivilstand) } }] },
    ],
    ['same id twice', { ...personDefinition, yields: [personDefinition.yields[1]!, personDefinition.yields[1]!] }],
  ];
  it.each(broken)('rejects a definition with %s', (_label, def) => {
    let error: unknown;
    try {
      defineMapping(def);
    } catch (e) {
      error = e;
    }
    expect(isCasebridgeError(error, 'CB_MAPPING_INVALID')).toBe(true);
  });

  it('types fields against the generated canonical types', () => {
    const typed: MappingDefinition = {
      name: 'typed',
      version: '1',
      source: { table: 'T' },
      yields: [
        // @ts-expect-error officialName and firstName are required person fields
        { entity: 'person', fields: { id: id('k') } },
        // @ts-expect-error a money transform cannot fill a code field
        { entity: 'person', fields: { id: id('k'), officialName: copy(), firstName: copy(), sex: transform('s', t.moneyRappen()) } },
        // @ts-expect-error a code lookup cannot fill a number field
        { entity: 'booking', fields: { id: id('k'), bookingDate: copy(), bookingType: copy(), amountRappen: lookup('x', zivilstand) } },
      ],
    };
    expect(typed.yields).toHaveLength(3);
  });
});

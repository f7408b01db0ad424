/**
 * The compiled form of a DSL mapping (`compileYields`, what `defineMapping` runs) gives exactly what the
 * rule interpreter (`evaluateYields`) gives: the same records, the same issues (codes, severities, paths,
 * details, messages, key order) and the same code-list coverage, over every row of a generated relational
 * source (MariaDB, with its planted defects incl. the zero date) and over variants of those rows with each
 * column blanked, nulled, made invalid or given a value of another type; plus a mapping that uses every
 * rule kind, every invalid-value policy, a `when` condition and multi-column keys and codes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import { InvalidSourceValue, type SourceRow, type SourceValue } from '../src/core/connector/source-value.js';
import type { MapContext } from '../src/core/pipeline/source-mapping.js';
import { CodeCoverage } from '../src/mappings/codes/code-coverage.js';
import { parseCodeListMap } from '../src/mappings/codes/code-list-map.js';
import { compileYields } from '../src/mappings/dsl/compile-yields.js';
import { evaluateYields } from '../src/mappings/dsl/evaluate-rules.js';
import { computed, constant, copy, defineMapping, id, lookup, reference, rename, transform, type CompiledMapping } from '../src/mappings/dsl/index.js';
import { fail, keep, ok, t } from '../src/mappings/transforms/index.js';
import { generateRelationalSource, relationalProfile } from '../src/profiles/relational/index.js';
import { createMariaDatabase, describeWithService, type TestDatabase } from './helpers/databases.js';

const PERSONS = 60;
/** Rows per mapping whose columns are also varied one by one. */
const VARIED_ROWS = 25;

/** The id function records its exact arguments, so a difference in any key part shows. */
const contextOf = (recordRef: string): MapContext => ({
  sourceSystem: 'kiss',
  recordRef,
  id: (entity, ...key) => JSON.stringify([entity, ...key.map((k) => (typeof k === 'bigint' ? `${k}n` : k))]),
});

/** Byte-exact text of a result (key order included); bigint and binary values spelled out. */
const text = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('hex')}` : v));

const VARIANTS: readonly SourceValue[] = [
  null,
  '',
  '   ',
  '\u00a0',
  ' 7 ',
  'x',
  '31.02.1980',
  '1980-02-30',
  '12.50',
  0,
  12345,
  1.5,
  -3,
  true,
  new InvalidSourceValue('zero-date', '0000-00-00'),
  new InvalidSourceValue('undecodable', '\ufffd'),
];

/** Runs both forms over the rows and compares every output and, at the end, the coverage. */
function compareForms(mapping: CompiledMapping, rows: readonly SourceRow[]): { compared: number; codes: Set<string> } {
  const blankAsNull = mapping.definition.blankAsNull ?? true;
  const interpretedCoverage = new CodeCoverage();
  const compiledCoverage = new CodeCoverage();
  const compiled = compileYields(mapping.yields, { mapping: mapping.name, blankAsNull, coverage: compiledCoverage });
  const codes = new Set<string>();
  let compared = 0;
  const check = (row: SourceRow, recordRef: string): void => {
    const interpreted = evaluateYields(mapping.yields, row, { mapping: mapping.name, blankAsNull, coverage: interpretedCoverage, map: contextOf(recordRef) });
    const result = compiled(row, contextOf(recordRef));
    expect(text(result), `${mapping.name} ${recordRef}`).toBe(text(interpreted));
    expect(result).toEqual(interpreted);
    for (const issue of interpreted.issues) codes.add(`${issue.code}/${issue.severity}`);
    compared += 1;
  };
  for (const [index, row] of rows.entries()) {
    check(row, `${mapping.name}:${index}`);
    if (index >= VARIED_ROWS) continue;
    for (const column of mapping.source.columns ?? Object.keys(row)) {
      for (const [v, value] of VARIANTS.entries()) check({ ...row, [column]: value }, `${mapping.name}:${index}:${column}:${v}`);
    }
  }
  expect(text(compiledCoverage.snapshot())).toBe(text(interpretedCoverage.snapshot()));
  return { compared, codes };
}

const zivilstand = parseCodeListMap(
  'source_code;target_code;status;approved_by;approved_at\nL;1;approved;Fachstelle;2026-03-02\nV;2;proposed;;\nG;3;approved;Fachstelle;2026-03-02\n',
  { id: 'kiss.zivilstand', version: '1', targetCodeList: 'ech0011.maritalStatus' },
);
const zweiSpalten = parseCodeListMap('source_code;target_code;status;approved_by;approved_at\nA|1;1;approved;Fachstelle;2026-03-02\n', {
  id: 'kiss.zweispalten',
  version: '1',
  targetCodeList: 'ech0011.maritalStatus',
});

/** Every rule kind and policy, a throwing transform, computation and condition, multi-column keys and codes. */
const everyRule = defineMapping({
  name: 'every-rule',
  version: '1',
  source: { table: 'P', keyColumns: ['ID', 'SUB'] },
  yields: [
    {
      entity: 'person',
      fields: {
        id: id(['ID', 'SUB'], { qualifier: 'main' }),
        officialName: rename('NAME', { onInvalid: { default: 'unbekannt' } }),
        firstName: transform('FULL', t.name(), { pick: 'firstName', severity: 'warning' }),
        dateOfBirth: transform('BORN', t.partialDate(), { onInvalid: 'null' }),
        dateOfDeath: transform('DIED', t.swissDate(), { onInvalid: { default: '1999-12-31' } }),
        maritalStatus: lookup('ZS', zivilstand, { unapproved: 'accept-with-warning', onInvalid: 'null' }),
        maritalStatusSince: transform('SINCE', { name: 'throws', params: {}, apply: () => (null as unknown as { ok: true }).ok && ok('x') }),
        vn: computed({ columns: ['AHV', 'ID'], description: 'keeps or warns', severity: 'warning' }, (r) =>
          r['AHV'] === null
            ? ok(null)
            : r['AHV'] === 'x'
              ? fail('transform.ahv_invalid')
              : r['AHV'] === 'w'
                ? keep('7561234567897').warn('person.ahv_old_number')
                : ok(String(r['AHV'])),
        ),
        callName: constant('Hans'),
        sex: copy({ onInvalid: 'null' }),
      },
    },
    {
      entity: 'person',
      when: {
        description: 'second record when KIND is set; throws on "boom"',
        columns: ['KIND'],
        test: (r) => (r['KIND'] === 'boom' ? (null as unknown as { x: boolean }).x : r['KIND'] !== null),
      },
      fields: {
        id: id(['ID', 'SUB'], { qualifier: 'second' }),
        officialName: computed({ columns: ['NAME', 'ID'], description: 'throws on "boom"' }, (r, c) =>
          r['NAME'] === 'boom' ? (null as unknown as { x: ReturnType<typeof ok<string>> }).x : ok(c.id('person', String(r['ID'] ?? '')).slice(0, 20)),
        ),
        firstName: constant('B'),
        maritalStatus: lookup(['ZA', 'ZB'], zweiSpalten, { unmapped: { default: '9' } }),
      },
    },
    {
      entity: 'case',
      fields: {
        id: id('ID'),
        personId: reference('person', ['ID', 'SUB'], { qualifier: 'main' }),
        caseContainerId: reference('caseContainer', 'OWNER', { optional: true }),
        domain: rename('KIND'),
        openedOn: transform('DIED', t.swissDate()),
        municipalityBfsNumber: transform('OWNER', t.integer()),
      },
    },
  ],
});

it('the compiled and the interpreted form agree on a mapping with every rule kind and policy', () => {
  const base: SourceRow = {
    ID: 7,
    SUB: 'a',
    NAME: 'Muster',
    FULL: 'Muster Hans',
    BORN: '1980-05',
    DIED: '01.02.2020',
    ZS: 'V',
    SINCE: null,
    AHV: 'w',
    sex: '1',
    KIND: 'x',
    ZA: 'A',
    ZB: 1,
    OWNER: 3,
  };
  const rows: SourceRow[] = [base, { ...base, KIND: 'boom' }, { ...base, NAME: 'boom' }, { ...base, AHV: 'x', ZS: 'Q', ZA: null, ZB: null }];
  const { compared, codes } = compareForms(everyRule, rows);
  expect(compared).toBeGreaterThan(rows.length);
  // The variants reach the rare paths: policies, throws, warnings, key errors, conditions.
  for (const code of [
    'source.invalid_value/error',
    'source.invalid_value/warning',
    'mapping.rule_threw/error',
    'mapping.computed_failed/error',
    'mapping.condition_failed/error',
    'mapping.id_key_missing/error',
    'mapping.key_type_invalid/error',
    'codes.unapproved/warning',
    'codes.unmapped/warning',
    'codes.defaulted/info',
    'person.ahv_old_number/warning',
  ])
    expect(codes).toContain(code);
});

await describeWithService('mariadb', 'compiled vs interpreted DSL over the relational profile', () => {
  let source: TestDatabase;
  beforeAll(async () => {
    source = await createMariaDatabase('cbcmp');
    await generateRelationalSource({ dialect: 'mariadb', connection: source.url, persons: PERSONS });
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
  });

  it('gives the same records, issues and coverage for every generated row and its variants', async () => {
    const connector = createMysqlConnector({ name: 'relational', connectionString: source.url });
    const driver = connector.createDriver();
    await driver.init();
    const reader = connector.createReader(driver);
    const codes = new Set<string>();
    let rowsRead = 0;
    try {
      for (const mapping of relationalProfile.mappings() as readonly CompiledMapping[]) {
        const rows: SourceRow[] = [];
        const { columns, keyColumns, table, join, query } = mapping.source;
        const request = { table, batchSize: 500, ...(columns === undefined ? {} : { columns }), ...(keyColumns === undefined ? {} : { keyColumns }) };
        for await (const batch of reader.read({ ...request, ...(join === undefined ? {} : { join }), ...(query === undefined ? {} : { query }) }))
          rows.push(...batch.rows);
        expect(rows.length, mapping.name).toBeGreaterThan(0);
        rowsRead += rows.length;
        for (const code of compareForms(mapping, rows).codes) codes.add(code);
      }
    } finally {
      await driver.destroy();
    }
    expect(rowsRead).toBeGreaterThan(PERSONS * 10);
    // The planted defects of the profile are among what was compared.
    for (const code of ['source.invalid_value/error', 'transform.money_invalid/error', 'codes.unmapped/error', 'mapping.reference_key_missing/error'])
      expect(codes).toContain(code);
  }, 180_000);
});

/** A compiled DSL mapping runs through the real engine: files source → PGlite target, every row accounted. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { parseCodeListMap } from '../src/mappings/codes/code-list-map.js';
import { constant, defineMapping, id, lookup, reference, rename, transform } from '../src/mappings/dsl/index.js';
import { t } from '../src/mappings/transforms/index.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const zivilstand = parseCodeListMap(
  'source_code;target_code;status;approved_by;approved_at\nL;1;approved;Fachstelle;2026-03-02\nV;2;approved;Fachstelle;2026-03-02\n',
  {
    id: 'kiss.zivilstand',
    version: '1',
    targetCodeList: 'ech0011.maritalStatus',
  },
);

const person = defineMapping({
  name: 'kiss-person',
  version: '1.0.0',
  source: { table: 'person', keyColumns: ['id'] },
  filters: [{ name: 'test-persons', description: 'test persons are not migrated', columns: ['test'], test: (r) => r['test'] === 'J' }],
  yields: [
    {
      entity: 'person',
      fields: {
        id: id('id'),
        officialName: transform('name', t.name(), { pick: 'officialName' }),
        firstName: transform('name', t.name(), { pick: 'firstName' }),
        dateOfBirth: transform('born', t.partialDate()),
        sex: transform('sex', t.sex()),
        maritalStatus: lookup('zs', zivilstand),
      },
    },
    {
      entity: 'address',
      when: { description: 'street present', columns: ['street'], test: (r) => r['street'] !== null },
      fields: {
        id: id('id', { qualifier: 'domicile' }),
        personId: reference('person', 'id'),
        addressType: constant('CIVIL_DOMICILE'),
        street: rename('street'),
      },
    },
  ],
});

describe('DSL mapping through the engine', () => {
  let target: PgliteTarget;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cb-dsl-'));
    const rows = [
      'id;name;born;sex;zs;street;test',
      '1;Muster, Anna;01.02.1980;W;L;Hauptstrasse 1;N',
      '2;Beispiel, Hans;00.00.1950;M;V;;N',
      '3;Test, Fall;01.01.2000;M;L;;J',
      '4;Kaputt, Datum;31.02.1980;M;L;Weg 2;N',
      '5;Fremd, Code;01.01.1990;W;Q;;N',
    ];
    writeFileSync(path.join(dir, 'person.csv'), rows.join('\n'));
    target = createPgliteTarget({});
  });
  afterAll(async () => target.close());

  it('loads, filters and quarantines by stable codes, and pins the code-list version', async () => {
    person.resetCoverage();
    const source = createFileConnector({
      name: 'kiss-demo',
      baseDir: dir,
      tables: { person: { file: 'person.csv', format: 'csv', delimiter: ';', keyColumn: 'id' } },
    });
    const report = await runMigration(defineMigration({ name: 'dsl', source, commune: TEST_COMMUNE, sourceSystem: source.name, mappings: [person], target }), {
      keepTargetOpen: true,
    });
    const entry = report.entities.find((e) => e.mapping === 'kiss-person')!;
    expect(entry).toMatchObject({ extracted: 5, loaded: 2, filtered: 1, quarantined: 2, balanced: true, filteredByRule: { 'test-persons': 1 } });
    expect(entry.quarantinedByCode).toEqual({ 'transform.date_invalid': 1, 'codes.unmapped': 1 });
    expect(JSON.stringify(report)).toContain(person.version);
    expect(report.records['person']?.inserted).toBe(2);
    expect(report.records['address']?.inserted).toBe(1);
    const [cov] = person.coverage();
    expect(cov?.totals).toMatchObject({ mapped: 3, unmapped: 1 });
  });
});

/**
 * The canonical entities for KiSS BaPersonRelation and FaFall: `personRelation` (two person
 * references, an eCH-0021 relation type, valid from/to) and `caseContainer` (the dossier above the
 * cases, referenced by `case.caseContainerId`). A migration from a small legacy source loads them into
 * PGlite, quarantines a relation with a type outside the eCH-0021 list and a case pointing at a dossier
 * that was not loaded, and the case checks read each case's dossier and relations in its bundle and
 * flag a case outside its dossier's dates or of another person. `docs/model.md` lists the new entities
 * and the values of every enum.
 */
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import { getModel } from '../src/core/model/model-registry.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { SourceMapping } from '../src/core/pipeline/source-mapping.js';
import type { RunReport } from '../src/core/report/run-report.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { validateCaseBundle } from '../src/validators/case/index.js';
import { validateRecord } from '../src/validators/validate-record.js';
import { TEST_COMMUNE, testTenant } from './helpers/tenant.js';

const SYSTEM = 'kiss-sample';

function writeSource(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'BaPerson.csv'), 'BaPersonID,Name,Vorname\n1,Family1,Given1\n2,Family2,Given2\n3,Family3,Given3\n');
  // Relation 12: type 42 is no eCH-0021 relationship type.
  writeFileSync(
    path.join(dir, 'BaPersonRelation.csv'),
    'ID,BaPersonID_1,BaPersonID_2,Typ,DatumVon,DatumBis\n10,1,2,3,1990-01-01,\n11,1,3,1,2010-05-01,2019-12-31\n12,2,3,42,,\n',
  );
  writeFileSync(path.join(dir, 'FaFall.csv'), 'FaFallID,BaPersonID,DatumVon,DatumBis\n100,1,2020-01-01,2022-12-31\n101,2,2021-01-01,\n');
  // Case 200 lies inside dossier 100; 201 opens before it and stays open after it closed; 202 belongs to
  // person 3 but sits in person 2's dossier; 203 names a dossier that was never loaded.
  writeFileSync(
    path.join(dir, 'FaLeistung.csv'),
    'FaLeistungID,FaFallID,BaPersonID,DatumVon,DatumBis\n200,100,1,2020-02-01,2021-06-30\n201,100,1,2019-06-01,\n202,101,3,2021-03-01,\n203,999,1,2021-03-01,\n',
  );
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const dates = (from: unknown, to: unknown, names: [string, string]): Record<string, string> => ({
  ...(text(from) === undefined ? {} : { [names[0]]: text(from)! }),
  ...(text(to) === undefined ? {} : { [names[1]]: text(to)! }),
});

const persons: SourceMapping = {
  name: 'persons',
  version: '1',
  entity: 'person',
  produces: ['person'],
  source: { table: 'BaPerson', keyColumns: ['BaPersonID'] },
  map: (row, ctx) => ({
    records: [{ entity: 'person', record: { id: ctx.id('person', row['BaPersonID'] as number), officialName: row['Name'], firstName: row['Vorname'] } }],
    issues: [],
  }),
};

const relations: SourceMapping = {
  name: 'relations',
  version: '1',
  entity: 'personRelation',
  produces: ['personRelation'],
  source: { table: 'BaPersonRelation', keyColumns: ['ID'] },
  dependsOn: ['persons'],
  map: (row, ctx) => ({
    records: [
      {
        entity: 'personRelation',
        record: {
          id: ctx.id('personRelation', row['ID'] as number),
          personId: ctx.id('person', row['BaPersonID_1'] as number),
          relatedPersonId: ctx.id('person', row['BaPersonID_2'] as number),
          relationType: String(row['Typ']),
          ...dates(row['DatumVon'], row['DatumBis'], ['validFrom', 'validTo']),
        },
      },
    ],
    issues: [],
  }),
};

const dossiers: SourceMapping = {
  name: 'dossiers',
  version: '1',
  entity: 'caseContainer',
  produces: ['caseContainer'],
  source: { table: 'FaFall', keyColumns: ['FaFallID'] },
  dependsOn: ['persons'],
  map: (row, ctx) => ({
    records: [
      {
        entity: 'caseContainer',
        record: {
          id: ctx.id('caseContainer', row['FaFallID'] as number),
          personId: ctx.id('person', row['BaPersonID'] as number),
          municipalityBfsNumber: TEST_COMMUNE,
          ...dates(row['DatumVon'], row['DatumBis'], ['openedOn', 'closedOn']),
        },
      },
    ],
    issues: [],
  }),
};

const cases: SourceMapping = {
  name: 'cases',
  version: '1',
  entity: 'case',
  produces: ['case'],
  source: { table: 'FaLeistung', keyColumns: ['FaLeistungID'] },
  dependsOn: ['persons', 'dossiers'],
  map: (row, ctx) => ({
    records: [
      {
        entity: 'case',
        record: {
          id: ctx.id('case', row['FaLeistungID'] as number),
          domain: 'COUNSELLING',
          personId: ctx.id('person', row['BaPersonID'] as number),
          caseContainerId: ctx.id('caseContainer', row['FaFallID'] as number),
          municipalityBfsNumber: TEST_COMMUNE,
          ...dates(row['DatumVon'], row['DatumBis'], ['openedOn', 'closedOn']),
        },
      },
    ],
    issues: [],
  }),
};

describe('person relations and case containers', () => {
  let db: PGlite;
  let target: PgliteTarget;
  let report: RunReport;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-relations-'));
    writeSource(dir);
    db = new PGlite();
    target = createPgliteTarget({ pglite: db });
    const integer = { type: 'integer' as const };
    report = await runMigration(
      defineMigration({
        name: 'relations-and-dossiers',
        source: createFileConnector({
          name: SYSTEM,
          baseDir: dir,
          tables: {
            BaPerson: { file: 'BaPerson.csv', format: 'csv', keyColumn: 'BaPersonID', columns: { BaPersonID: 'integer' } },
            BaPersonRelation: {
              file: 'BaPersonRelation.csv',
              format: 'csv',
              keyColumn: 'ID',
              columns: { ID: 'integer', BaPersonID_1: 'integer', BaPersonID_2: 'integer', Typ: 'integer' },
            },
            FaFall: { file: 'FaFall.csv', format: 'csv', keyColumn: 'FaFallID', columns: { FaFallID: 'integer', BaPersonID: 'integer' } },
            FaLeistung: {
              file: 'FaLeistung.csv',
              format: 'csv',
              keyColumn: 'FaLeistungID',
              columns: { FaLeistungID: 'integer', FaFallID: 'integer', BaPersonID: 'integer' },
            },
          },
        }),
        commune: TEST_COMMUNE,
        sourceSystem: SYSTEM,
        mappings: [persons, relations, dossiers, cases],
        target,
        options: { batchSize: 50, thresholds: [] },
      }),
      { keepTargetOpen: true },
    );
    void integer;
  }, 120_000);
  afterAll(async () => {
    await target.close();
    await db.close();
  });

  it('loads relations and dossiers, and quarantines a relation type outside eCH-0021 and a case of an unknown dossier', async () => {
    const of = (mapping: string) => report.entities.find((e) => e.mapping === mapping)!;
    expect([of('relations').loaded, of('relations').quarantined]).toEqual([2, 1]);
    expect(Object.keys(of('relations').quarantinedByCode)).toEqual([expect.stringMatching(/^code/)]);
    expect([of('dossiers').loaded, of('dossiers').quarantined]).toEqual([2, 0]);
    expect([of('cases').loaded, of('cases').quarantined]).toEqual([3, 1]);
    expect(of('cases').quarantinedByCode).toEqual({ 'reference.missing': 1 });
    const rows = await db.query<{ relation_type: string; valid_to: string | null }>(
      `SELECT relation_type, valid_to::text AS valid_to FROM ${STORE_SCHEMA}.person_relation ORDER BY relation_type`,
    );
    expect(rows.rows).toEqual([
      { relation_type: '1', valid_to: '2019-12-31' },
      { relation_type: '3', valid_to: null },
    ]);
    const linked = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${STORE_SCHEMA}."case" c JOIN ${STORE_SCHEMA}.case_container f ON f.id = c.case_container_id`,
    );
    expect(linked.rows[0]!.n).toBe(3);
  });

  it('gives each case its dossier and its persons’ relations, and flags a case outside its dossier or of another person', async () => {
    expect(report.caseChecks?.byCode).toEqual({ 'case.outside_container': 2, 'case.container_other_person': 1 });
    expect(report.caseChecks?.bySeverity).toEqual({ warning: 3 });
    const bundles = [];
    for await (const page of target.readCaseBundles(testTenant(SYSTEM), 10)) bundles.push(...page);
    expect(bundles).toHaveLength(3);
    expect(bundles.every((b) => b.container !== null && b.container?.['id'] === b.case['caseContainerId'])).toBe(true);
    // Person 1's cases carry person 1's two relations (to the mother and to the former spouse).
    const ofPerson1 = bundles.filter((b) => b.case['personId'] === b.persons[0]?.['id'] && b.personRelations?.length === 2);
    expect(ofPerson1).toHaveLength(2);
    // The rule reads the bundle only: a case without a dossier is not judged.
    expect(validateCaseBundle({ case: { id: 'c', openedOn: '2000-01-01' }, container: null })).toEqual([]);
  });

  it('validates a relation against the eCH-0021 list and a dossier’s required fields', () => {
    const id = '6f1c1f7e-6a43-5d55-9f7e-2a0c6f1d9b01';
    const other = '0b6f3a52-8d21-5f0e-a2a3-6c7d1e9f4b22';
    expect(validateRecord('personRelation', { id: other, personId: id, relatedPersonId: other, relationType: '9', validFrom: '2015-01-01' }).ok).toBe(true);
    const bad = validateRecord('personRelation', { id: other, personId: id, relatedPersonId: other, relationType: '11' });
    expect(bad.ok).toBe(false);
    expect(bad.issues.map((i) => i.path)).toEqual(['/relationType']);
    const noOpening = validateRecord('caseContainer', { id: other, personId: id, municipalityBfsNumber: 351 });
    expect(noOpening.issues.map((i) => `${i.code}@${i.path}`)).toEqual(['schema.required@/openedOn']);
  });

  it('docs/model.md lists the new entities and the values of every enum of the model', () => {
    const doc = readFileSync(new URL('../docs/model.md', import.meta.url), 'utf8');
    expect(doc).toContain('personRelation');
    expect(doc).toContain('caseContainer');
    expect(doc).toContain('ech0021.typeOfRelationship');
    const enums: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        const o = node as Record<string, unknown>;
        if (Array.isArray(o['enum'])) enums.push(...(o['enum'] as unknown[]).map(String));
        Object.values(o).forEach(walk);
      }
    };
    const dir = new URL('../schemas/model/v1/', import.meta.url);
    for (const file of ['common', ...getModel().entities.map((e) => e.name)]) walk(JSON.parse(readFileSync(new URL(`${file}.schema.json`, dir), 'utf8')));
    expect(enums.length).toBeGreaterThan(0);
    for (const value of new Set(enums)) expect(doc, `enum value ${value}`).toContain(`\`${value}\``);
  });
});

/**
 * Join and query declarations are checked up front: a bad name, alias, column pair, key or query is a
 * CB_CONFIGURATION_INVALID error naming the mapping and the field; a join or query cannot declare
 * control totals; queries must be one read-only statement; the file connector refuses queries and fails
 * clearly when a joined file exceeds its in-memory index limit; the engine refuses a delta on a query.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import { assertReadOnlyQuery } from '../src/connectors/shared/read-only-query.js';
import { validateReadSource, type JoinSource } from '../src/core/connector/join-source.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { renderMappingDocument } from '../src/mappings/document/render-mapping-document.js';
import type { SourceMapping } from '../src/core/pipeline/source-mapping.js';
import { defineMapping, id, rename, type MappingDefinition } from '../src/mappings/dsl/index.js';
import { readAll, rejectionOf } from '../src/testing/read-all.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { budgetLines } from '../examples/joins/budget-line-mappings.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const JOIN: JoinSource = {
  from: { table: 'fall', as: 'c' },
  joins: [{ table: 'person', as: 'p', on: [['c.person_id', 'p.person_id']], type: 'inner' }],
  columns: { case_id: 'c.case_id', name: 'p.name' },
};

function configError(fn: () => unknown): { code: unknown; details: unknown } {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code?: unknown }).code, details: (error as { details?: unknown }).details };
  }
  throw new Error('expected a configuration error');
}

describe('join declarations', () => {
  it.each<[string, JoinSource, readonly string[], string]>([
    ['a table name that is not an identifier', { ...JOIN, from: { table: 'fall; DROP TABLE x', as: 'c' } }, ['case_id'], 'source.join.from.table'],
    ['an alias used twice', { ...JOIN, joins: [{ ...JOIN.joins[0]!, as: 'c', on: [['c.person_id', 'c.person_id']] }] }, ['case_id'], 'source.join.joins[0].as'],
    [
      'a left column of a later alias',
      { ...JOIN, joins: [{ ...JOIN.joins[0]!, on: [['p.person_id', 'p.person_id']] }] },
      ['case_id'],
      'source.join.joins[0].on[0][0]',
    ],
    [
      'a right column of another alias',
      { ...JOIN, joins: [{ ...JOIN.joins[0]!, on: [['c.person_id', 'c.person_id']] }] },
      ['case_id'],
      'source.join.joins[0].on[0][1]',
    ],
    ['an unqualified output column', { ...JOIN, columns: { case_id: 'case_id' } }, ['case_id'], 'source.join.columns.case_id'],
    ['a join type other than inner/left', { ...JOIN, joins: [{ ...JOIN.joins[0]!, type: 'full' as 'left' }] }, ['case_id'], 'source.join.joins[0].type'],
    ['a key that is not an output column', JOIN, ['person_id'], 'source.key[0]'],
    ['no key', JOIN, [], 'source.key'],
  ])('%s is CB_CONFIGURATION_INVALID naming the mapping and the field', (_title, join, key, field) => {
    expect(configError(() => validateReadSource('kiss-case', { join, keyColumns: key }))).toEqual({
      code: 'CB_CONFIGURATION_INVALID',
      details: { mapping: 'kiss-case', field },
    });
  });

  it('defineMapping checks the join, and rules may read only its output columns', () => {
    const mapping = (join: JoinSource, nameColumn: string): MappingDefinition => ({
      name: 'kiss-person',
      version: '1',
      source: { join: { ...join, key: ['case_id'] } },
      yields: [{ entity: 'person', fields: { id: id('case_id'), officialName: rename(nameColumn), firstName: rename('name') } }],
    });
    expect(configError(() => defineMapping(mapping({ ...JOIN, from: { table: 'fall', as: '1c' } }, 'name'))).details).toEqual({
      mapping: 'kiss-person',
      field: 'source.join.from.as',
    });
    expect(configError(() => defineMapping(mapping(JOIN, 'Name'))).code).toBe('CB_MAPPING_INVALID');
  });

  it('an inner join adds its named filter first; the example counts lines without a budget as join-unmatched-b', () => {
    expect(budgetLines.filters?.map((f) => f.name)).toEqual(['join-unmatched-b']);
    expect(budgetLines.filters?.[0]?.test({ __join_unmatched: 'b' })).toBe(true);
    expect(budgetLines.filters?.[0]?.test({ __join_unmatched: null })).toBe(false);
    expect(budgetLines.source).toMatchObject({ table: 'budget_line', keyColumns: ['line_id'] });
  });

  it('a join or query mapping cannot declare control totals', () => {
    const definition: MappingDefinition = {
      name: 'kiss-person',
      version: '1',
      source: { join: { ...JOIN, key: ['case_id'] } },
      yields: [{ entity: 'person', fields: { id: id('case_id'), officialName: rename('name'), firstName: rename('name') } }],
      controlTotals: [{ source: { table: 'fall' }, entity: 'person' }],
    };
    expect(configError(() => defineMapping(definition)).details).toEqual({ mapping: 'kiss-person', field: 'controlTotals' });
  });

  it('a hand-written join mapping without keyColumns fails defineMigration', () => {
    const mapping: SourceMapping = {
      name: 'hand',
      version: '1',
      entity: 'person',
      produces: ['person'],
      source: { table: 'fall', join: JOIN },
      map: () => ({ records: [], issues: [] }),
    };
    const error = configError(() =>
      defineMigration({
        name: 'm',
        source: createFileConnector({ name: 's', baseDir: '.', tables: { fall: { format: 'csv', file: 'f.csv' } } }),
        commune: TEST_COMMUNE,
        sourceSystem: 's',
        mappings: [mapping],
        target: createPgliteTarget({}),
      }),
    );
    expect(error).toEqual({ code: 'CB_CONFIGURATION_INVALID', details: { mapping: 'hand', field: 'source.key' } });
  });
});

describe('query declarations', () => {
  it.each([
    'SELECT a, b FROM t',
    'with x as (select 1 as a) select a from x;',
    "SELECT a FROM t WHERE note = 'delete; drop table t' -- update\n",
    'SELECT REPLACE(name, "x", "y") AS name, `update` FROM t /* insert */',
  ])('accepts one read-only statement: %s', (query) => {
    expect(() => assertReadOnlyQuery('m', query)).not.toThrow();
  });

  it.each([
    ['DELETE FROM t', 'one SELECT'],
    ['SELECT 1; DELETE FROM t', 'single statement'],
    ['SELECT * INTO copy FROM t', 'INTO'],
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'DELETE'],
    ['SELECT * FROM t FOR UPDATE', 'UPDATE'],
  ])('refuses %s', (query, why) => {
    let error: unknown;
    try {
      assertReadOnlyQuery('kiss-query', query);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CB_CONFIGURATION_INVALID', details: { mapping: 'kiss-query', field: 'source.query' } });
    expect((error as Error).message).toContain(why);
  });

  it('defineMapping refuses a writing query', () => {
    const error = configError(() =>
      defineMapping({
        name: 'q',
        version: '1',
        source: { query: 'UPDATE t SET a = 1', key: ['a'] },
        yields: [{ entity: 'person', fields: { id: id('a'), officialName: rename('a'), firstName: rename('a') } }],
      }),
    );
    expect(error).toEqual({ code: 'CB_CONFIGURATION_INVALID', details: { mapping: 'q', field: 'source.query' } });
  });
});

describe('file join limits', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-join-limit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'fall.csv'), 'case_id,person_id\n1,1\n2,2\n');
  writeFileSync(path.join(dir, 'person.csv'), 'person_id,name\n1,A\n2,B\n3,C\n');
  const connector = (joinIndexRowLimit: number) =>
    createFileConnector({
      name: 'files',
      baseDir: dir,
      joinIndexRowLimit,
      tables: {
        fall: { format: 'csv', file: 'fall.csv', columns: { case_id: 'integer', person_id: 'integer' } },
        person: { format: 'csv', file: 'person.csv', columns: { person_id: 'integer' } },
      },
    });

  it('a joined file above joinIndexRowLimit fails the read clearly', async () => {
    const c = connector(2);
    const error = await rejectionOf(readAll(c.createReader(c.createDriver()), { table: 'fall', join: JOIN, keyColumns: ['case_id'], batchSize: 10 }));
    expect(error).toMatchObject({ code: 'CB_CONFIGURATION_INVALID', details: { table: 'person', limit: 2 } });
  });

  it('within the limit the join reads every driving row', async () => {
    const c = connector(3);
    const { rows } = await readAll(c.createReader(c.createDriver()), { table: 'fall', join: JOIN, keyColumns: ['case_id'], batchSize: 10 });
    expect(rows).toEqual([
      { case_id: 1, name: 'A', __join_unmatched: null },
      { case_id: 2, name: 'B', __join_unmatched: null },
    ]);
  });

  it('a query source is refused by the file connector', async () => {
    const c = connector(3);
    const error = await rejectionOf(readAll(c.createReader(c.createDriver()), { table: 'q', query: 'SELECT 1 AS a', keyColumns: ['a'], batchSize: 10 }));
    expect(error).toMatchObject({ code: 'CB_CONFIGURATION_INVALID' });
  });
});

describe('join and query sources elsewhere', () => {
  it('the mapping document names the join: tables, aliases, types and column pairs', () => {
    const md = renderMappingDocument([budgetLines], { format: 'markdown' });
    expect(md).toContain('Source join: budget_line l, inner join budget b on l.budget_id = b.budget_id, left join fall c on b.case_id = c.case_id');
    expect(md).toContain('join-unmatched-b');
  });

  it('a delta on a query source is refused before anything is read, naming the mapping', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-join-delta-'));
    try {
      writeFileSync(path.join(dir, 'fall.csv'), 'case_id\n1\n');
      const mapping = defineMapping({
        name: 'queried',
        version: '1',
        source: { query: 'SELECT case_id, changed FROM fall', key: ['case_id'] },
        delta: { stamp: 'changed', overlap: '5 minutes' },
        yields: [{ entity: 'person', fields: { id: id('case_id'), officialName: rename('case_id'), firstName: rename('case_id') } }],
      });
      const target = createPgliteTarget({});
      const source = createFileConnector({ name: 's', baseDir: dir, tables: { fall: { format: 'csv', file: 'fall.csv' } } });
      const outcome = await runMigration(defineMigration({ name: 'm', source, commune: TEST_COMMUNE, sourceSystem: 's', mappings: [mapping], target })).then(
        (report) => report.errors,
        (error: unknown) => [error],
      );
      expect(JSON.stringify(outcome)).toContain('queried');
      expect(JSON.stringify(outcome)).toContain('a query source cannot be read as a delta');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Conservation over every combination of conditional outputs: a row whose yields all stay silent is
 * never "loaded" (it is quarantined as `mapping.no_output`, or filtered under the mapping's named rule),
 * and every source row lands in exactly one bucket.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { defineMapping, id, rename, transform, type MappingDefinition } from '../src/mappings/dsl/index.js';
import { t } from '../src/mappings/transforms/index.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

/** What one conditional yield does for a row. */
type YieldState = 'absent' | 'ok' | 'warn' | 'error';
const STATES: readonly YieldState[] = ['absent', 'ok', 'warn', 'error'];

function columnsFor(state: YieldState): [present: string, born: string, sex: string] {
  if (state === 'absent') return ['N', '', ''];
  if (state === 'ok') return ['J', '01.02.1980', 'W'];
  if (state === 'warn') return ['J', '01.02.1980', 'X'];
  return ['J', '31.02.1980', 'W'];
}

function personYield(prefix: 'a' | 'b'): MappingDefinition['yields'][number] {
  return {
    entity: 'person',
    when: { description: `${prefix} present`, columns: [`${prefix}_present`], test: (r) => r[`${prefix}_present`] === 'J' },
    fields: {
      id: id('id', { qualifier: prefix }),
      officialName: rename('name'),
      firstName: rename('name'),
      dateOfBirth: transform(`${prefix}_born`, t.partialDate()),
      sex: transform(`${prefix}_sex`, t.sex(), { severity: 'warning' }),
    },
  };
}

function mappingOf(extra: Partial<MappingDefinition> = {}): MappingDefinition {
  return { name: 'pair', version: '1', source: { table: 'pair', keyColumns: ['id'] }, yields: [personYield('a'), personYield('b')], ...extra };
}

const combos = STATES.flatMap((a) => STATES.map((b) => ({ a, b })));

describe('a row with no output is never counted as loaded', () => {
  let dir: string;
  const targets: PgliteTarget[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cb-no-output-'));
    const lines = ['id;name;a_present;a_born;a_sex;b_present;b_born;b_sex'];
    for (const [i, c] of combos.entries()) lines.push([String(i + 1), 'Muster', ...columnsFor(c.a), ...columnsFor(c.b)].join(';'));
    writeFileSync(path.join(dir, 'pair.csv'), lines.join('\n'));
  });
  afterAll(async () => {
    for (const target of targets) await target.close();
  });

  async function run(definition: MappingDefinition) {
    const target = createPgliteTarget({});
    targets.push(target);
    const source = createFileConnector({ name: 'combo', baseDir: dir, tables: { pair: { file: 'pair.csv', format: 'csv', delimiter: ';', keyColumn: 'id' } } });
    return runMigration(
      defineMigration({ name: 'combo', source, commune: TEST_COMMUNE, sourceSystem: 'combo', mappings: [defineMapping(definition)], target }),
      { keepTargetOpen: true },
    );
  }

  const expected = (named: boolean) => {
    let loaded = 0;
    let quarantined = 0;
    let filtered = 0;
    let records = 0;
    let noOutput = 0;
    for (const { a, b } of combos) {
      if (a === 'error' || b === 'error') quarantined += 1;
      else if (a === 'absent' && b === 'absent') {
        if (named) filtered += 1;
        else {
          quarantined += 1;
          noOutput += 1;
        }
      } else {
        loaded += 1;
        records += (a === 'absent' ? 0 : 1) + (b === 'absent' ? 0 : 1);
      }
    }
    return { loaded, quarantined, filtered, records, noOutput };
  };

  it('quarantines the row as mapping.no_output by default, over all 16 combinations', async () => {
    const report = await run(mappingOf());
    const e = expected(false);
    const entry = report.entities[0]!;
    expect(entry).toMatchObject({ extracted: combos.length, loaded: e.loaded, quarantined: e.quarantined, filtered: 0, balanced: true });
    expect(entry.loaded + entry.quarantined + entry.filtered).toBe(entry.extracted);
    expect(entry.quarantinedByCode['mapping.no_output']).toBe(e.noOutput);
    expect(report.records['person']?.inserted).toBe(e.records);
    expect(report.unbalanced).toBe(false);
  });

  it('counts the row under the named filter when the mapping declares one', async () => {
    const report = await run(
      mappingOf({ whenNothingYields: { filter: 'no-person-columns', description: 'rows without any person part carry nothing to migrate' } }),
    );
    const e = expected(true);
    const entry = report.entities[0]!;
    expect(entry).toMatchObject({ extracted: combos.length, loaded: e.loaded, quarantined: e.quarantined, filtered: e.filtered, balanced: true });
    expect(entry.filteredByRule).toEqual({ 'no-person-columns': 1 });
    expect(entry.quarantinedByCode['mapping.no_output']).toBeUndefined();
    expect(report.records['person']?.inserted).toBe(e.records);
  });

  it('rejects a named no-output filter that clashes with a filter rule', () => {
    expect(() =>
      defineMapping(
        mappingOf({
          filters: [{ name: 'skip', description: 'x', columns: ['id'], test: () => false }],
          whenNothingYields: { filter: 'skip', description: 'y' },
        }),
      ),
    ).toThrow(/share a name/);
  });
});

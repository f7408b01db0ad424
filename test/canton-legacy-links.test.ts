/**
 * The canton person index by declared legacy links (issue 11, item 3): a mapping of commune 371 names,
 * for a person who moved in, her key in commune 351's legacy system (eCH-0044 `otherPersonIds`,
 * category `CT.BE.351`). The index counts the declared links, the ones that found commune 351's person
 * through the lineage of its load, the unresolved ones, and those the AHVN13 alone would have missed;
 * nothing is merged and both persons stay their commune's records.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SourceMapping } from '../src/core/pipeline/source-mapping.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { cantonPersonIndex } from '../src/targets/shared/canton-person-index.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { STORE_SCHEMA } from '../src/targets/typeorm/store-model.js';
import { ahvn13, personMapping, sampleConnector } from './fixtures/engine/sample-source.js';
import { describe } from 'vitest';

let target: PgliteTarget;
const dirs: Record<number, string> = {};

/** Persons of a commune; `moved` maps a person id to [commune, legacy key] of her earlier record. */
function writeCommune(rows: { id: number; vn: string | null; moved?: [number, string] }[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-links-'));
  const lines = ['id,official_name,first_name,vn,birth,test_flag,moved_from,moved_key'];
  for (const r of rows) lines.push(`${r.id},Family${r.id},Given${r.id},${r.vn ?? ''},1980-02-0${1 + (r.id % 8)},N,${r.moved?.[0] ?? ''},${r.moved?.[1] ?? ''}`);
  writeFileSync(path.join(dir, 'persons.csv'), `${lines.join('\n')}\n`);
  writeFileSync(path.join(dir, 'addresses.csv'), 'id,person_id,street,town\n');
  return dir;
}

/** The sample persons mapping plus the declared legacy link. */
const linkingMapping: SourceMapping = {
  ...personMapping,
  map(row, ctx) {
    const out = personMapping.map(row, ctx);
    // A person recorded without an AHV number (the sample mapping passes the empty column on as null).
    if (!(out instanceof Promise)) for (const r of out.records) if (r.record['vn'] === null) delete r.record['vn'];
    const from = row['moved_from'];
    const key = row['moved_key'];
    if (typeof from === 'string' && from !== '' && typeof key === 'string' && key !== '' && !(out instanceof Promise)) {
      for (const r of out.records) if (r.entity === 'person') r.record['otherPersonIds'] = [{ personIdCategory: `CT.BE.${from}`, personId: key }];
    }
    return out;
  },
};

describe('canton person index by declared legacy links', () => {
  beforeAll(async () => {
    // Commune 351: persons 1–4. Commune 371: person 1 moved from 351 (her key 2, same AHVN13), person 2
    // moved from 351 (key 3) but 371 recorded no AHV number, person 3 names a key 351 does not have.
    dirs[351] = writeCommune([1, 2, 3, 4].map((id) => ({ id, vn: ahvn13(id) })));
    dirs[371] = writeCommune([
      { id: 1, vn: ahvn13(2), moved: [351, '2'] },
      { id: 2, vn: null, moved: [351, '3'] },
      { id: 3, vn: ahvn13(300), moved: [351, '99'] },
      { id: 4, vn: ahvn13(400) },
    ]);
    target = createPgliteTarget({});
    await target.open();
    await target.ensureSchema();
    for (const commune of [351, 371]) {
      const migration = defineMigration({
        name: `links-${String(commune)}`,
        source: sampleConnector(dirs[commune]!),
        commune,
        sourceSystem: 'legacy-sample',
        mappings: [linkingMapping],
        target,
        options: { batchSize: 10, thresholds: [] },
      });
      const report = await runMigration(migration, { runId: randomUUID(), keepTargetOpen: true });
      expect(report.status, String(commune)).not.toBe('failed');
      expect(report.entities[0]!.loaded).toBe(4);
    }
  }, 120_000);

  afterAll(async () => {
    await target?.close();
  });

  it('counts declared, resolved and unresolved links, and the ones the AHVN13 alone misses, without merging', async () => {
    const index = await cantonPersonIndex((sql, params) => target.pglite.query(sql, params) as Promise<{ rows: Record<string, unknown>[] }>);
    expect(index.legacyLinks).toEqual({ declared: 3, resolved: 2, unresolved: 1, beyondAhv: 1 });
    // By AHVN13, only the person with the same number in both communes is linked.
    expect(index.linkedVn).toBe(1);
    const persons = await target.pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STORE_SCHEMA}.person`);
    expect(persons.rows[0]!.n).toBe(8);
  });
});

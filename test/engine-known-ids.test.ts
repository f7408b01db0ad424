/**
 * Ids the run committed itself are known to exist, so the reference check does not ask the target for
 * them again (it used to re-query every referenced id of every batch); and the memory for that is
 * bounded per entity.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnownIds } from '../src/core/pipeline/known-ids.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { CanonicalTarget } from '../src/core/pipeline/canonical-target.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { addressMapping, expectedAccounting, personMapping, sampleConnector, writeSampleSource } from './fixtures/engine/sample-source.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

describe('KnownIds', () => {
  it('keeps at most its capacity per entity, forgetting the older generation whole', () => {
    const known = new KnownIds(new Set(['person', 'case']), 4);
    known.add('person', ['a', 'b', 'c']);
    known.add('case', ['x']);
    expect(['a', 'b', 'c'].map((id) => known.has('person', id))).toEqual([true, true, true]);
    known.add('person', ['d', 'e']); // third generation starts: a and b are forgotten
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => known.has('person', id))).toEqual([false, false, true, true, true]);
    expect(known.size('person')).toBeLessThanOrEqual(4);
    expect(known.has('case', 'x')).toBe(true);
    expect(known.has('case', 'a')).toBe(false);
  });

  it('keeps nothing of entities no reference points at', () => {
    const known = new KnownIds(new Set(['case']));
    known.add('booking', ['b1']);
    expect(known.has('booking', 'b1')).toBe(false);
    expect(known.size('booking')).toBe(0);
  });

  it('holds a million ids passing through a small capacity to that capacity', () => {
    const known = new KnownIds(new Set(['booking']), 1000);
    known.add(
      'booking',
      (function* () {
        for (let i = 0; i < 1_000_000; i++) yield `id-${i}`;
      })(),
    );
    expect(known.size('booking')).toBeLessThanOrEqual(1000);
    expect(known.has('booking', 'id-999999')).toBe(true);
    expect(known.has('booking', 'id-0')).toBe(false);
  });
});

describe('reference check with committed ids', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-known-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('asks the target only for ids the run has not committed, and still finds the dangling ones', async () => {
    const persons = 60;
    await writeSampleSource(dir, persons);
    const inner = createPgliteTarget({});
    const asked: { entity: string; ids: number }[] = [];
    // Counts the lookups; everything else goes to the real target.
    const target = new Proxy(inner, {
      get(t, prop, receiver) {
        if (prop === 'existingIds') {
          return async (entity: string, ids: readonly string[]) => {
            asked.push({ entity, ids: ids.length });
            return t.existingIds(entity, ids);
          };
        }
        const value = Reflect.get(t, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    }) as CanonicalTarget;
    const report = await runMigration(
      defineMigration({
        name: 'known-ids',
        source: sampleConnector(dir),
        commune: TEST_COMMUNE,
        sourceSystem: 'legacy-sample',
        mappings: [personMapping, addressMapping],
        target,
        options: { batchSize: 10 },
      }),
    );
    const expected = expectedAccounting(persons);
    const addresses = report.entities.find((e) => e.name === 'address')!;
    expect(addresses.loaded).toBe(expected.addresses.loaded);
    expect(addresses.quarantinedByCode['reference.missing']).toBe(expected.addresses.quarantined);
    // Only the persons the run did not load (3 quarantined, 1 filtered, the orphan's target) are asked for.
    const askedPersons = asked.filter((a) => a.entity === 'person').reduce((t, a) => t + a.ids, 0);
    expect(askedPersons).toBe(expected.addresses.quarantined);
  });
});

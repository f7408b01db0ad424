/**
 * The KOKES yearly extract: events of each measure in the year (existing on 1 January and 31 December,
 * new, taken over, changed, ended, transferred), grouping per KESB with the case's KESB as fallback,
 * birth year and sex only, and the suppressed count table.
 */
import { describe, expect, it } from 'vitest';
import type { KesMeasure } from '../src/generated/model/index.js';
import { buildKokesExtract, kokesEvents, type KokesInput } from '../src/stats/index.js';
import { id, person } from './stats-fixtures.js';

const adult = person('adult', { sex: '2', dateOfBirth: '1950-04-03', vn: '7561234567897' });
const child = person('child', { sex: '1', dateOfBirth: '2016-08-21' });

function measure(key: string, facts: Partial<KesMeasure>): KesMeasure {
  return { id: id('kes', key), personId: adult.id, kesbId: 'BE-11', isChild: false, measureType: 'MAE050', decidedOn: '2020-05-01', ...facts };
}

const MEASURES: KokesInput[] = [
  {
    measure: measure('running', { taskAreas: [{ taskArea: 'AB050', mandateHolderType: 'M020' }], mainIndication: 'IE010', reportSource: 'GE020' }),
    person: adult,
  },
  {
    measure: measure('new-child', { personId: child.id, isChild: true, measureType: 'MAK050', decidedOn: '2023-03-10', mainIndication: 'IK080' }),
    person: child,
  },
  { measure: measure('died', { measureType: 'MAE070', decidedOn: '2019-01-15', endedOn: '2023-06-30', terminationReason: 'AHGE020' }), person: adult },
  { measure: measure('replaced', { measureType: 'MAE100', decidedOn: '2021-02-01', endedOn: '2023-08-01', terminationReason: 'AHGE040' }), person: adult },
  {
    measure: measure('transferred', { measureType: 'MAE040', decidedOn: '2022-04-04', transferredToKesbId: 'BE-5', transferredOn: '2023-09-01' }),
    person: adult,
  },
  { measure: measure('taken-over', { measureType: 'MAE040', decidedOn: '2018-01-01', takenOverFromKesbId: 'BE-3', takenOverOn: '2023-02-01' }), person: adult },
  { measure: measure('over', { decidedOn: '2015-01-01', endedOn: '2022-12-31', terminationReason: 'AHGE010' }), person: adult },
  // No KESB on the measure: the KESB of the case's service counts.
  {
    measure: { id: id('kes', 'fallback'), personId: child.id, isChild: true, measureType: 'MAK050', decidedOn: '2023-05-05' },
    person: child,
    caseKesbId: 'BE-2',
  },
];

describe('KOKES extract', () => {
  it('derives the events of each measure in the year', () => {
    const events = (key: string): string[] => kokesEvents(MEASURES.find((m) => m.measure.id === id('kes', key))!.measure, 2023);
    expect(events('running')).toEqual(['existingAtStart', 'existingAtEnd']);
    expect(events('new-child')).toEqual(['new', 'existingAtEnd']);
    expect(events('died')).toEqual(['existingAtStart', 'ended']);
    // Ended and replaced by a new measure (AHGE040) counts as a change.
    expect(events('replaced')).toEqual(['existingAtStart', 'changed']);
    expect(events('transferred')).toEqual(['existingAtStart', 'transferred']);
    // Taken over in 2023: on 1 January it was another KESB's.
    expect(events('taken-over')).toEqual(['takenOver', 'existingAtEnd']);
    expect(events('over')).toEqual([]);
  });

  it('groups per KESB, keeps birth year and sex only and suppresses small counts', () => {
    const extract = buildKokesExtract(MEASURES, { year: 2023, threshold: 1 });
    expect(extract.authorities.map((a) => a.kesbId)).toEqual(['BE-11', 'BE-2']);
    const be11 = extract.authorities[0]!;
    // Two persons: the adult with five measures of 2023 (the one ended in 2022 is left out), the child with one.
    expect(be11.persons.map((p) => [p.birthYear, p.sex, p.measures.length]).sort()).toEqual([
      [1950, 'F', 5],
      [2016, 'M', 1],
    ]);
    const died = be11.persons.flatMap((p) => p.measures).find((m) => m.measureType === 'MAE070')!;
    expect(died).toMatchObject({ events: ['existingAtStart', 'ended'], terminationReason: 'AHGE020' });
    const running = be11.persons.flatMap((p) => p.measures).find((m) => m.measureKey === id('kes', 'running'))!;
    expect(running).toMatchObject({
      taskAreas: [{ taskArea: 'AB050', mandateHolderType: 'M020' }],
      mainIndication: 'IE010',
      reportSource: 'GE020',
      terminationReason: null,
    });
    // Existing on 31 December at BE-11: running (MAE050), the child's MAK050, the taken-over MAE040.
    expect(be11.counts['existingAtEnd.MAE050']).toBe(1);
    expect(be11.counts['existingAtEnd.MAK050']).toBe(1);
    expect(be11.counts['existingAtEnd.MAE040']).toBe(1);
    expect(be11.counts['transferred.MAE040']).toBe(1);
    // With the default threshold of 5 every one of these small counts is suppressed.
    const published = buildKokesExtract(MEASURES, { year: 2023 });
    expect(Object.values(published.authorities[0]!.counts).every((v) => v === 'X')).toBe(true);
    const text = JSON.stringify(published);
    for (const secret of ['Muster', 'Anna', '7561234567897', '1950-04-03', '2016-08-21']) expect(text).not.toContain(secret);
  });
});

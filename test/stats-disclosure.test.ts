/**
 * Defect 9 of issue 14: suppression leaked by subtraction. `stats indicators` published gross and net
 * with reimbursements suppressed, so reimbursements = gross − net; the KOKES extract put per-person
 * rows into the file of the suppressed count table. Here an attacker who knows the identities of every
 * published table (gross − reimbursements = net, closed dossiers = Σ duration classes = Σ closing
 * reasons, the KOKES stock-flow identity per measure type) tries to recompute each suppressed cell,
 * by substitution and by exact linear algebra; the KOKES outputs are two files with two audiences.
 */
import { describe, expect, it } from 'vitest';
import type { KesMeasure } from '../src/generated/model/index.js';
import {
  buildKokesExtract,
  complementarySuppression,
  computeIndicators,
  derivableCells,
  parsePeriod,
  protectKokesCounts,
  splitKokesExtract,
  sumIdentity,
  SUPPRESSED_MARKER,
  type IndicatorTable,
  type KokesInput,
  type StatsCaseBundle,
  type TableIdentity,
} from '../src/stats/index.js';
import { bundle, id, payment, payments, person, wshCase } from './stats-fixtures.js';

type Cells = Map<string, bigint | 'X'>;

/** The attacker's substitution: any identity with one unknown cell gives it away; repeat until stuck. */
function attack(cells: Cells, identities: readonly TableIdentity[]): Map<string, bigint> {
  const known = new Map<string, bigint>();
  for (const [k, v] of cells) if (v !== SUPPRESSED_MARKER) known.set(k, v);
  const recovered = new Map<string, bigint>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const identity of identities) {
      const unknown = identity.terms.filter((t) => !known.has(t.cell) && cells.has(t.cell));
      if (unknown.length !== 1) continue;
      const [u] = unknown;
      const rest = identity.terms.filter((t) => t !== u).reduce((sum, t) => sum + BigInt(t.coefficient) * (known.get(t.cell) ?? 0n), 0n);
      const value = -rest / BigInt(u!.coefficient);
      known.set(u!.cell, value);
      recovered.set(u!.cell, value);
      changed = true;
    }
  }
  return recovered;
}

function rappen(value: string | 'X'): bigint | 'X' {
  if (value === SUPPRESSED_MARKER) return value;
  const [whole, frac = ''] = value.split('.');
  return BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
}

/** The cells and identities of a published indicator table, as a reader sees them (absent categories are zeros). */
function indicatorCells(table: IndicatorTable): { cells: Cells; identities: TableIdentity[] } {
  const cells: Cells = new Map();
  cells.set('gross', rappen(table.grossExpenditureChf));
  cells.set('reimbursements', rappen(table.reimbursementsChf));
  cells.set('net', rappen(table.netExpenditureChf));
  cells.set('closed', table.closedDossiers === SUPPRESSED_MARKER ? 'X' : BigInt(table.closedDossiers));
  const part = (prefix: string, dist: Readonly<Record<string, number | 'X'>>): string[] =>
    Object.entries(dist).map(([k, v]) => {
      cells.set(`${prefix}${k}`, v === SUPPRESSED_MARKER ? 'X' : BigInt(v));
      return `${prefix}${k}`;
    });
  const identities: TableIdentity[] = [
    {
      name: 'money',
      terms: [
        { cell: 'gross', coefficient: 1 },
        { cell: 'reimbursements', coefficient: -1 },
        { cell: 'net', coefficient: -1 },
      ],
    },
    sumIdentity('durations', 'closed', part('d:', table.durationClasses)),
    sumIdentity('reasons', 'closed', part('r:', table.closingReasons)),
  ];
  return { cells, identities };
}

const suppressedOf = (cells: Cells): Set<string> => new Set([...cells].filter(([, v]) => v === SUPPRESSED_MARKER).map(([k]) => k));

/**
 * Bern (351): eight dossiers paid all year, two of them with a reimbursement; seven dossiers paid in
 * January–March and closed in the year (six for reason 20, one for reason 10). Köniz (355): three
 * dossiers paid all year, one reimbursed.
 */
function scenario(): StatsCaseBundle[] {
  const out: StatsCaseBundle[] = [];
  const add = (key: string, commune: number, to: string, facts: { reimbursed?: boolean; reason?: string } = {}): void => {
    const p = person(key);
    const c = wshCase(key, p, { municipalityBfsNumber: commune, ...(facts.reason !== undefined ? { shsClosingReason: facts.reason } : {}) });
    const bookings = payments(c, '2023-01', to, 100000 + out.length * 137);
    if (facts.reimbursed === true)
      bookings.push({ ...payment(c, '2023-05', -(57500 + out.length)), id: id('repay', key), bookingType: 'REIMBURSEMENT_RECEIVED' });
    out.push(bundle(c, [p], bookings));
  };
  for (let i = 0; i < 8; i++) add(`be-${String(i)}`, 351, '2023-12', { reimbursed: i < 2 });
  for (let i = 0; i < 7; i++) add(`be-closed-${String(i)}`, 351, '2023-03', { reason: i === 0 ? '10' : '20' });
  for (let i = 0; i < 3; i++) add(`koe-${String(i)}`, 355, '2023-12', { reimbursed: i === 0 });
  return out;
}

describe('statistics disclosure control that survives subtraction', () => {
  const scopes = [
    { kind: 'canton' } as const,
    { kind: 'commune', municipalityBfsNumbers: [351] } as const,
    { kind: 'commune', municipalityBfsNumbers: [355] } as const,
    { kind: 'commune', municipalityBfsNumbers: [351, 355] } as const,
  ];

  it("the issue's case: with reimbursements suppressed, net is suppressed too (gross − net no longer gives them)", () => {
    const table = computeIndicators(scenario(), { period: parsePeriod('2023'), scope: { kind: 'commune', municipalityBfsNumbers: [351] } });
    expect(table.reimbursementsChf).toBe(SUPPRESSED_MARKER);
    expect(table.grossExpenditureChf).not.toBe(SUPPRESSED_MARKER);
    expect(table.netExpenditureChf).toBe(SUPPRESSED_MARKER);
  });

  for (const scope of scopes) {
    it(`no suppressed cell of the ${scope.kind === 'canton' ? 'canton' : `commune ${scope.municipalityBfsNumbers.join('+')}`} table can be recomputed`, () => {
      const table = computeIndicators(scenario(), { period: parsePeriod('2023'), scope });
      const { cells, identities } = indicatorCells(table);
      const suppressed = suppressedOf(cells);
      expect(attack(cells, identities)).toEqual(new Map());
      expect(derivableCells(suppressed, identities)).toEqual([]);
    });
  }

  it('the tables still publish what is safe (threshold 1 publishes everything)', () => {
    const table = computeIndicators(scenario(), { period: parsePeriod('2023'), scope: { kind: 'commune', municipalityBfsNumbers: [351] }, threshold: 1 });
    const { cells } = indicatorCells(table);
    expect(suppressedOf(cells).size).toBe(0);
    expect(table.closingReasons).toEqual({ '10': 1, '20': 6 });
  });

  it('complementary suppression follows chains of identities', () => {
    // a = b + c and c = d + e: hiding e alone is undone by d and c, then nothing else is needed
    // once d is hidden; the result leaves no cell derivable.
    const identities = [sumIdentity('1', 'a', ['b', 'c']), sumIdentity('2', 'c', ['d', 'e'])];
    const values = new Map<string, number>([
      ['a', 30],
      ['b', 12],
      ['c', 18],
      ['d', 15],
      ['e', 3],
    ]);
    const hidden = complementarySuppression(values, new Set(['e']), identities);
    expect(hidden.has('e')).toBe(true);
    expect(derivableCells(hidden, identities)).toEqual([]);
  });

  describe('KOKES', () => {
    const adult = (k: string) => person(`kokes-${k}`, { sex: '2', dateOfBirth: '1950-04-03' });
    const measure = (key: string, facts: Partial<KesMeasure>): KokesInput => {
      const p = adult(key);
      return {
        measure: { id: id('kes', key), personId: p.id, kesbId: 'BE-11', isChild: false, measureType: 'MAE050', decidedOn: '2020-05-01', ...facts },
        person: p,
      };
    };
    /** MAE050: 6 running all year + 2 new (small); MAE040: 7 running, 1 of them ended (small). */
    function inputs(): KokesInput[] {
      const out: KokesInput[] = [];
      for (let i = 0; i < 6; i++) out.push(measure(`a-run-${String(i)}`, {}));
      for (let i = 0; i < 2; i++) out.push(measure(`a-new-${String(i)}`, { decidedOn: '2023-04-01' }));
      for (let i = 0; i < 6; i++) out.push(measure(`b-run-${String(i)}`, { measureType: 'MAE040' }));
      out.push(measure('b-end', { measureType: 'MAE040', endedOn: '2023-06-30', terminationReason: 'AHGE020' }));
      return out;
    }

    it('no suppressed count is recomputed from the stock-flow identity of its measure type', () => {
      const extract = buildKokesExtract(inputs(), { year: 2023 });
      const counts = extract.authorities[0]!.counts;
      const cells: Cells = new Map(Object.entries(counts).map(([k, v]) => [k, v === SUPPRESSED_MARKER ? 'X' : BigInt(v)]));
      const identities: TableIdentity[] = ['MAE050', 'MAE040'].map((type) => ({
        name: type,
        terms: [
          ...['existingAtStart', 'takenOver', 'new'].map((e) => ({ cell: `${e}.${type}`, coefficient: 1 })),
          ...['changed', 'ended', 'transferred', 'existingAtEnd'].map((e) => ({ cell: `${e}.${type}`, coefficient: -1 })),
        ],
      }));
      expect(counts['new.MAE050']).toBe(SUPPRESSED_MARKER);
      expect(counts['ended.MAE040']).toBe(SUPPRESSED_MARKER);
      expect(attack(cells, identities)).toEqual(new Map());
      expect(derivableCells(suppressedOf(cells), identities)).toEqual([]);
      // The counts the protection is for: still exact where nothing is at risk.
      expect(
        protectKokesCounts(
          new Map([
            ['existingAtStart.MAE050', 9],
            ['existingAtEnd.MAE050', 9],
          ]),
        ),
      ).toEqual({ 'existingAtEnd.MAE050': 9, 'existingAtStart.MAE050': 9 });
    });

    it('per-person rows and count tables are separate files for separate audiences', () => {
      const split = splitKokesExtract(buildKokesExtract(inputs(), { year: 2023 }));
      expect(split.persons.audience).toBe('kokes-microdata');
      expect(split.tables.audience).toBe('publication');
      expect(JSON.stringify(split.tables)).not.toContain('personKey');
      expect(JSON.stringify(split.tables)).not.toContain('measureKey');
      expect(JSON.stringify(split.persons)).not.toContain('"counts"');
      expect(split.persons.authorities[0]!.persons).toHaveLength(15);
    });
  });
});

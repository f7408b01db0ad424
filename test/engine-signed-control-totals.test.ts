/**
 * Control totals that follow the model's sign convention: a KiSS-shaped booking table stores every
 * amount positive with a kind column; receipts become negative canonical amounts. A control total with
 * `negateWhen` (sign computed inside the source) and `where` (one total per entity fed) reconciles to
 * the Rappen; the raw column sum fails by exactly twice the receipts. The dry run computes and compares
 * the totals exactly like the run, so it can never say "passed" without comparing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileConnector } from '../src/connectors/files/index.js';
import { defineMigration } from '../src/mappings/define-migration.js';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import type { ControlTotalMapping } from '../src/core/pipeline/source-mapping.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { computed, constant, defineMapping, id, transform } from '../src/mappings/dsl/index.js';
import { fail, ok, t } from '../src/mappings/transforms/index.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

// BUCHUNG: TYP A = payment out, E = receipt (stored positive), X = cancelled draft (not migrated).
const ROWS = [
  ['1', '05.01.2024', 'A', '1000.00'],
  ['2', '20.01.2024', 'E', '250.50'],
  ['3', '05.02.2024', 'A', '1000.00'],
  ['4', '07.02.2024', 'E', '99.95'],
  ['5', '01.03.2024', 'X', '777.00'],
  ['6', '31.02.2024', 'A', '10.00'],
];

const BOOKING_TYPE: Readonly<Record<string, string>> = { A: 'ORDINARY_PAYMENT', E: 'REIMBURSEMENT_RECEIVED' };

function bookings(controlTotals: readonly ControlTotalMapping[]) {
  return defineMapping({
    name: 'kiss-buchung',
    version: '1',
    source: { table: 'buchung', keyColumns: ['ID'] },
    filters: [{ name: 'cancelled-drafts', description: 'drafts cancelled before release are not bookings', columns: ['TYP'], test: (r) => r['TYP'] === 'X' }],
    controlTotals,
    yields: [
      {
        entity: 'booking',
        fields: {
          id: id('ID'),
          bookingDate: transform('DATUM', t.swissDate()),
          bookingType: computed({ columns: ['TYP'], description: 'A payment, E receipt' }, (r) => {
            const code = BOOKING_TYPE[String(r['TYP'])];
            return code === undefined ? fail('mapping.code_unknown') : ok(code);
          }),
          // The model's sign convention: receipts are negative.
          amountRappen: computed({ columns: ['TYP', 'BETRAG'], description: 'BETRAG in Rappen, negative for receipts (E)' }, (r) => {
            const parsed = t.moneyRappen().apply(r['BETRAG']);
            if (!parsed.ok) return parsed;
            return ok(r['TYP'] === 'E' ? -parsed.value : parsed.value);
          }),
          status: constant('paid'),
        },
      },
    ],
  });
}

const signed: ControlTotalMapping = {
  source: { table: 'buchung', yearColumn: 'DATUM', sumColumns: ['BETRAG'], negateWhen: [{ column: 'TYP', in: ['E'] }] },
  entity: 'booking',
  yearField: 'bookingDate',
  sums: { BETRAG: 'amountRappen' },
};

describe('control totals with a sign expression and a filter', () => {
  let dir: string;
  const targets: PgliteTarget[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cb-signed-'));
    writeFileSync(path.join(dir, 'buchung.csv'), ['ID;DATUM;TYP;BETRAG', ...ROWS.map((r) => r.join(';'))].join('\n'));
  });
  afterAll(async () => {
    for (const target of targets) await target.close();
  });

  async function run(controlTotals: readonly ControlTotalMapping[], dryRun: boolean) {
    const target = createPgliteTarget({});
    targets.push(target);
    const source = createFileConnector({
      name: 'kiss',
      baseDir: dir,
      tables: { buchung: { file: 'buchung.csv', format: 'csv', delimiter: ';', keyColumn: 'ID' } },
    });
    return runMigration(
      defineMigration({ name: 'signed', source, commune: TEST_COMMUNE, sourceSystem: 'legacy-sample', mappings: [bookings(controlTotals)], target }),
      { dryRun, keepTargetOpen: true },
    );
  }

  it('reconciles to the Rappen with negateWhen, in the dry run and the run alike', async () => {
    for (const dryRun of [true, false]) {
      const report = await run([signed], dryRun);
      expect(report.entities[0]).toMatchObject({ extracted: 6, loaded: 4, filtered: 1, quarantined: 1, balanced: true });
      expect(report.reconciliation.status).toBe('passed');
      // (1 of 6 rows quarantined may breach the default quarantine threshold; reconciliation is not a reason.)
      expect(report.reasons).not.toContain('reconciliation');
      const totals = report.reconciliation.controlTotals;
      expect(totals.length).toBeGreaterThan(0);
      expect(totals.every((c) => c.matched && c.conclusive)).toBe(true);
      // 1000.00 − 250.50 + 1000.00 − 99.95 loaded; the draft (777.00) and the impossible date (10.00) are excluded.
      const sum = (side: 'source' | 'target' | 'excluded'): bigint => totals.reduce((a, c) => a + BigInt(c[side].sums['amountRappen'] ?? '0'), 0n);
      expect(sum('target')).toBe(164955n);
      expect(sum('excluded')).toBe(77700n + 1000n);
      expect(sum('source')).toBe(164955n + 77700n + 1000n);
    }
  });

  it('fails the dry run like the run when the raw column sum ignores the sign (off by twice the receipts)', async () => {
    const raw: ControlTotalMapping = { ...signed, source: { table: 'buchung', yearColumn: 'DATUM', sumColumns: ['BETRAG'] } };
    for (const dryRun of [true, false]) {
      const report = await run([raw], dryRun);
      expect(report.reconciliation.status).toBe('failed');
      expect(report.status).toBe('failed');
      const totals = report.reconciliation.controlTotals;
      const sum = (side: 'source' | 'target' | 'excluded'): bigint => totals.reduce((a, c) => a + BigInt(c[side].sums['amountRappen'] ?? '0'), 0n);
      expect(sum('source') - sum('target') - sum('excluded')).toBe(2n * (25050n + 9995n));
    }
  });

  it('counts only the rows that feed the entity with `where`, on both sides of the equation', async () => {
    const fed: ControlTotalMapping = { ...signed, source: { ...signed.source, where: [{ column: 'TYP', in: ['A', 'E'] }] } };
    const report = await run([fed], false);
    const totals = report.reconciliation.controlTotals;
    expect(totals.every((c) => c.matched && c.conclusive)).toBe(true);
    // The cancelled draft is neither in the source figure nor in the excluded one.
    expect(totals.reduce((a, c) => a + c.source.count, 0)).toBe(5);
    expect(totals.reduce((a, c) => a + c.excluded.count, 0)).toBe(1);
    expect(report.reconciliation.status).toBe('passed');
  });
});

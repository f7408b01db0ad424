/**
 * The engine's post-load case-level checks: every case the run's source system loaded is read back in
 * case-id pages and judged by the case rules; the issues land in `report.caseChecks` as flags (the
 * records stay loaded), equal to the rules applied to the target's rows independently, in a dry run too.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigration } from '../src/core/pipeline/run-migration.js';
import { flatFileMigration } from '../src/profiles/flat-file/flat-file-migration.js';
import { FLAT_FILE_SOURCE_SYSTEM } from '../src/profiles/flat-file/flat-file-layout.js';
import { generateFlatFileExport } from '../src/profiles/flat-file/generate-flat-file-export.js';
import { createPgliteTarget, type PgliteTarget } from '../src/targets/pglite/index.js';
import { selectRecords } from '../src/stats/store/stats-queryable.js';
import { validateCaseBundle } from '../src/validators/case/index.js';
import type { ValidationIssue } from '../src/core/model/validation-issue.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const REFERENCE_DATE = '2026-01-01';
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-casechecks-'));
  await generateFlatFileExport({ dir, persons: 40, seed: 7 });
});

type Rec = Record<string, unknown>;

/** The case rules over every case in the store, bundled here by plain grouping (not the target's reader). */
async function issuesFromStore(target: PgliteTarget): Promise<{ cases: number; flagged: number; issues: ValidationIssue[] }> {
  const all = (entity: string): Promise<Rec[]> => selectRecords<Rec>(target.pglite, entity, 'true', []);
  const [cases, units, members, persons, bookings, budgets] = await Promise.all(
    ['case', 'supportUnit', 'supportUnitMember', 'person', 'booking', 'budget'].map(all),
  );
  const issues: ValidationIssue[] = [];
  let flagged = 0;
  for (const kase of cases!) {
    const before = issues.length;
    const caseUnits = units!.filter((u) => u['caseId'] === kase['id']);
    const caseMembers = members!.filter((m) => caseUnits.some((u) => u['id'] === m['supportUnitId']));
    const personIds = new Set([kase['personId'], ...caseMembers.map((m) => m['personId'])]);
    issues.push(
      ...validateCaseBundle(
        {
          case: kase,
          supportUnits: caseUnits,
          supportUnitMembers: caseMembers,
          persons: persons!.filter((p) => personIds.has(p['id'])),
          bookings: bookings!.filter((b) => b['caseId'] === kase['id']),
          budgets: budgets!.filter((b) => b['caseId'] === kase['id']),
        },
        { referenceDate: REFERENCE_DATE },
      ),
    );
    if (issues.length > before) flagged += 1;
  }
  return { cases: cases!.length, flagged, issues };
}

function countByCode(issues: readonly ValidationIssue[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of [...issues].sort((a, b) => a.code.localeCompare(b.code))) out[i.code] = (out[i.code] ?? 0) + 1;
  return out;
}

describe('case-level checks after the load (PGlite)', () => {
  let target: PgliteTarget;
  beforeAll(() => {
    target = createPgliteTarget({});
  });
  afterAll(async () => target.close());

  it('a dry run reports the same flags as the real run, and leaves the store empty', async () => {
    const dry = await runMigration(
      flatFileMigration({
        commune: TEST_COMMUNE,
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        dir,
        target,
        options: { batchSize: 50, caseChecks: { referenceDate: REFERENCE_DATE, pageSize: 7 } },
      }),
      { dryRun: true, keepTargetOpen: true },
    );
    const afterDry = await target.pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM casebridge."case"');
    expect(afterDry.rows[0]!.n).toBe(0);
    const real = await runMigration(
      flatFileMigration({
        commune: TEST_COMMUNE,
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        dir,
        target,
        options: { batchSize: 50, caseChecks: { referenceDate: REFERENCE_DATE, pageSize: 7 } },
      }),
      { keepTargetOpen: true },
    );
    const expected = await issuesFromStore(target);
    expect(expected.cases).toBeGreaterThan(7);
    expect(expected.issues.length).toBeGreaterThan(0);
    for (const report of [dry, real]) {
      const checks = report.caseChecks!;
      expect(checks.cases).toBe(expected.cases);
      expect(checks.issues).toBe(expected.issues.length);
      expect(checks.byCode).toEqual(countByCode(expected.issues));
      expect(checks.casesFlagged).toBe(expected.flagged);
      expect(checks.flags.length).toBe(expected.issues.length);
      expect(checks.truncated).toBe(false);
    }
    // Same flags, same order (case-id order), pseudonymous references only.
    expect(dry.caseChecks!.flags).toEqual(real.caseChecks!.flags);
    expect(real.caseChecks!.flags.map((f) => f.recordRef).sort()).toEqual(expected.issues.map((i) => i.recordRef ?? null).sort());
    const caseIds = real.caseChecks!.flags.map((f) => f.caseRef);
    expect(caseIds).toEqual([...caseIds].sort());
    // The ledger keeps the section with the run's report (a dry run leaves no ledger row).
    const ledger = await target.pglite.query<{ checks: unknown; dry: number }>(
      `SELECT report->'caseChecks' AS checks, (SELECT count(*)::int FROM casebridge.cb_run WHERE run_id = $2) AS dry FROM casebridge.cb_run WHERE run_id = $1`,
      [real.runId, dry.runId],
    );
    expect(ledger.rows[0]).toEqual({ checks: real.caseChecks, dry: 0 });
    // Flags are no quarantine: the loaded records stay. The profile's one planted error finding is allowed by its threshold.
    expect(real.quarantine.total).toBe(dry.quarantine.total);
    expect(real.caseChecks!.errorsByCode).toEqual({ 'case.applicant_missing': 1 });
    expect(real.reasons).not.toContain('case-checks');
    expect(real.thresholds.find((t) => t.metric === 'case:case.applicant_missing')).toMatchObject({ mapping: 'case-checks', count: 1, breached: false });
  });

  it('fails the run on an error finding no threshold allows, in a dry run too, and says why', async () => {
    const migration = flatFileMigration({
      commune: TEST_COMMUNE,
      sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
      dir,
      target,
      options: { batchSize: 50, caseChecks: { referenceDate: REFERENCE_DATE } },
    });
    // Without the profile's allowance: the planted case without an applicant fails the run.
    const strict = { ...migration, options: { ...migration.options, thresholds: [] } };
    for (const dryRun of [true, false]) {
      const report = await runMigration(strict, { dryRun, keepTargetOpen: true });
      expect(report.status).toBe('failed');
      expect(report.reasons).toEqual(['case-checks']);
      expect(report.exitCode).toBe(2);
      expect(report.thresholds).toContainEqual(
        expect.objectContaining({ mapping: 'case-checks', metric: 'case-errors', count: 1, maxCount: 0, breached: true, implicit: true }),
      );
    }
    // A warning threshold allows it with a warning; a case-errors rule that is not breached allows it silently.
    const warned = await runMigration(
      { ...migration, options: { ...migration.options, thresholds: [{ metric: 'case-errors', maxCount: 0, severity: 'warning' }] } },
      { keepTargetOpen: true },
    );
    expect(warned.status).toBe('passed_with_warnings');
    expect(warned.reasons).toEqual(['threshold-warning']);
    const allowed = await runMigration(
      { ...migration, options: { ...migration.options, thresholds: [{ metric: 'case-errors', maxPercent: 50, severity: 'error' }] } },
      { keepTargetOpen: true },
    );
    expect(allowed.status).toBe('passed');
  });

  it('caps the list per code at the report list limit, keeps the counts exact, and can be switched off', async () => {
    const capped = await runMigration(
      flatFileMigration({
        commune: TEST_COMMUNE,
        sourceSystem: FLAT_FILE_SOURCE_SYSTEM,
        dir,
        target,
        options: { batchSize: 50, reportListLimit: 1, caseChecks: { referenceDate: REFERENCE_DATE } },
      }),
      { keepTargetOpen: true },
    );
    const checks = capped.caseChecks!;
    const codes = Object.keys(checks.byCode);
    expect(checks.flags.map((f) => f.code)).toEqual(expect.arrayContaining(codes));
    expect(checks.flags.length).toBe(codes.length);
    expect(checks.truncated).toBe(Object.values(checks.byCode).some((n) => n > 1));
    expect(Object.values(checks.byCode).reduce((a, b) => a + b, 0)).toBe(checks.issues);
    const off = await runMigration(
      flatFileMigration({ commune: TEST_COMMUNE, sourceSystem: FLAT_FILE_SOURCE_SYSTEM, dir, target, options: { batchSize: 50, caseChecks: false } }),
      { keepTargetOpen: true },
    );
    expect(off.caseChecks).toBeUndefined();
  });
});

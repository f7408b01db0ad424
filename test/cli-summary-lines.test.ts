/** The CLI's run summary never hides quarantine codes silently: beyond the top five it says how many more. */
import { describe, expect, it } from 'vitest';
import { summaryLines } from '../src/cli/execute-run.js';
import type { RunReport } from '../src/core/report/run-report.js';

function reportWith(byCode: Record<string, number>): RunReport {
  return {
    dryRun: false,
    migration: 'm',
    status: 'passed_with_warnings',
    entities: [],
    quarantine: { total: Object.values(byCode).reduce((a, b) => a + b, 0), byCode },
    reconciliation: { status: 'passed', conservation: [], controlTotals: [], controlTotalsSkipped: [], hashes: null },
    reasons: [],
    errors: [],
    changes: null,
  } as unknown as RunReport;
}

describe('the quarantine line of the run summary', () => {
  it('lists up to five codes by frequency and says how many more there are', () => {
    const codes = { a: 9, b: 8, c: 7, d: 6, e: 5, f: 4, g: 3 };
    const line = summaryLines(reportWith(codes)).find((l) => l.startsWith('Quarantine:'));
    expect(line).toBe('Quarantine: a 9, b 8, c 7, d 6, e 5 and 2 more codes (all in the run report)');
  });

  it('says nothing more when every code is shown', () => {
    const line = summaryLines(reportWith({ a: 1, b: 2 })).find((l) => l.startsWith('Quarantine:'));
    expect(line).toBe('Quarantine: b 2, a 1');
  });
});

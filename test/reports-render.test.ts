/**
 * The HTML and Markdown run-report renderers: every figure comes from the JSON report, values are
 * escaped (a hostile mapping name or issue code cannot inject markup), optional sections render when
 * present, and legacy codes with small counts are suppressed.
 */
import { describe, expect, it } from 'vitest';
import { renderRunReportHtml } from '../src/core/report/render-html.js';
import { renderRunReportMarkdown } from '../src/core/report/render-markdown.js';
import { escapeHtml, formatCount } from '../src/core/report/html-kit.js';
import type { EntityReport, RunReport } from '../src/core/report/run-report.js';

function entity(mapping: string, extracted: number, loaded: number, filtered: number, quarantined: number, byCode: Record<string, number> = {}): EntityReport {
  return {
    name: mapping.replace(/s$/, ''),
    mapping,
    mappingVersion: '1.0.0',
    extracted,
    loaded,
    inserted: loaded,
    updated: 0,
    unchanged: 0,
    filtered,
    filteredByRule: filtered > 0 ? { 'test-cases': filtered } : {},
    quarantined,
    quarantinedByCode: byCode,
    quarantinedByStage: quarantined > 0 ? { map: quarantined } : {},
    warnings: 0,
    warningsByCode: {},
    duplicates: 0,
    batches: 1,
    balanced: extracted === loaded + filtered + quarantined,
    detailScope: 'run',
  };
}

function report(overrides: Partial<RunReport> = {}): RunReport {
  const entities = [
    entity('persons', 1234567, 1234500, 7, 59, { 'schema.pattern': 40, 'transform.date_invalid': 20 }),
    entity('<script>alert(1)</script>', 10, 9, 0, 0),
  ];
  return {
    reportVersion: '1',
    runId: '7f0c3c1e-0000-4000-8000-000000000001',
    migration: 'commune-a',
    sourceSystem: 'legacy',
    target: { kind: 'pglite' },
    dryRun: false,
    resumed: false,
    status: 'failed',
    unbalanced: true,
    reasons: ['unbalanced'],
    exitCode: 3,
    startedAt: '2026-01-05T10:00:00.000Z',
    finishedAt: '2026-01-05T10:01:00.000Z',
    durationsMs: { extract: 100, map: 200, validate: 50, load: 400, reconcile: 30, total: 800 },
    entities,
    records: { person: { inserted: 1234500, updated: 0, unchanged: 0 } },
    quarantine: { total: 60, byCode: { 'schema.pattern': 40, 'transform.date_invalid': 20 } },
    duplicates: { policy: 'flag', groupCount: 0, groups: [] },
    thresholds: [],
    reconciliation: {
      status: 'failed',
      conservation: [],
      controlTotals: [
        {
          mapping: 'payments',
          entity: 'booking',
          sourceTable: 'ZAHLUNGEN',
          year: 2024,
          source: { count: 3, sums: { amountRappen: '123456789' } },
          target: { count: 3, sums: { amountRappen: '123456789' } },
          excluded: { count: 0, sums: {} },
          matched: true,
          conclusive: true,
        },
      ],
      controlTotalsSkipped: [],
      hashes: {
        checked: 5,
        mismatchedCount: 1,
        missingCount: 0,
        mismatched: [{ entity: 'person', id: 'aaaaaaaa-0000-4000-8000-000000000002', reason: 'content' }],
        missing: [],
      },
    },
    changes: null,
    errors: [],
    ...overrides,
  };
}

describe('run report renderers', () => {
  it('shows the totals, the equation per mapping and the unbalanced mapping', () => {
    const r = report();
    const html = renderRunReportHtml(r);
    expect(html).toContain(`data-figure="Extracted">${escapeHtml(formatCount(1234577))}<`);
    expect(html).toContain(escapeHtml(`${formatCount(1234567)} ≠ ${formatCount(1234500)} + 7 + 59`));
    expect(html).toContain('UNBALANCED');
    expect(html).toContain('1&#39;234&#39;567.89');
    expect(html).toContain('aaaaaaaa-0000-4000-8000-000000000002');
    const md = renderRunReportMarkdown(r);
    expect(md).toContain("| person | persons v1.0.0 | 1'234'567 | 1'234'500 | 7 | 59 | UNBALANCED |");
    expect(md).toContain('| schema.pattern | A field does not match the pattern the model requires. | 40 |');
  });

  it('escapes every value: no markup from the report reaches the page', () => {
    const html = renderRunReportHtml(report());
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<link|src=/);
    const md = renderRunReportMarkdown(report({ migration: 'a|b' }));
    expect(md).toContain('\\<script\\>');
    expect(md).toContain('a\\|b');
  });

  it('renders the dry-run changes, code-list coverage with small counts suppressed and optional sections', () => {
    const r = report({
      dryRun: true,
      changes: { person: { insert: 12, update: 3, unchanged: 40 } },
      codeListCoverage: [
        {
          codeList: 'case-type',
          pin: 'case-type@1#abc',
          totals: { mapped: 90, unmapped: 3, unapproved: 0, defaulted: 0, total: 93 },
          codes: [
            { sourceCode: 'ZZ', mapped: 0, unmapped: 3, unapproved: 0, defaulted: 0, total: 3 },
            { sourceCode: 'SH', mapped: 90, unmapped: 0, unapproved: 0, defaulted: 0, total: 90 },
          ],
        },
      ],
      ...({ statisticsReadiness: { ready: 17, notReady: 2 } } as object),
    });
    const html = renderRunReportHtml(r);
    expect(html).toContain('What would change (dry run)');
    expect(html).toMatch(/<td class="num">12<\/td><td class="num">3<\/td><td class="num">40<\/td>/);
    expect(html).toContain('96.8 % mapped');
    expect(html).toContain('<code>ZZ</code></td><td class="num">&lt;5</td>');
    expect(html).toContain('Statistics readiness');
    expect(html).toContain('notReady');
    const md = renderRunReportMarkdown(r);
    expect(md).toContain('| case-type | ZZ | \\<5 | 0 | 0 |');
    expect(md).toContain('| person | 12 | 3 | 40 |');
  });
});

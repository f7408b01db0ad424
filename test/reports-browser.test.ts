/**
 * Opens the demo's HTML run report and source profile in headless Chromium (Debian's `chromium`,
 * driven by playwright-core) and checks that the key figures of the JSON report are visible; saves
 * screenshots under test-output/. Skips loudly without chromium, fails without it in CI.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { formatCount } from '../src/core/report/html-kit.js';
import { statusName } from '../src/core/report/report-wording.js';
import type { RunReport } from '../src/core/report/run-report.js';
import type { SourceProfile } from '../src/core/profile/source-profile.js';
import { runDemo, type DemoRun } from './helpers/demo-run.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS as ARGS,
  CHROMIUM_AVAILABLE as available,
  CHROMIUM_REQUIRED as required,
  SCREENSHOTS as OUTPUT,
  warnIfChromiumSkipped,
} from './helpers/chromium.js';

warnIfChromiumSkipped('reports-browser');

describe.skipIf(!available && !required)('reports in headless Chromium', () => {
  let demo: DemoRun;
  let browser: Browser;
  let report: RunReport;
  let profile: SourceProfile;

  beforeAll(async () => {
    if (!available) throw new Error(`chromium is required in CI (CASEBRIDGE_REQUIRE_SERVICES=1) but missing at ${CHROMIUM}`);
    demo = await runDemo();
    report = JSON.parse(readFileSync(path.join(demo.dir, 'reports', 'run-report.json'), 'utf8')) as RunReport;
    profile = JSON.parse(readFileSync(path.join(demo.dir, 'profile', 'source-profile.json'), 'utf8')) as SourceProfile;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(OUTPUT, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the run report verdict, totals and the conservation equation of every entity', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(path.join(demo.dir, 'reports', 'run-report.html')).href);
    const sum = (k: 'extracted' | 'loaded' | 'filtered' | 'quarantined'): number => report.entities.reduce((t, e) => t + e[k], 0);
    expect(await page.locator('[data-figure="Extracted"]').innerText()).toBe(formatCount(sum('extracted')));
    expect(await page.locator('[data-figure="Loaded"]').innerText()).toBe(formatCount(sum('loaded')));
    expect(await page.locator('[data-figure="Quarantined"]').innerText()).toBe(formatCount(sum('quarantined')));
    expect(await page.locator('#verdict').getAttribute('data-status')).toBe(report.status);
    expect(await page.locator('#verdict').innerText()).toContain(statusName(report.status));
    const accounting = page.locator('#accounting');
    for (const e of report.entities) {
      const row = accounting.locator('tbody tr').filter({ has: page.locator('span.mono', { hasText: new RegExp(`^${e.mapping} v`) }) });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.innerText()).toContain(
        `${formatCount(e.extracted)} = ${formatCount(e.loaded)} + ${formatCount(e.filtered)} + ${formatCount(e.quarantined)}`,
      );
    }
    const quarantine = await page.locator('#quarantine').innerText();
    for (const code of Object.keys(report.quarantine.byCode)) expect(quarantine).toContain(code);
    expect(await page.locator('#reconciliation').innerText()).toContain(report.reconciliation.status);
    if (report.codeListCoverage !== undefined) {
      const coverage = await page.locator('#code-lists').innerText();
      for (const c of report.codeListCoverage) expect(coverage).toContain(c.codeList);
    }
    expect(await page.locator('svg.chart').count()).toBeGreaterThan(report.entities.length);
    expect(requests).toEqual([]);
    await page.screenshot({ path: path.join(OUTPUT, 'run-report.png'), fullPage: true });
    await page.close();
  });

  it('shows the source profile tables and row counts and hides personal columns', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(path.join(demo.dir, 'profile', 'source-profile.html')).href);
    const tables = await page.locator('#tables').innerText();
    for (const t of profile.tables) {
      expect(tables).toContain(t.name);
      expect(tables).toContain(formatCount(t.rowCount));
    }
    // Undeclared text/date columns are hidden too (private by default), with their own badge.
    const hidden = profile.tables.reduce((n, t) => n + t.columns.filter((c) => c.personal?.some((r) => r !== 'undeclared')).length, 0);
    expect(hidden).toBeGreaterThan(0);
    expect(await page.locator('text=personal: values hidden').count()).toBe(hidden);
    await page.screenshot({ path: path.join(OUTPUT, 'profile-report.png'), fullPage: true });
    await page.close();
  });
});

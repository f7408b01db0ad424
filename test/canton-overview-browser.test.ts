/**
 * `casebridge demo --canton` (four communes into one embedded PGlite store) and its canton overview in
 * headless Chromium: every commune's status, conservation, reconciliation and loaded rows as in the JSON
 * overview, each link opens that commune's run report, the person index counts, no request leaves the
 * page. Skips loudly without chromium, fails without it in CI.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CantonOverview } from '../src/canton/canton-overview.js';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { formatCount } from '../src/core/report/html-kit.js';
import type { RunReport } from '../src/core/report/run-report.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS as ARGS,
  CHROMIUM_AVAILABLE as available,
  CHROMIUM_REQUIRED as required,
  SCREENSHOTS as OUTPUT,
  warnIfChromiumSkipped,
} from './helpers/chromium.js';

warnIfChromiumSkipped('canton-overview-browser');

describe.skipIf(!available && !required)('casebridge demo --canton and the canton overview in headless Chromium', () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cb-canton-demo-')), 'demo');
  let browser: Browser;
  let overview: CantonOverview;
  let output: string;

  beforeAll(async () => {
    if (!available) throw new Error(`chromium is required in CI (CASEBRIDGE_REQUIRE_SERVICES=1) but missing at ${CHROMIUM}`);
    const io = captureIo({ cwd: path.dirname(dir) });
    const code = await runCli(['--no-progress', 'demo', '--canton', '-o', dir], io);
    output = io.out();
    expect(code, io.err()).toBe(0);
    overview = JSON.parse(readFileSync(path.join(dir, 'canton-reports', 'canton-overview.json'), 'utf8')) as CantonOverview;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(OUTPUT, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('migrates four communes into one store, each balanced, and tells the commune head where to look', () => {
    expect(overview).toMatchObject({ status: 'done', totals: { communes: 4, succeeded: 4, failed: 0 } });
    expect(overview.communes.map((c) => c.commune)).toEqual([351, 371, 942, 261]);
    for (const c of overview.communes) {
      const report = JSON.parse(readFileSync(path.join(dir, 'canton-reports', c.run!.reportJson!), 'utf8')) as RunReport;
      expect(c.run).toMatchObject({
        runId: report.runId,
        status: report.status,
        conservation: 'balanced',
        loaded: report.entities.reduce((t, e) => t + e.loaded, 0),
      });
    }
    expect(overview.personIndex?.communes.map((c) => c.commune).sort()).toEqual([261, 351, 371, 942]);
    expect(output).toContain('4 of 4 communes migrated into one store');
    expect(output).toContain('canton-overview.html');
  });

  it('shows every commune with its verdicts and figures, links to its run report, and loads nothing from outside', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(path.join(dir, 'canton-reports', 'canton-overview.html')).href);
    expect(await page.locator('[data-figure="Communes"]').innerText()).toBe('4');
    expect(await page.locator('[data-figure="Succeeded"]').innerText()).toBe('4');
    expect(await page.locator('[data-figure="Loaded rows"]').innerText()).toBe(formatCount(overview.totals.loaded));
    for (const c of overview.communes) {
      const row = page.locator('#communes tbody tr').filter({ has: page.locator(`[data-commune="${String(c.commune)}"]`) });
      await expect.poll(() => row.count()).toBe(1);
      const text = await row.innerText();
      for (const part of [c.run!.status, 'balanced', c.run!.reconciliation, formatCount(c.run!.loaded), `${c.run!.quarantinePercent} %`])
        expect(text, `${String(c.commune)}: ${part}`).toContain(part);
    }
    const linked = page.locator('[data-figure="Linked across communes"]');
    expect(await linked.innerText()).toBe(formatCount(overview.personIndex!.linkedVn));
    await page.screenshot({ path: path.join(OUTPUT, 'canton-overview.png'), fullPage: true });
    // The first commune's link opens its run report.
    const first = overview.communes[0]!;
    await page
      .locator('#communes tbody tr')
      .filter({ has: page.locator(`[data-commune="${String(first.commune)}"]`) })
      .getByRole('link', { name: 'run report' })
      .click();
    await page.waitForLoadState('load');
    expect(decodeURIComponent(page.url())).toContain(path.join(String(first.commune), 'run', 'run-report.html'));
    expect(await page.locator('#verdict').getAttribute('data-status')).toBe(first.run!.status);
    expect(requests).toEqual([]);
    await page.close();
  });
});

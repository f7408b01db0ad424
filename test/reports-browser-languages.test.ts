/**
 * Renders a real run's report (the demo's sample commune into PGlite) and its source profile in German,
 * French and English, opens each page in headless Chromium and checks what a reader sees: the page's `lang`, the Swiss
 * figures and Zurich local time, and that no English word of the message catalogue is left in the German
 * and French pages. The English values are collected from the catalogue itself (plain messages, and the
 * literal text of every parameterised message, found by calling it with placeholders), plus the English
 * issue-code sentences and error remedies. Codes (`<code>`, monospace) are allowed, as are words that the
 * other language writes the same way (Status, Code, Dossiers), and the data's own names (mappings such as
 * `documents`). Skips loudly without chromium.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { ERROR_CODE_DESCRIPTIONS } from '../src/core/error-code-descriptions.js';
import { ISSUE_CODE_MEANINGS } from '../src/core/issue-codes.js';
import { formatCount } from '../src/core/report/html-kit.js';
import { reportMessages } from '../src/core/report/i18n/report-messages.js';
import type { ReportLanguage } from '../src/core/report/i18n/report-language.js';
import { swissDateTime } from '../src/core/report/i18n/swiss-format.js';
import type { RunReport } from '../src/core/report/run-report.js';
import type { SourceProfile } from '../src/core/profile/source-profile.js';
import { renderProfileHtml } from '../src/core/profile/render-profile-html.js';
import { runDemo, type DemoRun } from './helpers/demo-run.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS as ARGS,
  CHROMIUM_AVAILABLE as available,
  CHROMIUM_REQUIRED as required,
  SCREENSHOTS as OUTPUT,
  warnIfChromiumSkipped,
} from './helpers/chromium.js';

const HOLE = '\u0001';

warnIfChromiumSkipped('reports-browser-languages');

/** Every literal text of a catalogue: plain strings, and the fixed parts of parameterised messages. */
function catalogueTexts(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => string;
    // Call with placeholders (and both values of a flag, and a plural count) and keep the text between them.
    for (const flag of [true, false]) {
      for (const count of [1, 2]) {
        const args: unknown[] = Array.from({ length: Math.max(fn.length, 1) }, () => HOLE);
        const variants = [
          args,
          args.map(() => flag),
          args.map((a, i) => (i === args.length - 1 ? count : a)),
          args.map((a, i) => (i === args.length - 1 ? flag : a)),
        ];
        for (const v of variants) {
          let text: string;
          try {
            text = fn(...v);
          } catch {
            continue;
          }
          if (typeof text === 'string') for (const part of text.split(HOLE)) into.add(part);
        }
      }
    }
  } else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) catalogueTexts(v, into);
  return into;
}

/** The phrases worth looking for: trimmed, at least one word of 3+ letters, not a code. */
function phrases(texts: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const t of texts) {
    for (const piece of t.split(/[()·:;,.—…]|\s[-=≠+]\s/)) {
      const p = piece.trim().replace(/^[\s'"`*_<>]+|[\s'"`*_<>]+$/g, '');
      if (!/\p{L}{3,}/u.test(p)) continue;
      if (/^[\w.-]+$/.test(p) && /[._-]|\d/.test(p)) continue; // a code or identifier
      if (/casebridge|SHA|eCH|BFS|KOKES|SKOS|AHV|IBAN|UUID|BLOB|NUL|SQLSTATE|JSON|CSV|SHS/.test(p) && p.split(/\s+/).length <= 2) continue;
      out.add(p);
    }
  }
  return out;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!available && !required)('reports in German, French and English in headless Chromium', () => {
  let demo: DemoRun;
  let browser: Browser;
  let report: RunReport;
  const html: Partial<Record<ReportLanguage, string>> = {};
  const profileHtml: Partial<Record<ReportLanguage, string>> = {};

  beforeAll(async () => {
    if (!available) throw new Error(`chromium is required in CI (CASEBRIDGE_REQUIRE_SERVICES=1) but missing at ${CHROMIUM}`);
    demo = await runDemo();
    expect(demo.exitCode).toBe(0);
    const json = path.join(demo.dir, 'reports', 'run-report.json');
    report = JSON.parse(readFileSync(json, 'utf8')) as RunReport;
    for (const lang of ['de', 'fr', 'en'] as const) {
      const out = path.join(demo.dir, `reports-${lang}`);
      const io = captureIo({ cwd: demo.dir });
      expect(await runCli(['report', json, '--lang', lang, '--out', out], io)).toBe(0);
      html[lang] = path.join(out, 'run-report.html');
      // The demo's source profile in the same language.
      const profile = JSON.parse(readFileSync(path.join(demo.dir, 'profile', 'source-profile.json'), 'utf8')) as SourceProfile;
      profileHtml[lang] = path.join(out, 'source-profile.html');
      writeFileSync(profileHtml[lang]!, renderProfileHtml(profile, { lang }));
    }
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(OUTPUT, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** The page's visible text without codes (code elements and monospace identifiers). */
  async function visibleText(
    lang: ReportLanguage,
    which: 'run-report' | 'source-profile' = 'run-report',
  ): Promise<{ text: string; htmlLang: string | null; figure: (name: string) => Promise<string> }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL((which === 'run-report' ? html : profileHtml)[lang]!).href);
    await page.screenshot({ path: path.join(OUTPUT, `${which}-${lang}.png`), fullPage: true });
    const htmlLang = await page.locator('html').getAttribute('lang');
    // Runs in the page (a string, so that the Node test needs no DOM types): the text without codes.
    const text = await page.evaluate<string>(`(() => {
      const body = document.body.cloneNode(true);
      for (const el of body.querySelectorAll('code, .mono, .equation')) el.remove();
      document.body.after(body);
      const t = body.innerText;
      body.remove();
      return t;
    })()`);
    const figures = new Map<string, string>();
    if (which === 'run-report')
      for (const name of ['Extracted', 'Loaded', 'Quarantined']) figures.set(name, await page.locator(`[data-figure="${name}"]`).innerText());
    await page.close();
    return { text, htmlLang, figure: async (name) => figures.get(name) ?? '' };
  }

  for (const [lang, which] of [
    ['de', 'run-report'],
    ['fr', 'run-report'],
    ['de', 'source-profile'],
    ['fr', 'source-profile'],
  ] as const) {
    it(`leaves no English word of the catalogue in the ${lang === 'de' ? 'German' : 'French'} ${which}`, async () => {
      const { text, htmlLang } = await visibleText(lang, which);
      expect(htmlLang).toBe(lang);
      const english = phrases([
        ...catalogueTexts(reportMessages('en')),
        ...Object.values(ISSUE_CODE_MEANINGS).map((x) => x.meaning),
        ...Object.values(ERROR_CODE_DESCRIPTIONS).flatMap((x) => [x.meaning, x.remedy]),
      ]);
      // A word the other language writes the same way is not an English leftover.
      const own = phrases(catalogueTexts(reportMessages(lang)));
      // Names from the data (mappings, entities, tables) are proper names, whatever language they resemble.
      const names = new Set([...report.entities.flatMap((e) => [e.mapping, e.name])]);
      const leftovers = [...english].filter(
        (p) => !own.has(p) && !names.has(p) && new RegExp(`(?<![\\p{L}\\p{N}_.:/-])${escapeRegExp(p)}(?![\\p{L}\\p{N}_.:/-])`, 'u').test(text),
      );
      expect(english.size).toBeGreaterThan(300);
      expect(leftovers).toEqual([]);
      // Words that glue English sentences together, wherever they come from (none is German or French).
      expect(text.match(/\b(the|and|of|with|rows|were|not|from|which)\b/g) ?? []).toEqual([]);
    });
  }

  it('shows Swiss figures and Zurich local time in every language, with the words of each', async () => {
    const sum = (k: 'extracted' | 'loaded' | 'quarantined'): number => report.entities.reduce((t, e) => t + e[k], 0);
    const started = swissDateTime(report.startedAt);
    expect(started).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    const headings = { de: 'Verbuchung pro Entität', fr: 'Comptabilisation par entité', en: 'Accounting per entity' } as const;
    for (const lang of ['de', 'fr', 'en'] as const) {
      const page = await visibleText(lang);
      expect(await page.figure('Extracted')).toBe(formatCount(sum('extracted')));
      expect(await page.figure('Loaded')).toBe(formatCount(sum('loaded')));
      expect(await page.figure('Quarantined')).toBe(formatCount(sum('quarantined')));
      expect(formatCount(sum('extracted'))).toMatch(/^\d{1,3}('\d{3})+$/);
      expect(page.text).toContain(started);
      expect(page.text).not.toContain(report.startedAt.slice(0, 19));
      expect(page.text).toContain(headings[lang]);
      // The flagged records are grouped by issue with the issue's sentence, not listed as id pairs.
      const code = Object.keys(report.caseChecks?.byCode ?? {})[0];
      if (code !== undefined) expect(page.text).toContain(reportMessages(lang).flaggedRecords);
    }
  });
});

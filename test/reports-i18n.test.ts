/**
 * The reports in German, French and English: every issue code and error code has its sentence in all
 * three languages, every catalogue holds every message, the language comes from --lang, then the
 * config, then the locale, the formats are Swiss (1'234.50, 31.12.2025, Zurich local time) in every
 * language, and the rendered HTML and Markdown speak the chosen language.
 */
import { describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { summaryLines } from '../src/cli/execute-run.js';
import { ERROR_CODES } from '../src/core/errors.js';
import { ERROR_CODE_DESCRIPTIONS } from '../src/core/error-code-descriptions.js';
import { errorCodeTextIn } from '../src/core/error-code-translations.js';
import { ISSUE_CODE_MEANINGS } from '../src/core/issue-codes.js';
import { issueCodeMeaningIn } from '../src/core/issue-code-translations.js';
import { chooseReportLanguage, languageFromLocale, REPORT_LANGUAGES } from '../src/core/report/i18n/report-language.js';
import { reportMessages } from '../src/core/report/i18n/report-messages.js';
import { swissDate, swissDateTime, swissDecimal, swissExactDecimal, swissInteger } from '../src/core/report/i18n/swiss-format.js';
import { renderRunReportHtml } from '../src/core/report/render-html.js';
import { renderRunReportMarkdown } from '../src/core/report/render-markdown.js';
import type { RunReport } from '../src/core/report/run-report.js';

function report(): RunReport {
  return {
    reportVersion: '1',
    runId: '7f0c3c1e-0000-4000-8000-000000000001',
    migration: 'commune-a',
    sourceSystem: 'legacy',
    target: { kind: 'pglite' },
    dryRun: false,
    resumed: false,
    status: 'passed_with_warnings',
    unbalanced: false,
    reasons: ['threshold-warning'],
    exitCode: 0,
    startedAt: '2025-12-31T23:30:00.000Z',
    finishedAt: '2025-12-31T23:31:00.000Z',
    durationsMs: { extract: 100, map: 200, validate: 50, load: 400, reconcile: 30, total: 1800 },
    entities: [
      {
        name: 'person',
        mapping: 'persons',
        mappingVersion: '1',
        extracted: 1234,
        loaded: 1230,
        inserted: 1230,
        updated: 0,
        unchanged: 0,
        filtered: 0,
        filteredByRule: {},
        quarantined: 4,
        quarantinedByCode: { 'transform.date_invalid': 4 },
        quarantinedByStage: { map: 4 },
        warnings: 0,
        warningsByCode: {},
        duplicates: 0,
        batches: 1,
        balanced: true,
        detailScope: 'run',
      },
    ],
    records: { person: { inserted: 1230, updated: 0, unchanged: 0 } },
    quarantine: { total: 4, byCode: { 'transform.date_invalid': 4 } },
    duplicates: { policy: 'flag', groupCount: 0, groups: [] },
    thresholds: [],
    reconciliation: { status: 'passed', conservation: [], controlTotals: [], controlTotalsSkipped: [], hashes: null },
    changes: null,
    errors: [{ code: 'CB_TIMEOUT', message: 'statement timeout', details: {} }],
    caseChecks: {
      cases: 10,
      casesFlagged: 3,
      issues: 4,
      byCode: { 'case.six_month_close_due': 3, 'case.applicant_missing': 1 },
      bySeverity: { warning: 3, error: 1 },
      flags: [
        { caseRef: 'c1', entity: 'case', recordRef: null, code: 'case.six_month_close_due', severity: 'warning' },
        { caseRef: 'c2', entity: 'case', recordRef: null, code: 'case.six_month_close_due', severity: 'warning' },
        { caseRef: 'c2', entity: 'case', recordRef: null, code: 'case.six_month_close_due', severity: 'warning' },
        { caseRef: 'c3', entity: 'case', recordRef: null, code: 'case.applicant_missing', severity: 'error' },
      ],
      truncated: false,
    },
  };
}

/** Every leaf key path of a catalogue, with the kind of its value. */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [`${prefix}:${typeof value}`];
  return Object.entries(value)
    .flatMap(([k, v]) => shape(v, prefix === '' ? k : `${prefix}.${k}`))
    .sort();
}

describe('report languages', () => {
  it('has the sentence of every registered issue code in German, French and English', () => {
    for (const code of Object.keys(ISSUE_CODE_MEANINGS)) {
      const en = issueCodeMeaningIn(code, 'en');
      const de = issueCodeMeaningIn(code, 'de');
      const fr = issueCodeMeaningIn(code, 'fr');
      expect(en, code).toBe(ISSUE_CODE_MEANINGS[code as keyof typeof ISSUE_CODE_MEANINGS].meaning);
      for (const t of [de, fr]) {
        expect(t, code).toMatch(/\p{L}{3,}.*\.$/u);
        expect(t, code).not.toBe(en);
      }
      expect(de).not.toBe(fr);
    }
    expect(issueCodeMeaningIn('mymapping.own_code', 'de')).toBeUndefined();
  });

  it('has the meaning and remedy of every error code in German, French and English', () => {
    expect(Object.keys(ERROR_CODE_DESCRIPTIONS).sort()).toEqual([...Object.values(ERROR_CODES)].sort());
    for (const code of Object.keys(ERROR_CODE_DESCRIPTIONS)) {
      const en = errorCodeTextIn(code, 'en')!;
      for (const lang of ['de', 'fr'] as const) {
        const t = errorCodeTextIn(code, lang)!;
        expect(t.meaning, `${code} ${lang}`).toMatch(/\p{L}{3,}/u);
        expect(t.remedy, `${code} ${lang}`).toMatch(/\p{L}{3,}/u);
        expect(t.meaning).not.toBe(en.meaning);
        expect(t.remedy).not.toBe(en.remedy);
      }
    }
  });

  it('holds every message in every catalogue, none empty', () => {
    const en = shape(reportMessages('en'));
    for (const lang of REPORT_LANGUAGES) {
      const m = reportMessages(lang);
      expect(m.lang).toBe(lang);
      expect(shape(m)).toEqual(en);
      const empty = Object.entries(m).filter(([, v]) => v === '');
      expect(empty).toEqual([]);
    }
  });

  it('takes the language from --lang, then the config, then the locale, else English', () => {
    expect(languageFromLocale({ LANG: 'de_CH.UTF-8' })).toBe('de');
    expect(languageFromLocale({ LANG: 'fr_CH' })).toBe('fr');
    expect(languageFromLocale({ LC_ALL: 'fr_CH.UTF-8', LANG: 'de_CH.UTF-8' })).toBe('fr');
    expect(languageFromLocale({ LC_ALL: 'C', LANG: 'de_CH.UTF-8' })).toBeUndefined();
    expect(languageFromLocale({ LANG: 'it_CH.UTF-8' })).toBeUndefined();
    expect(languageFromLocale({})).toBeUndefined();
    expect(chooseReportLanguage('fr', 'de', { LANG: 'en_US' })).toBe('fr');
    expect(chooseReportLanguage(undefined, 'de', { LANG: 'fr_CH' })).toBe('de');
    expect(chooseReportLanguage(undefined, undefined, { LANG: 'fr_CH' })).toBe('fr');
    expect(chooseReportLanguage(undefined, undefined, { LANG: 'it_CH' })).toBe('en');
  });

  it('formats figures the Swiss way and times in Zurich local time, summer and winter', () => {
    expect(swissInteger(1234567)).toBe("1'234'567");
    expect(swissInteger(-1234)).toBe("-1'234");
    expect(swissDecimal(1234.5, 2)).toBe("1'234.50");
    expect(swissExactDecimal('123450', 2)).toBe("1'234.50");
    expect(swissExactDecimal('-5', 2)).toBe('-0.05');
    expect(swissDate('2025-12-31')).toBe('31.12.2025');
    expect(swissDateTime('2025-12-31T23:30:00.000Z')).toBe('01.01.2026 00:30:00');
    expect(swissDateTime('2025-07-01T10:00:00Z')).toBe('01.07.2025 12:00:00');
  });

  it('renders HTML and Markdown in the chosen language with the page language set', () => {
    const expected = {
      de: ['<html lang="de">', 'Bestanden mit Warnungen', 'Ein Quelldatum ist kein gültiges Kalenderdatum.', 'Erhöhen Sie das Zeitlimit', "1'234"],
      fr: ['<html lang="fr">', 'Réussi avec avertissements', 'Une date source n’est pas une date valide du calendrier.', 'Augmentez le délai', "1'234"],
      en: ['<html lang="en">', 'Passed with warnings', 'A source date is not a valid calendar date.', 'Raise the timeout', "1'234"],
    } as const;
    for (const lang of REPORT_LANGUAGES) {
      const html = renderRunReportHtml(report(), { lang });
      for (const text of expected[lang]) expect(html, `${lang}: ${text}`).toContain(text.replace(/'/g, '&#39;'));
      expect(html).toContain('01.01.2026 00:30:00');
      expect(html).not.toContain('2025-12-31T23:30');
      const md = renderRunReportMarkdown(report(), { lang });
      expect(md).toContain(expected[lang][1]);
      expect(md).toContain('01.01.2026 00:30:00');
    }
    expect(renderRunReportMarkdown(report(), { lang: 'de' })).toContain('# Bericht zum Migrationslauf: commune-a');
  });

  it('groups the flagged records by issue with its sentence instead of listing ids', () => {
    const html = renderRunReportHtml(report(), { lang: 'de' });
    const flagged = html.slice(html.indexOf('id="flagged-records"'));
    expect(flagged).toContain('Der Fall ist offen, aber seine letzte ordentliche Zahlung ist mehr als sechs Monate alt.');
    // 3 issues of the code on 2 cases; the error code comes first.
    expect(flagged.indexOf('case.applicant_missing')).toBeLessThan(flagged.indexOf('case.six_month_close_due'));
    expect(flagged).toMatch(
      /case\.six_month_close_due<\/code><\/td><td>[^<]+<\/td><td><span class="badge warn">Warnung<\/span><\/td><td class="num">3<\/td><td class="num">2<\/td>/,
    );
    expect(flagged).not.toContain('>c1<');
  });

  it('writes the console summary in the chosen language', () => {
    const de = summaryLines(report(), 'de');
    expect(de[0]).toBe('Lauf von commune-a: BESTANDEN MIT WARNUNGEN');
    expect(de.join('\n')).toContain('1234 gelesen = 1230 geladen + 0 gefiltert + 4 in Quarantäne');
    expect(summaryLines(report(), 'fr')[0]).toBe('Exécution de commune-a : RÉUSSI AVEC AVERTISSEMENTS');
    expect(summaryLines(report())[0]).toBe('Run of commune-a: PASSED WITH WARNINGS');
  });

  it('refuses an unknown --lang and names the languages', async () => {
    const io = captureIo();
    const code = await runCli(['report', 'run-report.json', '--lang', 'it'], io);
    expect(code).toBe(64);
    expect(io.err()).toContain('"it" is not a report language; use one of de, fr, en.');
  });
});

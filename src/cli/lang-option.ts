/**
 * `--lang de|fr|en`: the language of the HTML and Markdown reports and of the console summary. Without it,
 * the config's `lang`, then the locale (LC_ALL, LC_MESSAGES, LANG), then English. The JSON report has no
 * language: it holds codes and counts only.
 */
import { InvalidArgumentError } from 'commander';
import { REPORT_LANGUAGES, chooseReportLanguage, isReportLanguage, type ReportLanguage } from '../core/report/i18n/report-language.js';

/** The `--lang` option text. */
export const LANG_OPTION_HELP = `language of the HTML and Markdown reports and the summary: ${REPORT_LANGUAGES.join(', ')} (default: config lang, else the locale LC_ALL/LANG, else en)`;

/** Checks `--lang` before anything runs, naming the allowed values. */
export function parseLang(value: string): ReportLanguage {
  const lang = value.trim().toLowerCase();
  if (!isReportLanguage(lang)) throw new InvalidArgumentError(`"${value}" is not a report language; use one of ${REPORT_LANGUAGES.join(', ')}.`);
  return lang;
}

/** The language of a command's reports: `--lang`, else the config's `lang`, else the locale, else English. */
export function reportLanguageFor(
  option: ReportLanguage | undefined,
  configured: ReportLanguage | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ReportLanguage {
  return chooseReportLanguage(option, configured, env);
}

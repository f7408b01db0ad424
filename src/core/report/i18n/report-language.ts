/**
 * The languages of the human-readable reports (HTML, Markdown, console summary): German and French for
 * the communes of the canton of Bern (the Bernese Jura reads French), English as the fallback. The JSON
 * report stays language-neutral: codes and counts only.
 */

/** A report language. */
export type ReportLanguage = 'de' | 'fr' | 'en';

/** Every report language, in the order the CLI lists them. */
export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['de', 'fr', 'en'];

/** True when `value` names a report language. */
export function isReportLanguage(value: unknown): value is ReportLanguage {
  return typeof value === 'string' && (REPORT_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The report language a POSIX locale asks for (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as gettext
 * reads them): `de_CH.UTF-8` → `de`, `fr_CH` → `fr`; `C`, `POSIX` or another language → undefined.
 */
export function languageFromLocale(env: Readonly<Record<string, string | undefined>>): ReportLanguage | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    // The first variable that is set decides, as in gettext: LC_ALL=C means "no translation".
    const language = /^([a-z]{2,3})(?:[_.@-]|$)/i.exec(value)?.[1]?.toLowerCase();
    return isReportLanguage(language) ? language : undefined;
  }
  return undefined;
}

/** The report language: the explicit choice (`--lang`), else the config's `lang`, else the locale, else English. */
export function chooseReportLanguage(
  explicit: ReportLanguage | undefined,
  configured: ReportLanguage | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ReportLanguage {
  return explicit ?? configured ?? languageFromLocale(env) ?? 'en';
}

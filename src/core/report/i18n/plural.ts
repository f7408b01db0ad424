/** Plural forms through Intl.PluralRules: French counts 0 and 1 as singular, German and English only 1. */
import type { ReportLanguage } from './report-language.js';

const rules = new Map<ReportLanguage, Intl.PluralRules>();

/** Picks the form of `n` for `lang`: `one` or `other` (the only categories de, fr and en use for whole numbers). */
export function plural(lang: ReportLanguage, n: number, forms: { readonly one: string; readonly other: string }): string {
  let r = rules.get(lang);
  if (r === undefined) rules.set(lang, (r = new Intl.PluralRules(lang)));
  return r.select(n) === 'one' ? forms.one : forms.other;
}

/**
 * The message catalogues of the human-readable reports, one per language. Typed catalogues rather than an
 * i18n library: the reports need a few hundred fixed sentences with typed parameters and two plural
 * forms (Intl.PluralRules covers those), all known at compile time. TypeScript then proves that every
 * message exists in every language with the same parameters, which ICU message strings checked at run
 * time (i18next, @formatjs) would not; and the core stays free of a runtime dependency.
 */
import { MESSAGES_DE } from './messages-de.js';
import { MESSAGES_EN } from './messages-en.js';
import { MESSAGES_FR } from './messages-fr.js';
import type { ReportLanguage } from './report-language.js';
import type { ReportMessages } from './report-messages-type.js';

/** The shape every catalogue has (see report-messages-type.ts). */
export type { ReportMessages } from './report-messages-type.js';

const CATALOGUES: Readonly<Record<ReportLanguage, ReportMessages>> = { en: MESSAGES_EN as ReportMessages, de: MESSAGES_DE, fr: MESSAGES_FR };

/** The catalogue of `lang` (English when not given). */
export function reportMessages(lang: ReportLanguage = 'en'): ReportMessages {
  return CATALOGUES[lang];
}

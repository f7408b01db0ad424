/** The type of a report message catalogue: the English catalogue's keys, parameters and nesting. */
import type { MESSAGES_EN } from './messages-en.js';
import type { ReportLanguage } from './report-language.js';

type Widen<T> = T extends string
  ? string
  : T extends boolean
    ? boolean
    : T extends (...args: infer A) => string
      ? (...args: A) => string
      : { readonly [K in keyof T]: Widen<T[K]> };

/** A catalogue: every message of the English one, with the same parameters. */
export type ReportMessages = Widen<typeof MESSAGES_EN> & { readonly lang: ReportLanguage };

/**
 * Text a PostgreSQL-family target cannot store: the NUL character (U+0000; `text` rejects it and the
 * whole batch would fail with CB_DATA_EXCEPTION) and unpaired UTF-16 surrogates (no UTF-8 form). The
 * engine quarantines the row with the path of each such field (`source.invalid_text`) instead.
 */

import { stringPaths } from './string-paths.js';

/** Issue code of a source row whose mapped text holds characters the target cannot store. */
export const INVALID_TEXT = 'source.invalid_text';

/** Cheap pre-check: only strings with a NUL or a surrogate need the exact test. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point of this pattern.
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const UNPAIRED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False when `text` holds a NUL or an unpaired surrogate (the target cannot store it). */
export function isStorableText(text: string): boolean {
  return !SUSPECT.test(text) || (!text.includes('\u0000') && !UNPAIRED.test(text));
}

/** JSON-pointer paths of the string values in `value` that the target cannot store. */
export function invalidTextPaths(value: unknown): string[] {
  return stringPaths(value, (text) => !isStorableText(text));
}

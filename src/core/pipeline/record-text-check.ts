/**
 * The engine's text checks of a mapped record in one walk: text the target cannot store
 * (`source.invalid_text`) and text decoded with the wrong encoding (`source.encoding_mismatch`).
 * Both walk every string of every record, so they share the walk, and a string of printable ASCII
 * (nearly all of them) is passed by one native regex test: neither check can flag it.
 */
import { isStorableText } from './invalid-text.js';
import { looksMisdecoded } from './encoding-mismatch.js';
import { forEachString } from './string-paths.js';

/** The JSON-pointer paths each check flagged in one record (both empty when the text is fine). */
export interface RecordTextFindings {
  readonly invalidText: readonly string[];
  readonly encodingMismatch: readonly string[];
}

/** The findings of a record whose text is fine (nearly all): shared, so a clean record allocates nothing. */
const NONE: RecordTextFindings = Object.freeze({ invalidText: Object.freeze([]), encodingMismatch: Object.freeze([]) });

/**
 * Anything outside U+0001–U+007F: NUL, surrogates, `Â`/`Ã` + a continuation character and U+FFFD all
 * match, so a string without a match can be neither unstorable nor misdecoded.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is outside the range on purpose.
const NOT_PLAIN_ASCII = /[^\u0001-\u007F]/;

/** Runs both text checks over `record`'s strings in one walk. */
export function checkRecordText(record: unknown): RecordTextFindings {
  let found: { invalidText: string[]; encodingMismatch: string[] } | undefined;
  forEachString(record, (text, at) => {
    if (!NOT_PLAIN_ASCII.test(text)) return;
    if (!isStorableText(text)) (found ??= { invalidText: [], encodingMismatch: [] }).invalidText.push(at());
    if (looksMisdecoded(text)) (found ??= { invalidText: [], encodingMismatch: [] }).encodingMismatch.push(at());
  });
  return found ?? NONE;
}

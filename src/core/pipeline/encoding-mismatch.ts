/**
 * Text that was decoded with the wrong encoding. A UTF-8 file declared Windows-1252 (or ISO-8859-1)
 * turns every umlaut into two characters (`ö` → `Ã¶`, `é` → `Ã©`): the lead byte 0xC2/0xC3 of a
 * two-byte UTF-8 sequence read as `Â`/`Ã`, followed by a continuation byte 0x80–0xBF read as a
 * Windows-1252 or Latin-1 character. A Windows-1252 file declared UTF-8 yields the replacement
 * character U+FFFD for every byte that is not valid UTF-8. Neither pattern occurs in German, French or
 * Italian text, so the engine quarantines such a row (`source.encoding_mismatch`, with the field path)
 * instead of loading mojibake; the default thresholds fail the run on the first one, because one such
 * row means the whole file's declared encoding is wrong.
 */

import { stringPaths } from './string-paths.js';

/** Issue code of a row whose mapped text shows the signature of a wrong source encoding. */
export const ENCODING_MISMATCH = 'source.encoding_mismatch';

/**
 * What bytes 0x80–0xBF become when decoded as Windows-1252 (0x80–0x9F: the typographic block, its five
 * unassigned bytes as C1 controls) or as ISO-8859-1 (U+0080–U+00BF).
 */
const CONTINUATION =
  '\u0080-\u00BF\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178';
/** `Â`/`Ã` followed by a decoded continuation byte, or the replacement character. */
const MOJIBAKE = new RegExp(`[\\u00C2\\u00C3][${CONTINUATION}]|\\uFFFD`);

/** True when `text` shows a wrong decoding (UTF-8 read as a single-byte code page, or invalid bytes). */
export function looksMisdecoded(text: string): boolean {
  return MOJIBAKE.test(text);
}

/** JSON-pointer paths of the string values in `value` that look decoded with the wrong encoding. */
export function encodingMismatchPaths(value: unknown): string[] {
  return stringPaths(value, looksMisdecoded);
}

/** Finds the string values of a mapped record that fail a text check, by JSON-pointer path. */

/** The path segments of the value being visited (property names and array indexes). */
type Segments = (string | number)[];

function pointer(segments: Segments): string {
  let out = '';
  for (const s of segments) out += `/${typeof s === 'number' ? s : s.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  return out;
}

function walk(value: unknown, segments: Segments, onString: (text: string, at: () => string) => void, at: () => string): void {
  if (typeof value === 'string') {
    onString(value, at);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      segments.push(i);
      walk(value[i], segments, onString, at);
      segments.pop();
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) continue;
    segments.push(k);
    walk(obj[k], segments, onString, at);
    segments.pop();
  }
}

/**
 * Calls `onString` for every string value in `value` (nested objects and arrays, in property order).
 * `at()` gives the JSON pointer of the current string; it is built only when asked for, because every
 * string of every record passes through here and almost none is flagged.
 */
export function forEachString(value: unknown, onString: (text: string, at: () => string) => void): void {
  const segments: Segments = [];
  walk(value, segments, onString, () => pointer(segments));
}

/** JSON-pointer paths of the string values in `value` (nested objects and arrays) for which `flagged` is true. */
export function stringPaths(value: unknown, flagged: (text: string) => boolean): string[] {
  const out: string[] = [];
  forEachString(value, (text, at) => {
    if (flagged(text)) out.push(at());
  });
  return out;
}

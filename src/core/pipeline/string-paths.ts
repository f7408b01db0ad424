/** Finds the string values of a mapped record that fail a text check, by JSON-pointer path. */

/** JSON-pointer paths of the string values in `value` (nested objects and arrays) for which `flagged` is true. */
export function stringPaths(value: unknown, flagged: (text: string) => boolean, path = ''): string[] {
  if (typeof value === 'string') return flagged(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, flagged, `${path}/${i}`));
  if (value !== null && typeof value === 'object') {
    const out: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const found = stringPaths(v, flagged, `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`);
      if (found.length > 0) out.push(...found);
    }
    return out;
  }
  return [];
}

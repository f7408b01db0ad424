/** Where the relational profile's shipped assets (DDL, code-list maps, mapping document) live. */
import path from 'node:path';
import { profileAssetsDir } from '../examples-location.js';

/** Absolute path of `examples/relational`. */
export function relationalAssetsDir(): string {
  return profileAssetsDir('relational');
}

/** Absolute path of the code-list map CSVs (`examples/relational/codes`). */
export function relationalCodeListMapsDir(): string {
  return path.join(relationalAssetsDir(), 'codes');
}

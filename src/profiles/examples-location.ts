/**
 * Where the shipped profile assets live. The package ships `examples/` at its root; this file sits at
 * `src/profiles/` (tsx, vitest) or `dist/profiles/` (build), both two levels below the root.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Absolute path of the package's `examples/` folder. */
export function examplesRoot(): string {
  return fileURLToPath(new URL('../../examples/', import.meta.url));
}

/** Absolute path of one profile's assets, e.g. `examples/relational`. */
export function profileAssetsDir(profile: string, root: string = examplesRoot()): string {
  return path.join(root, profile);
}

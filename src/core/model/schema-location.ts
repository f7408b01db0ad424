/**
 * Where the shipped JSON Schemas live. The package ships `schemas/` at its root; this file sits at
 * `src/core/model/` (tsx, vitest) or `dist/core/model/` (build), both three levels below the root.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Absolute path of the package's `schemas/` folder. */
export function schemasRoot(): string {
  return fileURLToPath(new URL('../../../schemas/', import.meta.url));
}

/** Absolute path of the canonical model v1 schemas (`schemas/model/v1`). */
export function modelSchemasDir(root: string = schemasRoot()): string {
  return path.join(root, 'model', 'v1');
}

/** Absolute path of the code lists (`schemas/codelists`). */
export function codeListsDir(root: string = schemasRoot()): string {
  return path.join(root, 'codelists');
}

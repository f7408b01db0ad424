/** The list of generators `scripts/generate.ts` runs, and a helper to run them all from a root folder. */
import path from 'node:path';
import { loadModel } from '../../src/core/model/model-registry.js';
import { modelSchemasDir } from '../../src/core/model/schema-location.js';
import type { Generator } from './generator.js';
import { runGenerators, type GenerationResult } from './run-generators.js';
import { typesGenerator } from './types-generator.js';
import { docsGenerator } from './docs-generator.js';
import { storeDdlGenerator } from './store-ddl.js';
import { flatFileMappingDocGenerator } from './flat-file-mapping-doc.js';
import { relationalMappingDocGenerator } from './relational-mapping-doc.js';
import { errorsDocGenerator } from './errors-doc.js';
import { issueCodesDocGenerator } from './issue-codes-doc.js';

/** Every generator, in run order. Add new outputs here. */
export const GENERATORS: readonly Generator[] = [
  typesGenerator,
  docsGenerator,
  storeDdlGenerator,
  flatFileMappingDocGenerator,
  relationalMappingDocGenerator,
  errorsDocGenerator,
  issueCodesDocGenerator,
];

/** Runs every generator against the repository at `root`; `check` writes nothing. */
export async function generateAll(root: string, options: { check: boolean }): Promise<GenerationResult> {
  const schemasDir = path.join(root, 'schemas');
  const model = loadModel(modelSchemasDir(schemasDir));
  return runGenerators(GENERATORS, { root, model, schemasDir }, options);
}

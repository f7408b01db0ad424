/**
 * The canonical store's DDL (`src/targets/typeorm/migrations/canonical-store-ddl.ts`): the SQL that
 * TypeORM EntitySchemas derived from the model call for, frozen as the statements of migration 1.
 * Until the first release this generator rewrites migration 1; after it, a model change must come with
 * a new migration instead (the target-schema freshness test fails until it does).
 */
import { canonicalStoreDdlModule } from '../../src/targets/typeorm/canonical-store-ddl-module.js';
import { checksumOf, tsBanner, type Generator } from './generator.js';

/** Bumped when the output shape changes, so that checksums change with it. */
const GENERATOR_VERSION = 'store-ddl-1';

/** The store-DDL generator. It owns no folder: the migrations folder holds hand-written files too. */
export const storeDdlGenerator: Generator = {
  name: 'store-ddl',
  ownedDirs: [],
  generate({ model }) {
    const { path, content } = canonicalStoreDdlModule(model);
    return Promise.resolve([{ path, content: `${tsBanner(checksumOf(GENERATOR_VERSION, content))}${content}` }]);
  },
};

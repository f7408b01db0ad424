/**
 * `rollbackRun` against embedded PGlite and PostgreSQL: see run-rollback-suite.ts.
 */
import { rollbackTests } from './run-rollback-suite.js';
import { describeOnNamedStores } from './helpers/named-stores.js';

await describeOnNamedStores('run rollback', 'cbrollback', rollbackTests);

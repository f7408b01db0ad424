/** The embedded PGlite canonical target (`casebridge/targets/pglite`). */
export { createPgliteTarget, PgliteTarget } from './pglite-target.js';
export type { PgliteTargetOptions } from './pglite-target.js';
export type { PgliteConnectionOptions } from './pglite-connection.js';

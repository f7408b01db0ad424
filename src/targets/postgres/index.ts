/** The PostgreSQL canonical target (`casebridge/targets/postgres`). */
export { createPostgresTarget } from './postgres-target.js';
export type { PostgresTargetOptions } from './postgres-target.js';
export type { PostgresConnectionOptions, PostgresPoolLike } from './postgres-connection.js';
export { applyCommuneRowSecurity, cantonRoleName, communeRoleName } from './commune-row-security.js';
export type { CommuneRowSecurity, CommuneRowSecurityOptions, RowSecurityQuery } from './commune-row-security.js';
export { cantonPersonIndex } from '../shared/canton-person-index.js';
export type { CantonPersonIndex, PersonIndexQuery } from '../shared/canton-person-index.js';

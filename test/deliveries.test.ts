/**
 * Repeated deliveries (tombstones, cascades, the mass-deletion guard, delivery accounting) against
 * embedded PGlite and PostgreSQL: see deliveries-suite.ts.
 */
import { deliveryTests } from './deliveries-suite.js';
import { describeOnNamedStores } from './helpers/named-stores.js';

await describeOnNamedStores('repeated deliveries', 'cbdeliv', deliveryTests);

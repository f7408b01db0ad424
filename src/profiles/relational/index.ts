/**
 * The relational reference profile: profile object, mapping factory, generator and its building blocks
 * (reused by the benchmarks at 0.1M–5M bookings).
 */
export * from './relational-profile.js';
export * from './generate-relational-source.js';
export * from './relational-defects.js';
export * from './relational-plan.js';
export * from './relational-tables.js';
export * from './relational-code-maps.js';
export * from './relational-assets.js';
export * from './relational-source-writer.js';
export * from './relational-party-mappings.js';
export * from './relational-finance-mappings.js';

/** The connector SPI (interfaces and value representation), re-exported for `src/index.ts`. */
export * from './connector.js';
export * from './source-value.js';
export * from './control-total-condition.js';
export * from './delta-filter.js';

/**
 * Exact decimal arithmetic for the conformance kit (expected control totals without a float). The
 * implementation is casebridge's one exact-decimal module, `core/exact-decimal.ts`; these names stay.
 */
export { decimalEquals, formatDecimal, sumDecimals } from '../core/exact-decimal.js';

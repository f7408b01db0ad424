/**
 * The transforms library: pure functions (`parseSwissDate`, `parseMoneyRappen`, ...) and their named,
 * parameterised transform forms (`t.swissDate({ pivotYear: 1930 })`) for mapping rules.
 */
import { swissDate, partialDate, yearMonth } from './dates.js';
import { moneyRappen } from './money.js';
import { text, name } from './text.js';
import { booleanFlag } from './boolean.js';
import { sex, maritalStatus } from './person-codes.js';
import { ahvn13, oldAhvNumber } from './ahv.js';
import { integer } from './numbers.js';

export * from './transform-result.js';
export * from './dates.js';
export * from './money.js';
export * from './text.js';
export * from './boolean.js';
export * from './person-codes.js';
export * from './ahv.js';
export * from './numbers.js';

/** The transform factories under short names, for `transform('col', t.swissDate())` in mappings. */
export const t = Object.freeze({ swissDate, partialDate, yearMonth, moneyRappen, text, name, boolean: booleanFlag, sex, maritalStatus, ahvn13, oldAhvNumber, integer });

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

export { TRANSFORM_CODES, defineTransform, fail, keep, ok } from './transform-result.js';
export type { Transform, TransformFailure, TransformOk, TransformParams, TransformResult } from './transform-result.js';
export { parseSwissDate, parseYearMonth, partialDate, swissDate, windowYear, yearMonth } from './dates.js';
export type { SwissDateOptions } from './dates.js';
export { MAX_ABS_RAPPEN, moneyRappen, parseMoneyRappen } from './money.js';
export type { MoneyOptions, MoneyRounding } from './money.js';
export { name, normalizeText, splitName, text } from './text.js';
export type { CaseMode, SplitName, SplitNameOptions, TextOptions } from './text.js';
export { booleanFlag, parseBoolean } from './boolean.js';
export type { BooleanOptions } from './boolean.js';
export { maritalStatus, parseMaritalStatus, parseSex, sex } from './person-codes.js';
export type { MaritalNumericSystem, MaritalStatusOptions, SexNumericSystem, SexOptions } from './person-codes.js';
export { ahvn13, oldAhvNumber, parseAhvn13, parseOldAhvNumber } from './ahv.js';
export { integer, parseInteger } from './numbers.js';
export type { IntegerOptions } from './numbers.js';

/** The transform factories under short names, for `transform('col', t.swissDate())` in mappings. */
export const t = Object.freeze({ swissDate, partialDate, yearMonth, moneyRappen, text, name, boolean: booleanFlag, sex, maritalStatus, ahvn13, oldAhvNumber, integer });

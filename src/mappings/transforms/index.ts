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

export { defineTransform, fail, keep, ok } from './transform-result.js';
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
export const t = Object.freeze({
  /** A calendar date `YYYY-MM-DD` (partial dates rejected). */
  swissDate,
  /** A possibly partially known date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (eCH-0044 datePartiallyKnown). */
  partialDate,
  /** A month `YYYY-MM`. */
  yearMonth,
  /** Money into exact integer Rappen. */
  moneyRappen,
  /** Normalised text (see `normalizeText` in `casebridge/mappings`). */
  text,
  /** A full name split into `{ officialName, firstName }`; pick one part with the rule's `pick`. */
  name,
  /** A boolean from its variants. */
  boolean: booleanFlag,
  /** eCH-0011 sex code. */
  sex,
  /** eCH-0011 marital-status code. */
  maritalStatus,
  /** AHVN13 (eCH `vn`) as 13 digits. */
  ahvn13,
  /** Old 11-digit AHV number as 11 digits. */
  oldAhvNumber,
  /** An integer within optional bounds. */
  integer,
});

/**
 * Date transforms of the mapping DSL over the Swiss date parser of the model (`core/model/swiss-date.ts`):
 * nothing is guessed (explicit pivot for two-digit years, explicit opt-in for partial dates).
 */
import { parseSwissDate, parseYearMonth, type SwissDateOptions } from '../../core/model/swiss-date.js';
import { defineTransform, type Transform } from './transform-result.js';

export { parseSwissDate, parseYearMonth, windowYear, type SwissDateOptions } from '../../core/model/swiss-date.js';

/** Transform: a calendar date `YYYY-MM-DD` (partial dates rejected). */
export function swissDate(options: Omit<SwissDateOptions, 'partial'> = {}): Transform<unknown, string> {
  return defineTransform('swissDate', paramsOf(options), (input) => parseSwissDate(input, { ...options, partial: false }));
}

/** Transform: a possibly partially known date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (eCH-0044 datePartiallyKnown). */
export function partialDate(options: Omit<SwissDateOptions, 'partial'> = {}): Transform<unknown, string> {
  return defineTransform('partialDate', paramsOf(options), (input) => parseSwissDate(input, { ...options, partial: true }));
}

/** Transform: a month `YYYY-MM`. */
export function yearMonth(options: Omit<SwissDateOptions, 'partial'> = {}): Transform<unknown, string> {
  return defineTransform('yearMonth', paramsOf(options), (input) => parseYearMonth(input, options));
}

function paramsOf(options: SwissDateOptions): Record<string, number> {
  const params: Record<string, number> = {};
  if (options.pivotYear !== undefined) params['pivotYear'] = options.pivotYear;
  if (options.minYear !== undefined) params['minYear'] = options.minYear;
  if (options.maxYear !== undefined) params['maxYear'] = options.maxYear;
  return params;
}

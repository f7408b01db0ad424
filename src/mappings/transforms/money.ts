/** The money transform of the mapping DSL over the exact money parser of the model (`core/model/swiss-money.ts`). */
import { parseMoneyRappen, type MoneyOptions } from '../../core/model/swiss-money.js';
import { defineTransform, type Transform } from './transform-result.js';

export { MAX_ABS_RAPPEN, parseMoneyRappen, type MoneyOptions, type MoneyRounding } from '../../core/model/swiss-money.js';

/** Transform: money into integer Rappen (rules in the module comment). */
export function moneyRappen(options: MoneyOptions = {}): Transform<unknown, number> {
  const params: Record<string, string> = {};
  if (options.decimalSeparator !== undefined) params['decimalSeparator'] = options.decimalSeparator;
  if (options.thousandsSeparator !== undefined) params['thousandsSeparator'] = options.thousandsSeparator;
  if (options.rounding !== undefined) params['rounding'] = options.rounding;
  if (options.unit !== undefined) params['unit'] = options.unit;
  return defineTransform('moneyRappen', params, (input) => parseMoneyRappen(input, options));
}

/** Issue codes of the value parsers and transforms (a subset of the registry in `core/issue-codes.ts`). */
import type { IssueCode } from '../issue-codes.js';

/** Stable issue codes produced by the transforms library. Never rename one; add new ones. */
export const TRANSFORM_CODES = {
  TYPE_INVALID: 'transform.type_invalid',
  DATE_INVALID: 'transform.date_invalid',
  DATE_PARTIAL: 'transform.date_partial',
  DATE_TWO_DIGIT_YEAR: 'transform.date_two_digit_year',
  MONEY_INVALID: 'transform.money_invalid',
  MONEY_AMBIGUOUS: 'transform.money_ambiguous',
  MONEY_PRECISION: 'transform.money_precision',
  MONEY_OUT_OF_RANGE: 'transform.money_out_of_range',
  BOOLEAN_INVALID: 'transform.boolean_invalid',
  AHV_INVALID: 'transform.ahv_invalid',
  AHV_CHECK_DIGIT: 'transform.ahv_check_digit',
  AHV_OLD_NUMBER: 'transform.ahv_old_number',
  NAME_INVALID: 'transform.name_invalid',
  TEXT_EMPTY: 'transform.text_empty',
  TEXT_TOO_LONG: 'transform.text_too_long',
  SEX_UNKNOWN: 'transform.sex_unknown',
  SEX_AMBIGUOUS: 'transform.sex_ambiguous',
  MARITAL_STATUS_UNKNOWN: 'transform.marital_status_unknown',
  MARITAL_STATUS_AMBIGUOUS: 'transform.marital_status_ambiguous',
  INTEGER_INVALID: 'transform.integer_invalid',
} as const satisfies Readonly<Record<string, IssueCode>>;

/**
 * Money text into exact integer Rappen. Swiss sources write `1'234.50`, `1234,50`, `CHF 5.-`, `-12.–`;
 * the canonical model stores integer Rappen. Parsing is done on the digits with BigInt, never through a
 * float, and the rules for separators are fixed so that no amount is ever guessed:
 *
 * - Thousands grouping is an apostrophe (`'`, `’`) or a space (incl. no-break spaces), groups of three.
 * - With `decimalSeparator: 'auto'` (default) `.` and `,` are only ever decimal separators. A value with
 *   both, or with one of them twice (`1.234,5`, `1.234.567`), is `transform.money_ambiguous`; so is a
 *   lone separator followed by exactly three digits after a 1–3 digit integer part without apostrophe
 *   grouping (`12.345`: CHF 12.345 or 12'345?). Declare `decimalSeparator: ','` with
 *   `thousandsSeparator: '.'` for German-style `1.234,50`.
 * - A dash after the separator means zero Rappen (`5.-`, `5.--`, `-12.–`).
 * - More than two decimals are accepted only when the extra digits are zeros (`1.500`), unless a
 *   `rounding` mode is declared; otherwise `transform.money_precision`.
 */
import { fail, ok, type TransformResult } from './parse-result.js';
import { TRANSFORM_CODES } from './transform-codes.js';

/** How to round amounts with more than two decimals; `none` rejects them. */
export type MoneyRounding = 'none' | 'half-up' | 'half-even';

/** Options of {@link parseMoneyRappen}. */
export interface MoneyOptions {
  /** Decimal separator; `auto` accepts `.` or `,` under the rules above. Default `auto`. */
  readonly decimalSeparator?: 'auto' | '.' | ',';
  /** An extra thousands separator besides apostrophe and space (only `.` or `,`, never the decimal one). */
  readonly thousandsSeparator?: '.' | ',';
  /** Rounding of sub-Rappen amounts. Default `none` (rejected). */
  readonly rounding?: MoneyRounding;
  /** Unit of the source value: CHF (default) or integer Rappen. */
  readonly unit?: 'chf' | 'rappen';
}

/** Largest absolute amount the model accepts (`MoneyRappen` in common.schema.json). */
export const MAX_ABS_RAPPEN = 999_999_999_999_999n;

const CURRENCY = /^(?:CHF|SFR\.?|FR\.?|FRS\.?)\s*|\s*(?:CHF|SFR\.?|FR\.?|FRS\.?)$/i;
const GROUP_CHARS = new Set(["'", '’', 'ʼ', ' ', '\u00a0', '\u202f']);
const DASH_ZERO = /^[-–—]{1,2}$/;

/** Plain CHF text as most sources store a DECIMAL (`-1234.5`, `0.05`): at most 13 integer digits, so exact in a double. */
const PLAIN_CHF = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Parses a money value into exact integer Rappen (a safe JS integer). */
export function parseMoneyRappen(input: unknown, options: MoneyOptions = {}): TransformResult<number> {
  // Fast path of the default options for plain decimal text: the same value the rules below give
  // (one `.` with ≤ 2 decimals is never ambiguous), without the character walks and BigInt.
  if (typeof input === 'string' && options.unit === undefined && options.decimalSeparator === undefined && options.thousandsSeparator === undefined) {
    const plain = PLAIN_CHF.exec(input);
    if (plain !== null) {
      const fraction = plain[3] ?? '';
      const magnitude = Number(plain[2]) * 100 + (fraction === '' ? 0 : fraction.length === 1 ? Number(fraction) * 10 : Number(fraction));
      return ok(plain[1] === '-' && magnitude !== 0 ? -magnitude : magnitude);
    }
  }
  const unit = options.unit ?? 'chf';
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail(TRANSFORM_CODES.MONEY_INVALID, { reason: 'not-finite' });
    text = String(input);
    if (/e-/i.test(text)) return fail(TRANSFORM_CODES.MONEY_PRECISION, { maxDecimals: 2 });
    if (/e/i.test(text)) return fail(TRANSFORM_CODES.MONEY_OUT_OF_RANGE, { maxAbsRappen: Number(MAX_ABS_RAPPEN) });
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    return fail(TRANSFORM_CODES.TYPE_INVALID, { expected: 'money text or number' });
  }
  text = text.replace(CURRENCY, '').trim();
  if (text === '') return fail(TRANSFORM_CODES.MONEY_INVALID, { reason: 'empty' });

  let negative = false;
  const sign = text[0];
  if (sign === '-' || sign === '+' || sign === '−') {
    negative = sign !== '+';
    text = text.slice(1).trimStart().replace(CURRENCY, '').trim();
  }
  const split = splitNumber(text, options);
  if (!split.ok) return split;
  const { whole, fraction } = split.value;
  if (unit === 'rappen' && fraction !== '') return fail(TRANSFORM_CODES.MONEY_PRECISION, { reason: 'rappen-with-decimals' });
  const scaled = scale(whole, unit === 'rappen' ? '' : fraction, unit === 'rappen' ? 0 : 2, options.rounding ?? 'none');
  if (!scaled.ok) return scaled;
  const magnitude = scaled.value;
  if (magnitude > MAX_ABS_RAPPEN) return fail(TRANSFORM_CODES.MONEY_OUT_OF_RANGE, { maxAbsRappen: Number(MAX_ABS_RAPPEN) });
  const value = Number(negative ? -magnitude : magnitude);
  return ok(Object.is(value, -0) ? 0 : value);
}

function splitNumber(text: string, options: MoneyOptions): TransformResult<{ whole: string; fraction: string }> {
  const declared = options.decimalSeparator ?? 'auto';
  const thousands = options.thousandsSeparator;
  if (thousands !== undefined && thousands === declared) return fail(TRANSFORM_CODES.MONEY_INVALID, { reason: 'separator-conflict' });
  const decimalChars = declared === 'auto' ? ['.', ','].filter((c) => c !== thousands) : [declared];
  const positions = [...text].flatMap((c, i) => (decimalChars.includes(c) ? [i] : []));
  if (positions.length > 1) return fail(TRANSFORM_CODES.MONEY_AMBIGUOUS, { reason: 'several-decimal-separators' });
  const at = positions[0];
  const intText = at === undefined ? text : text.slice(0, at);
  const fracText = at === undefined ? '' : text.slice(at + 1);

  const grouped = [...intText].some((c) => GROUP_CHARS.has(c) || c === thousands);
  const digits = [...intText].filter((c) => !(GROUP_CHARS.has(c) || c === thousands)).join('');
  if (!/^\d+$/.test(digits)) return fail(TRANSFORM_CODES.MONEY_INVALID, { reason: 'format' });
  if (grouped && !/^\d{1,3}(?:\D\d{3})*$/.test(intText.replace(/\s+/g, ' '))) return fail(TRANSFORM_CODES.MONEY_INVALID, { reason: 'grouping' });

  if (at === undefined) return ok({ whole: digits, fraction: '' });
  if (DASH_ZERO.test(fracText)) return ok({ whole: digits, fraction: '' });
  if (!/^\d+$/.test(fracText)) return fail(TRANSFORM_CODES.MONEY_INVALID, { reason: 'format' });
  const lone = declared === 'auto' && !grouped && thousands === undefined;
  if (lone && fracText.length === 3 && /^[1-9]\d{0,2}$/.test(intText)) {
    return fail(TRANSFORM_CODES.MONEY_AMBIGUOUS, { reason: 'three-digits-after-separator' });
  }
  return ok({ whole: digits, fraction: fracText });
}

function scale(whole: string, fraction: string, places: number, rounding: MoneyRounding): TransformResult<bigint> {
  const kept = fraction.slice(0, places).padEnd(places, '0');
  const rest = fraction.slice(places);
  let magnitude = BigInt(whole) * 10n ** BigInt(places) + BigInt(kept === '' ? '0' : kept);
  if (/[1-9]/.test(rest)) {
    if (rounding === 'none') return fail(TRANSFORM_CODES.MONEY_PRECISION, { maxDecimals: places });
    const first = Number(rest[0]);
    const beyondHalf = /[1-9]/.test(rest.slice(1));
    const roundUp = first > 5 || (first === 5 && (beyondHalf || rounding === 'half-up' || (rounding === 'half-even' && magnitude % 2n === 1n)));
    if (roundUp) magnitude += 1n;
  }
  return ok(magnitude);
}

/**
 * Text normalisation and name splitting. Legacy text carries double spaces, no-break spaces, decomposed
 * umlauts and SHOUTING names; the canonical model wants trimmed NFC text. Name splitting only splits what
 * is unambiguous (`Muster, Anna` or exactly two words with a declared order) and reports the rest.
 */
import { defineTransform, fail, ok, TRANSFORM_CODES, type Transform, type TransformResult } from './transform-result.js';

/** Case normalisation applied after whitespace normalisation. */
export type CaseMode = 'none' | 'upper' | 'lower' | 'title';

/** Options of {@link normalizeText}. */
export interface TextOptions {
  /** Case normalisation (default `none`). `title` capitalises each word part (`anna-lena` → `Anna-Lena`). */
  readonly case?: CaseMode;
  /** Longest accepted text after normalisation; longer yields `transform.text_too_long` (never cut). */
  readonly maxLength?: number;
}

/**
 * Trims, collapses every run of whitespace (incl. no-break and zero-width spaces) to one space, applies
 * Unicode NFC and the case mode. Blank text becomes `null` (absent in the record).
 */
export function normalizeText(input: unknown, options: TextOptions = {}): TransformResult<string | null> {
  if (typeof input === 'number' || typeof input === 'boolean') input = String(input);
  if (typeof input !== 'string') return fail(TRANSFORM_CODES.TYPE_INVALID, { expected: 'text' });
  const text = input
    .normalize('NFC')
    .replace(/\u200b|\u200c|\u200d|\ufeff/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
  if (text === '') return ok(null);
  const cased = applyCase(text, options.case ?? 'none');
  if (options.maxLength !== undefined && [...cased].length > options.maxLength) {
    return fail(TRANSFORM_CODES.TEXT_TOO_LONG, { maxLength: options.maxLength });
  }
  return ok(cased);
}

function applyCase(text: string, mode: CaseMode): string {
  switch (mode) {
    case 'upper':
      return text.toLocaleUpperCase('de-CH');
    case 'lower':
      return text.toLocaleLowerCase('de-CH');
    case 'title':
      return text.toLocaleLowerCase('de-CH').replace(/(^|[\s\-'’])(\p{L})/gu, (_, lead: string, letter: string) => lead + letter.toLocaleUpperCase('de-CH'));
    case 'none':
      return text;
  }
}

/** A name split into the eCH-0011 parts. */
export interface SplitName {
  readonly officialName: string;
  readonly firstName: string;
}

/** Options of {@link splitName}. */
export interface SplitNameOptions {
  /** Order of the parts when there is no comma; without it only `Last, First` is split. */
  readonly order?: 'last-first' | 'first-last';
  /** Case normalisation of both parts (default `none`). */
  readonly case?: CaseMode;
}

/**
 * Splits a full name. `Muster, Anna Maria` is always last-name-comma-first-names. Without a comma, exactly
 * two words are split by the declared `order`; more words (`van der Berg Anna`) are ambiguous and yield
 * `transform.name_invalid` with reason `ambiguous`, never a guessed split.
 */
export function splitName(input: unknown, options: SplitNameOptions = {}): TransformResult<SplitName> {
  const normalized = normalizeText(input, { case: options.case ?? 'none' });
  if (!normalized.ok) return normalized;
  const text = normalized.value;
  if (text === null) return fail(TRANSFORM_CODES.NAME_INVALID, { reason: 'empty' });
  const comma = text.split(',');
  if (comma.length === 2) {
    const [last = '', first = ''] = comma.map((p) => p.trim());
    if (last === '' || first === '') return fail(TRANSFORM_CODES.NAME_INVALID, { reason: 'empty-part' });
    return ok({ officialName: last, firstName: first });
  }
  if (comma.length > 2) return fail(TRANSFORM_CODES.NAME_INVALID, { reason: 'several-commas' });
  const words = text.split(' ');
  if (words.length === 1) return fail(TRANSFORM_CODES.NAME_INVALID, { reason: 'single-word' });
  if (options.order === undefined) return fail(TRANSFORM_CODES.NAME_INVALID, { reason: 'order-missing' });
  if (words.length > 2) return fail(TRANSFORM_CODES.NAME_INVALID, { reason: 'ambiguous', words: words.length });
  const [a = '', b = ''] = words;
  return ok(options.order === 'last-first' ? { officialName: a, firstName: b } : { officialName: b, firstName: a });
}

/** Transform: normalised text (see {@link normalizeText}). */
export function text(options: TextOptions = {}): Transform<unknown, string | null> {
  const params: Record<string, string | number> = {};
  if (options.case !== undefined) params['case'] = options.case;
  if (options.maxLength !== undefined) params['maxLength'] = options.maxLength;
  return defineTransform('text', params, (input) => normalizeText(input, options));
}

/** Transform: a full name split into `{ officialName, firstName }`; pick one part with the rule's `pick`. */
export function name(options: SplitNameOptions = {}): Transform<unknown, SplitName> {
  const params: Record<string, string> = {};
  if (options.order !== undefined) params['order'] = options.order;
  if (options.case !== undefined) params['case'] = options.case;
  return defineTransform('splitName', params, (input) => splitName(input, options));
}

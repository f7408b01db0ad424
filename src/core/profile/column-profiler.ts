/**
 * Profiles one column while rows stream past, in bounded memory: null and empty counts, distinct
 * values up to a cap (then reported as "at least N"), typed min/max (dates as dates, amounts as exact
 * numbers), impossible dates, value lengths, detected date formats, and the frequency of the values
 * tracked. Private by default: the values of a text or date column are shown only when the column is
 * declared non-personal, a date column otherwise shows its year range; the name and value heuristics
 * can only hide more, never reveal.
 */
import type { ColumnMetadata } from '../connector/connector.js';
import { isInvalidSourceValue, type NormalizedType, type SourceValue } from '../connector/source-value.js';
import { compareDecimal, tryParseDecimal, type ScaledDecimal } from '../exact-decimal.js';
import { PersonalValueDetector, personalByName, type PersonalReason } from './personal-data-heuristics.js';
import type { ColumnProfile, ValueKind } from './source-profile.js';
import { readAmount, readDate } from './typed-value.js';

/** Column types whose values are numbers or flags, never names, free text or dates. */
const NUMERIC_TYPES: ReadonlySet<NormalizedType> = new Set(['integer', 'bigint', 'decimal', 'float', 'boolean', 'binary']);

/** Smallest and largest of one kind of value. */
interface Extremes<T> {
  min: T;
  max: T;
}

/** Date formats the profiler recognises in text values (legacy exports mix them). */
const DATE_FORMATS: readonly [string, RegExp][] = [
  ['YYYY-MM-DD', /^\d{4}-\d{2}-\d{2}$/],
  ['YYYY-MM-DDThh:mm:ss', /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/],
  ['DD.MM.YYYY', /^\d{2}\.\d{2}\.\d{4}$/],
  ['D.M.YYYY', /^\d{1,2}\.\d{1,2}\.\d{4}$/],
  ['DD.MM.YY', /^\d{1,2}\.\d{1,2}\.\d{2}$/],
  ['DD/MM/YYYY', /^\d{1,2}\/\d{1,2}\/\d{4}$/],
  ['YYYYMMDD', /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/],
  ['DD.MM.YYYY hh:mm', /^\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}(:\d{2})?$/],
];

/** Limits of one profiling pass. */
export interface ColumnProfilerLimits {
  /** Most distinct values tracked per column. */
  readonly distinctCap: number;
  /** Most top values reported. */
  readonly topN: number;
  /** Smallest count a top value needs to be shown. */
  readonly minCount: number;
}

/** Accumulates the profile of one column. */
export class ColumnProfiler {
  readonly #column: ColumnMetadata;
  readonly #limits: ColumnProfilerLimits;
  readonly #nameReasons: PersonalReason[];
  readonly #values = new PersonalValueDetector();
  readonly #counts = new Map<string, number>();
  #capped = false;
  #rows = 0;
  #nulls = 0;
  #empty = 0;
  #invalid = 0;
  /** String order over every value: used only when a column mixes kinds. */
  #text: Extremes<string> | undefined;
  #dates: Extremes<string> | undefined;
  #amounts: Extremes<{ value: ScaledDecimal; text: string }> | undefined;
  #dateValues = 0;
  #amountValues = 0;
  #otherValues = 0;
  #invalidDates = 0;
  #minLength = Infinity;
  #maxLength = 0;
  #totalLength = 0;
  #texts = 0;
  readonly #dateFormats = new Map<string, number>();

  readonly #declaredNonPersonal: boolean;

  /** `declaredNonPersonal`: the user declared the column's values safe to show (codes, amounts, dates of bookings). */
  constructor(column: ColumnMetadata, limits: ColumnProfilerLimits, declaredNonPersonal = false) {
    this.#column = column;
    this.#limits = limits;
    this.#nameReasons = personalByName(column.name);
    this.#declaredNonPersonal = declaredNonPersonal;
  }

  /** Counts one value. */
  add(value: SourceValue | undefined): void {
    this.#rows += 1;
    if (value === null || value === undefined) {
      this.#nulls += 1;
      return;
    }
    if (isInvalidSourceValue(value)) {
      this.#invalid += 1;
      if (value.reason === 'invalid-date' || value.reason === 'zero-date') this.#invalidDates += 1;
      return;
    }
    if (value instanceof Uint8Array) {
      this.#otherValues += 1;
      this.#track(`[${value.byteLength} bytes]`, undefined);
      return;
    }
    if (typeof value === 'number') {
      const text = String(value);
      const exact = tryParseDecimal(text);
      if (exact !== null) this.#amount(exact, text);
      else this.#otherValues += 1;
      this.#track(text, text);
      return;
    }
    if (typeof value === 'boolean') {
      this.#otherValues += 1;
      this.#track(String(value), undefined);
      return;
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text.trim() === '') {
      this.#empty += 1;
      return;
    }
    this.#texts += 1;
    this.#totalLength += text.length;
    this.#minLength = Math.min(this.#minLength, text.length);
    this.#maxLength = Math.max(this.#maxLength, text.length);
    this.#values.observe(text);
    const trimmed = text.trim();
    for (const [name, pattern] of DATE_FORMATS) {
      if (pattern.test(trimmed)) {
        this.#dateFormats.set(name, (this.#dateFormats.get(name) ?? 0) + 1);
        break;
      }
    }
    const date = readDate(trimmed);
    if (date?.kind === 'invalid-date') {
      // An impossible day (31.02.2019) is counted and flagged, and kept out of min/max.
      this.#invalidDates += 1;
      this.#track(text, undefined);
      return;
    }
    if (date?.kind === 'date') {
      this.#dateValues += 1;
      if (this.#dates === undefined) this.#dates = { min: date.iso, max: date.iso };
      else if (date.iso < this.#dates.min) this.#dates.min = date.iso;
      else if (date.iso > this.#dates.max) this.#dates.max = date.iso;
    } else {
      const amount = readAmount(trimmed);
      if (amount !== null) this.#amount(amount, trimmed);
      else this.#otherValues += 1;
    }
    this.#track(text, text);
  }

  #amount(value: ScaledDecimal, text: string): void {
    this.#amountValues += 1;
    if (this.#amounts === undefined) this.#amounts = { min: { value, text }, max: { value, text } };
    else if (compareDecimal(value, this.#amounts.min.value) < 0) this.#amounts.min = { value, text };
    else if (compareDecimal(value, this.#amounts.max.value) > 0) this.#amounts.max = { value, text };
  }

  /** How the column's values order: one kind throughout, or text when kinds mix. */
  #kind(): ValueKind | null {
    if (this.#dateValues + this.#amountValues + this.#otherValues === 0) return this.#invalidDates > 0 ? 'date' : null;
    if (this.#otherValues === 0 && this.#amountValues === 0) return 'date';
    if (this.#otherValues === 0 && this.#dateValues === 0 && this.#invalidDates === 0) return 'number';
    return 'text';
  }

  #track(key: string, ordered: string | undefined): void {
    if (ordered !== undefined) {
      if (this.#text === undefined) this.#text = { min: ordered, max: ordered };
      else if (ordered < this.#text.min) this.#text.min = ordered;
      else if (ordered > this.#text.max) this.#text.max = ordered;
    }
    const seen = this.#counts.get(key);
    if (seen !== undefined) this.#counts.set(key, seen + 1);
    else if (this.#counts.size < this.#limits.distinctCap) this.#counts.set(key, 1);
    else this.#capped = true;
  }

  /**
   * The finished profile. A column that looks personal, and a text or date column not declared
   * non-personal, carries no value: counts only, and a date column its year range.
   */
  result(): ColumnProfile {
    const heuristic = [...new Set([...this.#nameReasons, ...this.#values.reasons()])];
    const kind = this.#kind();
    const textOrDate = !NUMERIC_TYPES.has(this.#column.type) && kind !== 'number' && kind !== null;
    const reasons: PersonalReason[] = textOrDate && !this.#declaredNonPersonal && heuristic.length === 0 ? ['undeclared'] : heuristic;
    const hidden = reasons.length > 0;
    const nonNull = this.#rows - this.#nulls;
    const base: ColumnProfile = {
      name: this.#column.name,
      dataType: this.#column.dataType,
      type: this.#column.type,
      ...(this.#column.charset !== undefined ? { charset: this.#column.charset } : {}),
      personal: hidden ? reasons : null,
      rows: this.#rows,
      nulls: this.#nulls,
      nullShare: this.#rows === 0 ? 0 : Math.round((this.#nulls / this.#rows) * 10_000) / 10_000,
      empty: this.#empty,
      invalid: this.#invalid,
      invalidDates: this.#invalidDates,
      ...(kind !== null ? { valueKind: kind } : {}),
      distinct: { count: this.#counts.size, atLeast: this.#capped },
      length: this.#texts === 0 ? null : { min: this.#minLength, max: this.#maxLength, mean: Math.round((this.#totalLength / this.#texts) * 10) / 10 },
      dateFormats: Object.fromEntries([...this.#dateFormats].sort(([, a], [, b]) => b - a)),
      nonNull,
    };
    if (hidden) {
      // Years only: a birth date's year range says nothing about one person in a column of many.
      if (kind === 'date' && this.#dates !== undefined && !this.#nameReasons.includes('birth-date')) {
        return { ...base, yearRange: { min: Number(this.#dates.min.slice(0, 4)), max: Number(this.#dates.max.slice(0, 4)) } };
      }
      return base;
    }
    const extremes =
      kind === 'date'
        ? this.#dates
        : kind === 'number'
          ? this.#amounts === undefined
            ? undefined
            : { min: this.#amounts.min.text, max: this.#amounts.max.text }
          : this.#text;
    const sorted = [...this.#counts].sort(([ak, a], [bk, b]) => b - a || ak.localeCompare(bk));
    const shown = sorted.filter(([, n]) => n >= this.#limits.minCount).slice(0, this.#limits.topN);
    return {
      ...base,
      ...(extremes !== undefined ? { min: extremes.min, max: extremes.max } : {}),
      topValues: shown.map(([value, count]) => ({ value: value.length > 80 ? `${value.slice(0, 79)}…` : value, count })),
      suppressedValues: sorted.filter(([, n]) => n < this.#limits.minCount).length,
    };
  }
}

/**
 * Profiles one column while rows stream past, in bounded memory: null and empty counts, distinct
 * values up to a cap (then reported as "at least N"), min/max, value lengths, detected date formats,
 * and the frequency of the values tracked. Values of columns named like personal data are never kept.
 */
import type { ColumnMetadata } from '../connector/connector.js';
import { isInvalidSourceValue, type SourceValue } from '../connector/source-value.js';
import { PersonalValueDetector, personalByName, type PersonalReason } from './personal-data-heuristics.js';
import type { ColumnProfile } from './source-profile.js';

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
  #min: string | number | undefined;
  #max: string | number | undefined;
  #minLength = Infinity;
  #maxLength = 0;
  #totalLength = 0;
  #texts = 0;
  readonly #dateFormats = new Map<string, number>();

  constructor(column: ColumnMetadata, limits: ColumnProfilerLimits) {
    this.#column = column;
    this.#limits = limits;
    this.#nameReasons = personalByName(column.name);
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
      return;
    }
    if (value instanceof Uint8Array) {
      this.#track(`[${value.byteLength} bytes]`, value.byteLength);
      return;
    }
    if (typeof value === 'number') {
      this.#track(String(value), value);
      return;
    }
    if (typeof value === 'boolean') {
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
    this.#track(text, this.#column.type === 'decimal' || this.#column.type === 'bigint' ? Number(text) : text);
  }

  #track(key: string, ordered: string | number | undefined): void {
    if (ordered !== undefined && !(typeof ordered === 'number' && Number.isNaN(ordered))) {
      if (this.#min === undefined || ordered < this.#min) this.#min = ordered;
      if (this.#max === undefined || ordered > this.#max) this.#max = ordered;
    }
    const seen = this.#counts.get(key);
    if (seen !== undefined) this.#counts.set(key, seen + 1);
    else if (this.#counts.size < this.#limits.distinctCap) this.#counts.set(key, 1);
    else this.#capped = true;
  }

  /** The finished profile; a personal column carries no value at all. */
  result(): ColumnProfile {
    const reasons = [...new Set([...this.#nameReasons, ...this.#values.reasons()])];
    const personal = reasons.length > 0;
    const nonNull = this.#rows - this.#nulls;
    const base: ColumnProfile = {
      name: this.#column.name,
      dataType: this.#column.dataType,
      type: this.#column.type,
      ...(this.#column.charset !== undefined ? { charset: this.#column.charset } : {}),
      personal: personal ? reasons : null,
      rows: this.#rows,
      nulls: this.#nulls,
      nullShare: this.#rows === 0 ? 0 : Math.round((this.#nulls / this.#rows) * 10_000) / 10_000,
      empty: this.#empty,
      invalid: this.#invalid,
      distinct: { count: this.#counts.size, atLeast: this.#capped },
      length: this.#texts === 0 ? null : { min: this.#minLength, max: this.#maxLength, mean: Math.round((this.#totalLength / this.#texts) * 10) / 10 },
      dateFormats: Object.fromEntries([...this.#dateFormats].sort(([, a], [, b]) => b - a)),
      nonNull,
    };
    if (personal) return base;
    const sorted = [...this.#counts].sort(([ak, a], [bk, b]) => b - a || ak.localeCompare(bk));
    const shown = sorted.filter(([, n]) => n >= this.#limits.minCount).slice(0, this.#limits.topN);
    return {
      ...base,
      ...(this.#min !== undefined ? { min: String(this.#min) } : {}),
      ...(this.#max !== undefined ? { max: String(this.#max) } : {}),
      topValues: shown.map(([value, count]) => ({ value: value.length > 80 ? `${value.slice(0, 79)}…` : value, count })),
      suppressedValues: sorted.filter(([, n]) => n < this.#limits.minCount).length,
    };
  }
}

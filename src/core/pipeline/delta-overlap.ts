/**
 * The safety overlap of a modification stamp: how far below the last run's high-water mark the next
 * run starts reading, so that a row stamped by a transaction that committed after the last read (its
 * stamp older than rows already read) is not missed. Exact arithmetic only: whole seconds on
 * timestamps, whole days on dates, an integer on integer stamps.
 */
import type { NormalizedType } from '../connector/source-value.js';

/** A parsed overlap: a duration in whole seconds, or a count for integer stamps. */
export type Overlap = { readonly seconds: number } | { readonly units: bigint };

const UNIT_SECONDS: Readonly<Record<string, number>> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 };
const PLAIN = /^(\d+)\s*(second|minute|hour|day|week)s?$/i;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
const INTEGRAL = /^\d+$/;

/** Stamp column types a delta mapping accepts. */
export const DELTA_COLUMN_TYPES: ReadonlySet<NormalizedType> = new Set(['integer', 'bigint', 'date', 'timestamp', 'timestamptz']);

/**
 * Parses `overlap` for a stamp of `type`; returns a message (no data in it) when it does not fit:
 * durations (`'15 minutes'`, `'PT15M'`, `'1 day'`) for temporal stamps, whole days for dates, a
 * non-negative integer for integer stamps.
 */
export function parseOverlap(overlap: string | number, type: NormalizedType): Overlap | string {
  if (type === 'integer' || type === 'bigint') {
    const text = typeof overlap === 'number' ? (Number.isSafeInteger(overlap) ? String(overlap) : '') : overlap.trim();
    return INTEGRAL.test(text) ? { units: BigInt(text) } : 'an integer stamp needs a non-negative integer overlap';
  }
  if (typeof overlap === 'number') return overlap === 0 ? { seconds: 0 } : 'a temporal stamp needs a duration overlap such as "15 minutes" or "PT15M"';
  const text = overlap.trim();
  let seconds: number | undefined;
  const plain = PLAIN.exec(text);
  if (plain !== null) seconds = Number(plain[1]) * (UNIT_SECONDS[plain[2]!.toLowerCase()] ?? Number.NaN);
  const iso = plain === null && text !== 'P' && !/T$/i.test(text) ? ISO.exec(text) : null;
  if (iso !== null) {
    const [w, d, h, m, s] = iso.slice(1).map((v) => Number(v ?? 0));
    seconds = w! * 604_800 + d! * 86_400 + h! * 3600 + m! * 60 + s!;
  }
  if (text === '0') seconds = 0;
  if (seconds === undefined || !Number.isSafeInteger(seconds)) return 'the overlap is not a duration such as "15 minutes", "2 hours", "1 day" or "PT15M"';
  if (type === 'date' && seconds % 86_400 !== 0) return 'a date stamp needs an overlap of whole days';
  return { seconds };
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?)?(Z|[+-]00:?00)?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * `mark − overlap` in the mark's own representation; undefined when the mark is not one the type
 * produces (a ledger edited by hand), so the caller can fall back to a full read.
 */
export function subtractOverlap(mark: string, overlap: Overlap): string | undefined {
  if ('units' in overlap) return /^-?\d+$/.test(mark) ? (BigInt(mark) - overlap.units).toString() : undefined;
  const m = TIMESTAMP.exec(mark);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) - overlap.seconds * 1000;
  const t = new Date(ms);
  if (Number.isNaN(t.getTime())) return undefined;
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  if (h === undefined) return date;
  // Whole seconds only: the fraction is carried over unchanged, so no precision is lost or invented.
  return `${date}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${fraction ?? ''}${zone === undefined ? '' : 'Z'}`;
}

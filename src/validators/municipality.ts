/**
 * BFS municipality numbers with canton and validity by year, read lazily from
 * `schemas/codelists/bfs.municipality.json` (built from swiss-maps by scripts/build-municipalities.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SchemaError } from '../core/errors.js';
import { codeListsDir } from '../core/model/schema-location.js';

/** What the list knows about one BFS municipality number. */
export interface MunicipalityInfo {
  /** BFS Gemeindenummer. */
  readonly bfsNumber: number;
  /** Latest known name; null for numbers whose releases carry no name. */
  readonly name: string | null;
  /** Canton abbreviation (ZH … JU). */
  readonly canton: string;
  /** Inclusive year ranges in which the number was valid. */
  readonly years: readonly (readonly [number, number])[];
  /** Earlier names of the same number. */
  readonly formerNames?: readonly string[];
  /** A communal territory (Kommunanz), not a political municipality. */
  readonly territory?: boolean;
}

/** The whole municipality list document. */
export interface MunicipalityList {
  /** `bfs.municipality`. */
  readonly id: string;
  /** Package and version the list was built from. */
  readonly generatedFrom: string;
  /** Years covered by the list. */
  readonly years: readonly number[];
  /** One entry per BFS number, sorted. */
  readonly municipalities: readonly MunicipalityInfo[];
}

let cached: { list: MunicipalityList; byNumber: ReadonlyMap<number, MunicipalityInfo> } | undefined;

function load(): { list: MunicipalityList; byNumber: ReadonlyMap<number, MunicipalityInfo> } {
  if (cached !== undefined) return cached;
  let list: MunicipalityList;
  try {
    list = JSON.parse(readFileSync(path.join(codeListsDir(), 'bfs.municipality.json'), 'utf8')) as MunicipalityList;
  } catch (cause) {
    throw new SchemaError('The BFS municipality list cannot be read.', { cause, details: { codeList: 'bfs.municipality' } });
  }
  if (!Array.isArray(list.municipalities) || !Array.isArray(list.years)) {
    throw new SchemaError('The BFS municipality list is invalid.', { details: { codeList: 'bfs.municipality' } });
  }
  cached = { list, byNumber: new Map(list.municipalities.map((m) => [m.bfsNumber, m])) };
  return cached;
}

/** The municipality list document (cached). */
export function getMunicipalityList(): MunicipalityList {
  return load().list;
}

/** Information on a BFS number, or undefined when the list never contained it. */
export function municipalityInfo(bfsNumber: number): MunicipalityInfo | undefined {
  return load().byNumber.get(bfsNumber);
}

/** First and last year the list covers. */
export function municipalityListYears(): { readonly first: number; readonly last: number } {
  const years = load().list.years;
  return { first: years[0] ?? 0, last: years[years.length - 1] ?? 0 };
}

/**
 * True when the BFS number is in the list; with a year, when it was valid in that year. Years outside the
 * covered range are judged by the nearest covered year (the list cannot know earlier mergers).
 */
export function isKnownMunicipality(bfsNumber: number, year?: number): boolean {
  const info = municipalityInfo(bfsNumber);
  if (info === undefined) return false;
  if (year === undefined) return true;
  const { first, last } = municipalityListYears();
  const probe = Math.min(Math.max(year, first), last);
  return info.years.some(([from, to]) => probe >= from && probe <= to);
}

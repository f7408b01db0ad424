/**
 * Code lists as data: the JSON files in `schemas/codelists/` (format in schemas/codelists/README.md),
 * loaded lazily on first use and cached. Unknown list ids and malformed files are definition errors
 * (SchemaError), not record issues.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SchemaError } from '../core/errors.js';
import { codeListsDir } from '../core/model/schema-location.js';

/** One code of a code list, with its labels and optional list-specific fields (article, group, ...). */
export interface CodeListEntry {
  /** The code value, always a string. */
  readonly code: string;
  /** German label. */
  readonly de: string;
  /** French label, where the source gives one. */
  readonly fr?: string;
  /** English label. */
  readonly en: string;
  /** First day the code is valid (YYYY-MM-DD), where known. */
  readonly validFrom?: string;
  /** Last day the code is valid (YYYY-MM-DD), where known. */
  readonly validTo?: string;
  /** List-specific fields, e.g. `article`/`law` (KOKES), `group` (SKOS), `kissCode`. */
  readonly [field: string]: unknown;
}

/** Codes accepted by pattern where the source gives a range but not each code. */
export interface CodePattern {
  /** Regular expression (anchored) the code must match. */
  readonly pattern: string;
  /** German label of the whole range. */
  readonly de: string;
  /** English label of the whole range. */
  readonly en: string;
  /** Further fields (from, to, scope, topics). */
  readonly [field: string]: unknown;
}

/** One code list as stored in `schemas/codelists/<id>.json`. */
export interface CodeList {
  /** List id, equal to the file name without `.json`, e.g. `ech0011.sex`. */
  readonly id: string;
  /** Human title. */
  readonly title: string;
  /** Version of the list content. */
  readonly version: string;
  /** Where the codes come from (URL or `owner/repo:path`). */
  readonly sources: readonly string[];
  /** Remarks, e.g. that the list is project-defined. */
  readonly note?: string;
  /** The codes. */
  readonly codes: readonly CodeListEntry[];
  /** Ranges accepted by pattern (see CodePattern). */
  readonly codePatterns?: readonly CodePattern[];
}

/** Files in the folder that are not code lists of the `codes` shape. */
const NOT_CODE_LISTS = new Set(['bfs.municipality']);

interface LoadedList {
  readonly list: CodeList;
  readonly byCode: ReadonlyMap<string, CodeListEntry>;
  readonly patterns: readonly RegExp[];
}

const cache = new Map<string, LoadedList>();
let ids: readonly string[] | undefined;

/** Ids of every code list shipped in `schemas/codelists/`, sorted. */
export function listCodeLists(): readonly string[] {
  ids ??= readdirSync(codeListsDir())
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .filter((id) => !NOT_CODE_LISTS.has(id))
    .sort();
  return ids;
}

function load(id: string): LoadedList {
  const cached = cache.get(id);
  if (cached !== undefined) return cached;
  if (!listCodeLists().includes(id)) {
    throw new SchemaError(`Unknown code list "${id}".`, { details: { codeList: id } });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(codeListsDir(), `${id}.json`), 'utf8'));
  } catch (cause) {
    throw new SchemaError(`Code list "${id}" cannot be read as JSON.`, { cause, details: { codeList: id } });
  }
  const list = checkShape(id, raw);
  const byCode = new Map(list.codes.map((entry) => [entry.code, entry]));
  const patterns = (list.codePatterns ?? []).map((p) => new RegExp(p.pattern));
  const loaded = { list, byCode, patterns };
  cache.set(id, loaded);
  return loaded;
}

function checkShape(id: string, raw: unknown): CodeList {
  const fail = (what: string): never => {
    throw new SchemaError(`Code list "${id}" is invalid: ${what}.`, { details: { codeList: id } });
  };
  if (typeof raw !== 'object' || raw === null) return fail('not an object');
  const doc = raw as Record<string, unknown>;
  if (doc['id'] !== id) fail('id differs from the file name');
  if (typeof doc['title'] !== 'string' || typeof doc['version'] !== 'string') fail('title and version are required');
  const sources = doc['sources'];
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every((s) => typeof s === 'string')) fail('sources are required');
  const codes = doc['codes'];
  if (!Array.isArray(codes)) return fail('codes must be an array');
  const seen = new Set<string>();
  for (const entry of codes as unknown[]) {
    const e = entry as Record<string, unknown>;
    if (typeof e['code'] !== 'string' || typeof e['de'] !== 'string' || typeof e['en'] !== 'string') fail('every code needs code, de and en strings');
    if (seen.has(e['code'] as string)) fail(`duplicate code at position ${seen.size}`);
    seen.add(e['code'] as string);
  }
  return doc as unknown as CodeList;
}

/** The code list with that id; throws SchemaError for an unknown id or a malformed file. */
export function getCodeList(id: string): CodeList {
  return load(id).list;
}

/** The entry of a code in a list, or undefined (also for codes accepted only by a pattern). */
export function findCode(id: string, code: string): CodeListEntry | undefined {
  return load(id).byCode.get(code);
}

/** True when the code belongs to the list (listed, or matching one of its code patterns). */
export function isKnownCode(id: string, code: string): boolean {
  const loaded = load(id);
  return loaded.byCode.has(code) || loaded.patterns.some((pattern) => pattern.test(code));
}

/**
 * Code-list maps: how one installation's source codes (marital status `3`, closing reason `AB07`) map
 * onto canonical codes, as a CSV file commune staff review in a spreadsheet. Every row carries a status
 * (`proposed` until a named person approved it on a date); the map is versioned by its owner and
 * fingerprinted by content, so a run can pin exactly what it used.
 *
 * File format (UTF-8, optional BOM; delimiter `;` or `,`, detected from the header line):
 *
 * ```text
 * source_code;source_label;target_code;status;approved_by;approved_at;note
 * L;ledig;1;approved;M. Keller (SD Musterhausen);2026-03-02;
 * G;getrennt;;proposed;;;eCH has no separated status: decide
 * ```
 *
 * `source_code`, `target_code` and `status` are required columns; `source_label`, `approved_by`,
 * `approved_at`, `note` and `frequency` (written by the skeleton, ignored on load) are optional. Any other
 * column is an error, so a misspelt header never silently drops approvals.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { ERROR_CODES, MappingError } from '../../core/errors.js';
import { isKnownCode, listCodeLists } from '../../validators/code-lists.js';
import { parseSwissDate } from '../transforms/dates.js';

/** Review status of one code mapping. */
export type CodeMapStatus = 'proposed' | 'approved';

/** One row of a code-list map. */
export interface CodeListMapEntry {
  readonly sourceCode: string;
  readonly sourceLabel?: string;
  /** Canonical code; absent while nobody has proposed one. */
  readonly targetCode?: string;
  readonly status: CodeMapStatus;
  readonly approvedBy?: string;
  /** Approval day, `YYYY-MM-DD`. */
  readonly approvedAt?: string;
  readonly note?: string;
  /** 1-based line in the CSV file, for error messages. */
  readonly line: number;
}

/** A loaded, checked code-list map. */
export interface CodeListMap {
  /** Stable id of the map, e.g. `kiss.zivilstand`. */
  readonly id: string;
  /** Version given by the owner, e.g. `2026-03`. */
  readonly version: string;
  /** SHA-256 (hex) over the entries: changes whenever any mapping, status or approval changes. */
  readonly fingerprint: string;
  /** Canonical code list the target codes belong to (checked on load), e.g. `ech0011.maritalStatus`. */
  readonly targetCodeList?: string;
  /** Source codes are compared case-insensitively. */
  readonly ignoreCase: boolean;
  /** Entries by (normalised) source code, in file order. */
  readonly entries: ReadonlyMap<string, CodeListMapEntry>;
}

/** Options of {@link parseCodeListMap} / {@link loadCodeListMap}. */
export interface CodeListMapOptions {
  readonly id: string;
  readonly version: string;
  /** Canonical code list to validate target codes against (from `schemas/codelists/`). */
  readonly targetCodeList?: string;
  /** Compare source codes case-insensitively (default false). */
  readonly ignoreCase?: boolean;
}

/** The columns a code-list map file may have, in the order the skeleton writes them. */
export const CODE_LIST_MAP_COLUMNS = ['source_code', 'source_label', 'target_code', 'status', 'approved_by', 'approved_at', 'note'] as const;
const REQUIRED = ['source_code', 'target_code', 'status'];
const ALLOWED = new Set<string>([...CODE_LIST_MAP_COLUMNS, 'frequency']);

/** Normalises a source value into the key code-list maps use (trimmed text; optional case folding). */
export function codeKey(value: string | number | boolean, ignoreCase: boolean): string {
  const text = String(value).trim();
  return ignoreCase ? text.toLocaleUpperCase('de-CH') : text;
}

/** Reads and checks a code-list map CSV file. Throws MappingError `CB_CODE_LIST_INVALID` on any defect. */
export async function loadCodeListMap(csvPath: string, options: CodeListMapOptions): Promise<CodeListMap> {
  let text: string;
  try {
    text = await readFile(csvPath, 'utf8');
  } catch (cause) {
    throw invalid(options.id, 'The code-list map file cannot be read.', { cause });
  }
  return parseCodeListMap(text, options);
}

/** Parses and checks a code-list map from CSV text. */
export function parseCodeListMap(text: string, options: CodeListMapOptions): CodeListMap {
  const { id, version } = options;
  if (id.trim() === '' || version.trim() === '') throw invalid(id, 'A code-list map needs an id and a version.');
  const ignoreCase = options.ignoreCase ?? false;
  if (options.targetCodeList !== undefined && !listCodeLists().includes(options.targetCodeList)) {
    throw invalid(id, 'The target code list does not exist.', { targetCodeList: options.targetCodeList });
  }
  const body = text.replace(/^\uFEFF/, '');
  const header = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = count(header, ';') >= count(header, ',') ? ';' : ',';
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(body, { delimiter, relax_column_count: false, skip_empty_lines: true, trim: false, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (cause) {
    // The parser knows the line it stopped at: say it, so the file can be fixed in a spreadsheet.
    const line = typeof (cause as { lines?: unknown }).lines === 'number' ? (cause as { lines: number }).lines : undefined;
    throw invalid(id, line === undefined ? 'The code-list map is not valid CSV.' : `The code-list map is not valid CSV (line ${line}).`, {
      cause,
      ...(line === undefined ? {} : { line }),
    });
  }
  const rows = parsed.map((p) => p.record);
  // The line a record ends on (blank lines and quoted line breaks counted), for error messages.
  const lineOf = (index: number): number => parsed[index + 1]?.info.lines ?? index + 2;
  const [head, ...data] = rows;
  if (head === undefined) throw invalid(id, 'The code-list map is empty.');
  const columns = head.map((c) => c.trim().toLowerCase());
  for (const c of columns) if (!ALLOWED.has(c)) throw invalid(id, 'The code-list map has an unknown column.', { column: c });
  for (const c of REQUIRED) if (!columns.includes(c)) throw invalid(id, 'The code-list map lacks a required column.', { column: c });
  if (new Set(columns).size !== columns.length) throw invalid(id, 'The code-list map repeats a column.');

  const entries = new Map<string, CodeListMapEntry>();
  data.forEach((cells, index) => {
    const line = lineOf(index);
    const get = (c: string): string | undefined => {
      const i = columns.indexOf(c);
      const v = i < 0 ? undefined : cells[i]?.trim();
      return v === '' ? undefined : v;
    };
    const entry = checkEntry(id, line, get, options.targetCodeList);
    const key = codeKey(entry.sourceCode, ignoreCase);
    if (entries.has(key)) throw invalid(id, 'The code-list map lists a source code twice.', { line });
    entries.set(key, entry);
  });
  const fingerprint = fingerprintOf([...entries.values()]);
  return Object.freeze({
    id,
    version,
    fingerprint,
    ignoreCase,
    entries,
    ...(options.targetCodeList === undefined ? {} : { targetCodeList: options.targetCodeList }),
  });
}

function checkEntry(id: string, line: number, get: (c: string) => string | undefined, targetCodeList: string | undefined): CodeListMapEntry {
  const sourceCode = get('source_code');
  if (sourceCode === undefined) throw invalid(id, 'A row has no source code.', { line });
  const status = get('status')?.toLowerCase();
  if (status !== 'proposed' && status !== 'approved') throw invalid(id, 'A row has a status other than proposed or approved.', { line });
  const targetCode = get('target_code');
  const approvedBy = get('approved_by');
  const approvedAtText = get('approved_at');
  let approvedAt: string | undefined;
  if (approvedAtText !== undefined) {
    const parsed = parseSwissDate(approvedAtText);
    if (!parsed.ok) throw invalid(id, 'A row has an approval date that is not a date.', { line, column: 'approved_at' });
    approvedAt = parsed.value;
  }
  if (status === 'approved' && (targetCode === undefined || approvedBy === undefined || approvedAt === undefined)) {
    throw invalid(id, 'An approved row needs target_code, approved_by and approved_at.', { line });
  }
  if (targetCode !== undefined && targetCodeList !== undefined && !isKnownCode(targetCodeList, targetCode)) {
    throw invalid(id, 'A row maps to a code the target code list does not have.', { line, targetCodeList });
  }
  const entry: Record<string, unknown> = { sourceCode, status, line };
  const optional = { sourceLabel: get('source_label'), targetCode, approvedBy, approvedAt, note: get('note') };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) entry[k] = v;
  return Object.freeze(entry) as unknown as CodeListMapEntry;
}

/** Content fingerprint of a map: SHA-256 over its entries in source-code order (line numbers excluded). */
export function fingerprintOf(entries: readonly CodeListMapEntry[]): string {
  const canonical = [...entries]
    .sort((a, b) => (a.sourceCode < b.sourceCode ? -1 : a.sourceCode > b.sourceCode ? 1 : 0))
    .map((e) => [e.sourceCode, e.sourceLabel ?? null, e.targetCode ?? null, e.status, e.approvedBy ?? null, e.approvedAt ?? null, e.note ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** `id@version` plus the first 12 hex digits of the fingerprint: how a run pins a map. */
export function codeListPin(map: CodeListMap): string {
  return `${map.id}@${map.version}#${map.fingerprint.slice(0, 12)}`;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function invalid(id: string, message: string, extra: { cause?: unknown } & Record<string, unknown> = {}): MappingError {
  const { cause, ...rest } = extra;
  const details: Record<string, string | number | boolean | null> = { codeList: id };
  for (const [k, v] of Object.entries(rest)) if (typeof v === 'string' || typeof v === 'number') details[k] = v;
  return new MappingError(message, { code: ERROR_CODES.CODE_LIST_INVALID, details, ...(cause === undefined ? {} : { cause }) });
}

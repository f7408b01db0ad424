/**
 * Deterministic identity, content hashes and pseudonymous references. The same functions are used by
 * the engine at map time, by targets when they store a row, and by reconciliation when it recomputes a
 * hash from a stored row, so the three witnesses agree by construction.
 */
import { hash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { MappingError } from '../errors.js';
import type { PseudonymKey } from '../pseudonyms/pseudonym-key.js';

/**
 * The casebridge UUIDv5 namespace: `uuidv5('casebridge.ch', DNS)`. Fixed forever: changing it would
 * change every canonical id ever produced.
 */
export const CASEBRIDGE_NAMESPACE = 'b61184cc-ba19-5b8b-bbb5-484f7313f7c8';

/** Separator between id parts; a unit separator cannot occur in legacy keys by accident. */
const PART_SEPARATOR = '\u001f';

/**
 * Deterministic canonical id: UUIDv5 (casebridge namespace) of source system, entity and legacy key
 * parts. Re-running a migration yields the same ids, which makes loads idempotent.
 */
export function canonicalId(sourceSystem: string, entity: string, ...legacyKey: readonly (string | number | bigint)[]): string {
  if (legacyKey.length === 0) {
    throw new MappingError('canonicalId needs at least one legacy key part.', { details: { entity } });
  }
  let name = `${sourceSystem}${PART_SEPARATOR}${entity}`;
  for (const part of legacyKey) name += `${PART_SEPARATOR}${String(part)}`;
  return uuidv5Fast(name);
}

const NAMESPACE_BYTES = Buffer.from(CASEBRIDGE_NAMESPACE.replaceAll('-', ''), 'hex');

/** Namespace followed by the name, reused across calls (one-shot `hash` is ~3× cheaper than a Hash object). */
const NAME_BUFFER = Buffer.alloc(NAMESPACE_BYTES.length + 1024);
NAMESPACE_BYTES.copy(NAME_BUFFER);

function nameBytes(name: string): Buffer {
  // Up to 3 UTF-8 bytes per UTF-16 unit: when that may not fit, build the bytes afresh.
  if (name.length * 3 > NAME_BUFFER.length - NAMESPACE_BYTES.length) return Buffer.concat([NAMESPACE_BYTES, Buffer.from(name, 'utf8')]);
  const written = NAME_BUFFER.write(name, NAMESPACE_BYTES.length, 'utf8');
  return NAME_BUFFER.subarray(0, NAMESPACE_BYTES.length + written);
}

/**
 * RFC 9562 UUIDv5 in the casebridge namespace, byte for byte what `uuid`'s `v5(name, namespace)` yields
 * (a test holds the two together). Three ids per source row made the library's per-call namespace
 * parsing and byte copying the engine's largest hot spot.
 */
function uuidv5Fast(name: string): string {
  const h = hash('sha1', nameBytes(name), 'buffer');
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex', 0, 16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The reference implementation {@link canonicalId} must agree with (tests compare the two). */
export function canonicalIdReference(sourceSystem: string, entity: string, ...legacyKey: readonly (string | number | bigint)[]): string {
  return uuidv5([sourceSystem, entity, ...legacyKey.map((part) => String(part))].join(PART_SEPARATOR), CASEBRIDGE_NAMESPACE);
}

/**
 * Canonical JSON of a record, the input of {@link contentHash}:
 * - object keys sorted by UTF-16 code unit order, recursively;
 * - object members whose value is `undefined` or `null` are left out (absent and null mean the same in
 *   the canonical model, so a target that rebuilds absent columns as NULL hashes the same);
 * - array elements keep their order; `undefined`/`null` elements become `null`;
 * - `bigint` is written as its decimal digits, like a JSON integer (so `123n` and `123` hash equal:
 *   targets may read `bigint` Rappen columns back either way);
 * - numbers must be finite; functions, symbols, Dates and other class instances are rejected (the
 *   canonical model holds JSON values only; calendar dates are strings).
 */
export function canonicalJson(value: unknown): string {
  try {
    return writeFast(value);
  } catch {
    // The fast writer tracks no path; the checked writer finds the offending value and names it.
    return write(value, '$');
  }
}

/** Quoted JSON of property names seen so far (a model has a few hundred; capped for odd records). */
const keyJson = new Map<string, string>();

function quotedKey(key: string): string {
  let q = keyJson.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (keyJson.size < 10_000) keyJson.set(key, q);
  }
  return q;
}

/** A key list (in insertion order) seen recently, with its keys sorted and quoted once. */
interface KeyShape {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly quoted: readonly string[];
}

/**
 * The last few key lists: records of one mapping share their keys and key order, so sorting and quoting
 * once per shape instead of once per record saves a third of the canonical JSON's cost. Small and
 * most-recent-first, so records of many shapes cost one short scan more, never unbounded memory.
 */
const recentShapes: KeyShape[] = [];
const RECENT_SHAPES = 16;

function shapeOf(keys: readonly string[]): KeyShape {
  search: for (const shape of recentShapes) {
    if (shape.keys.length !== keys.length) continue;
    for (let i = 0; i < keys.length; i++) if (shape.keys[i] !== keys[i]) continue search;
    return shape;
  }
  const sorted = [...keys].sort();
  const shape: KeyShape = { keys, sorted, quoted: sorted.map(quotedKey) };
  if (recentShapes.length >= RECENT_SHAPES) recentShapes.pop();
  recentShapes.unshift(shape);
  return shape;
}

/**
 * The characters `JSON.stringify` escapes in a string (quote, backslash, C0 controls, lone surrogates;
 * paired ones are let through to it too). A string without them is quoted as it is: the same text,
 * without a native call per value.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the C0 controls are what JSON escapes.
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The same text as {@link write}, without building a path per value (the hot path of every load). */
function writeFast(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON_ESCAPED.test(value) ? JSON.stringify(value) : `"${value}"`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite');
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + writeFast(value[i]);
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError('not plain');
      const obj = value as Record<string, unknown>;
      const shape = shapeOf(Object.keys(obj));
      let out = '{';
      let first = true;
      for (let i = 0; i < shape.sorted.length; i++) {
        const v = obj[shape.sorted[i]!];
        if (v === undefined || v === null) continue;
        out += `${first ? '' : ','}${shape.quoted[i]!}:${writeFast(v)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError('unsupported');
  }
}

function write(value: unknown, path: string): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new MappingError('Non-finite number in a canonical record.', { details: { path } });
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${path}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new MappingError('Canonical records hold plain JSON values only.', { details: { path } });
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined && obj[k] !== null)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(obj[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new MappingError('Unsupported value type in a canonical record.', { details: { path, type: typeof value } });
  }
}

/** SHA-256 (lowercase hex) of the canonical JSON (`canonicalJson`) of a record. Cheap, deterministic, order-free. */
export function contentHash(record: Readonly<Record<string, unknown>>): string {
  return hash('sha256', canonicalJson(record), 'hex');
}

/**
 * Pseudonymous reference of a source row: mapping name plus the first 16 hex digits of HMAC-SHA-256
 * (under the commune's pseudonym key) over source system, table and key. Stable across runs with the
 * same key, reveals no value of the row, and cannot be reversed by trying candidate keys without the
 * secret (an unkeyed hash of a numeric key was reversed by trying 400 keys).
 */
export function sourceRecordRef(mapping: string, sourceSystem: string, sourceTable: string, sourceKey: string, key: PseudonymKey): string {
  return recordRefOf(mapping, sourceRowDigest(sourceSystem, sourceTable, sourceKey, key));
}

/**
 * The keyed digest (64 hex digits) of a source row that {@link sourceRecordRef} shortens. The engine
 * computes it once per row and derives both the row's reference and its duplicate-key token from it.
 */
export function sourceRowDigest(sourceSystem: string, sourceTable: string, sourceKey: string, key: PseudonymKey): string {
  return key.digest('record', sourceSystem, sourceTable, sourceKey);
}

/** {@link sourceRecordRef} from the row's {@link sourceRowDigest}. */
export function recordRefOf(mapping: string, digest: string): string {
  return `${mapping}:${digest.slice(0, 16)}`;
}

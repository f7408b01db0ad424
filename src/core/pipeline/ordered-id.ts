/**
 * Ordered canonical ids: deterministic like UUIDv5 (the same name always gives the same id, so re-runs
 * stay idempotent) but laid out so that the records of one tenant and entity, read in legacy key order,
 * insert at the right edge of the primary-key and lineage indexes instead of on a random page.
 *
 * RFC 9562 UUIDv8 (custom layout), the 122 free bits, most significant first:
 * - 32 bits **prefix**: SHA-256 of (casebridge namespace, tenant id key, entity), so one tenant's
 *   records of one entity share a prefix and sit together in the index;
 * - 40 bits **order**: when the first legacy key part, as text, is a canonical decimal integer below
 *   2^39, the integer itself (top bit 0); otherwise the top bit is 1 and 39 hash bits follow (such
 *   records get no locality, but stay unique);
 * - 50 bits **hash**: SHA-256 of (namespace, the whole name), as in UUIDv5 but another function.
 * Version nibble 8 and variant `10` sit at their RFC places; being constant they keep the order.
 *
 * Collision argument (the name is tenant id key, entity and every legacy key part, as for UUIDv5):
 * two different names give the same id only if all 122 bits agree.
 * - Same tenant and entity, integer-led keys: equal ids need the same leading integer and equal 50-bit
 *   hashes of two different names. Only names that share their leading integer can meet (composite
 *   keys such as case + sequence): k of them collide with probability ≤ k²/2^51 (10^4 rows under one
 *   leading key: 4·10^-8). Single-part integer keys cannot collide at all (the order part is the key).
 * - Same tenant and entity, other keys: 39 + 50 = 89 hash bits: n names collide with probability
 *   ≤ n²/2^90 (10^9 names: 10^-9).
 * - Two tenant/entity pairs can only meet if their 32-bit prefixes agree (p pairs: ≤ p²/2^33) and then
 *   as above, with both order parts equal: per such pair of pairs, ≤ n/2^50 for n integer keys.
 * A name with a first part that is `7` (number) or `"7"` (text) is the same name, as in UUIDv5.
 *
 * What it reveals: the id shows the leading legacy key of integer-keyed records in clear (UUIDv5
 * hides it only from those who do not try the few million candidate keys), and which records share
 * a tenant and entity. It never holds a name, AHV number, date or other value of the row; the store
 * keeps the source keys in its lineage anyway. Row references in reports and errors stay the keyed
 * pseudonyms of `sourceRecordRef`.
 */
import { hash } from 'node:crypto';
import { MappingError } from '../errors.js';
import { CASEBRIDGE_NAMESPACE } from './identity.js';

const PART_SEPARATOR = '\u001f';
/** Integers below this fit the order part's 39 bits. */
const ORDER_LIMIT = 2 ** 39;
/** A canonical decimal integer of at most 12 digits (2^39 has 12): `0`, `17`, never `017` or `+1`. */
const CANONICAL_INTEGER = /^(?:0|[1-9][0-9]{0,11})$/;
/** The namespace as text, first in every hashed name (the hash input differs from UUIDv5's bytes). */
const NAMESPACE_TEXT = `${CASEBRIDGE_NAMESPACE}${PART_SEPARATOR}ordered${PART_SEPARATOR}`;

/** Prefix bytes (4) per tenant id key and entity; a run has a handful of each. */
const prefixes = new Map<string, Buffer>();

function prefixOf(tenantIdKey: string, entity: string): Buffer {
  const key = `${tenantIdKey}${PART_SEPARATOR}${entity}`;
  let prefix = prefixes.get(key);
  if (prefix === undefined) {
    prefix = hash('sha256', `${NAMESPACE_TEXT}prefix${PART_SEPARATOR}${key}`, 'buffer').subarray(0, 4);
    if (prefixes.size < 10_000) prefixes.set(key, prefix);
  }
  return prefix;
}

/**
 * Ordered canonical id (UUIDv8, see the module comment) of tenant id key, entity and legacy key parts:
 * the counterpart of `canonicalId` for the `ordered` id scheme.
 */
export function orderedCanonicalId(tenantIdKey: string, entity: string, ...legacyKey: readonly (string | number | bigint)[]): string {
  if (legacyKey.length === 0) {
    throw new MappingError('canonicalId needs at least one legacy key part.', { details: { entity } });
  }
  const first = String(legacyKey[0]);
  let name = `${NAMESPACE_TEXT}${tenantIdKey}${PART_SEPARATOR}${entity}`;
  for (const part of legacyKey) name += `${PART_SEPARATOR}${String(part)}`;
  const h = hash('sha256', name, 'buffer');
  const prefix = prefixOf(tenantIdKey, entity);
  const ordered = CANONICAL_INTEGER.test(first) && Number(first) < ORDER_LIMIT;
  // The order part as two numbers of 20 bits each (exact in doubles, and `>>` stays in 32 bits).
  let high: number;
  let low: number;
  if (ordered) {
    const n = Number(first);
    high = Math.floor(n / 2 ** 20);
    low = n % 2 ** 20;
  } else {
    high = 0x80000 | (((h[10]! & 0x07) << 16) | (h[11]! << 8) | h[12]!);
    low = ((h[13]! & 0x0f) << 16) | (h[14]! << 8) | h[15]!;
  }
  const out = Buffer.allocUnsafe(16);
  prefix.copy(out, 0);
  out[4] = high >> 12;
  out[5] = (high >> 4) & 0xff;
  out[6] = 0x80 | (high & 0x0f);
  out[7] = low >> 12;
  out[8] = 0x80 | ((low >> 6) & 0x3f);
  out[9] = ((low & 0x3f) << 2) | (h[0]! & 0x03);
  h.copy(out, 10, 1, 7);
  const x = out.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * Pseudonymous person keys for statistics extracts. A key is an HMAC-SHA-256 under the canton's
 * pseudonym key over the person's AHV number (so the same person gets the same key across communes and
 * source systems) or, without one, over the canonical person id. There is no fixed fallback key: a key
 * anyone can recompute lets anyone hash every possible AHV number and reverse the extract.
 */
import type { Person } from '../../generated/model/index.js';
import { PseudonymKey } from '../../core/pseudonyms/pseudonym-key.js';

/** Builds person keys: the canton's key, or a text secret (e.g. from an environment variable). */
export type PersonKeyOptions = { readonly key: PseudonymKey } | { readonly secret: string };

/** The key function of an extract: `person → key` (32 hex digits). */
export type PersonKeyFn = (person: Pick<Person, 'id' | 'vn'> | undefined, personId: string) => string;

/**
 * Creates the person-key function of one extract. Without options a fresh random key is used: the
 * keys are then consistent within the extract and unlinkable to any other.
 */
export function personKeyFunction(options?: PersonKeyOptions): PersonKeyFn {
  const key = options === undefined ? PseudonymKey.generate() : 'key' in options ? options.key : PseudonymKey.fromText(options.secret);
  return (person, personId) => key.digest('stats.person', personIdentity(person, personId)).slice(0, 32);
}

/** The identity used to de-duplicate persons across dossiers and communes: the AHV number, else the canonical id. Never leaves memory. */
export function personIdentity(person: Pick<Person, 'id' | 'vn'> | undefined, personId: string): string {
  return person?.vn !== undefined ? `vn:${person.vn}` : `id:${personId}`;
}

/**
 * Pseudonymous person keys for statistics extracts. A key is an HMAC-SHA-256 over the person's AHV number
 * (so the same person gets the same key across communes and source systems) or, without one, over the
 * canonical person id. The secret keeps the key from being reversed by hashing every possible AHV number;
 * without a secret only canonical ids are used (they are already pseudonymous).
 */
import { createHmac } from 'node:crypto';
import type { Person } from '../../generated/model/index.js';

/** Builds person keys. */
export interface PersonKeyOptions {
  /** Secret of the keyed hash; when set, the AHV number (vn) is the key's basis where present. */
  readonly secret?: string;
}

/** The key function of an extract: `person → key` (32 hex digits). */
export type PersonKeyFn = (person: Pick<Person, 'id' | 'vn'> | undefined, personId: string) => string;

/** Creates the person-key function of one extract. */
export function personKeyFunction(options: PersonKeyOptions = {}): PersonKeyFn {
  const secret = options.secret ?? '';
  const useVn = secret !== '';
  return (person, personId) => {
    const basis = useVn && person?.vn !== undefined ? `vn:${person.vn}` : `id:${personId}`;
    return createHmac('sha256', secret === '' ? 'casebridge-stats' : secret).update(basis).digest('hex').slice(0, 32);
  };
}

/** The identity used to de-duplicate persons across dossiers and communes: the AHV number, else the canonical id. Never leaves memory. */
export function personIdentity(person: Pick<Person, 'id' | 'vn'> | undefined, personId: string): string {
  return person?.vn !== undefined ? `vn:${person.vn}` : `id:${personId}`;
}

/**
 * The id scheme of a tenant in a store: how the `id(entity, ...key)` a mapping gets turns legacy keys
 * into canonical ids. Chosen by a tenant's first run, recorded with every run in the ledger, and never
 * mixed: a run under another scheme than the tenant's earlier runs in that store would give every record
 * a second id (a duplicate), so the target refuses it before writing (CB_ID_SCHEME_MISMATCH).
 */
import { canonicalId } from './identity.js';
import { orderedCanonicalId } from './ordered-id.js';

/**
 * `uuidv5`: random-looking UUIDv5 (the scheme of every store before it had a choice; the default);
 * `ordered`: UUIDv8 that keep the source's key order per tenant and entity (see `ordered-id.ts`), so
 * a bulk load appends to its indexes.
 */
export type IdScheme = 'uuidv5' | 'ordered';

/** Every id scheme, in the order docs and errors name them. */
export const ID_SCHEMES: readonly IdScheme[] = Object.freeze(['uuidv5', 'ordered']);

/** The scheme of a tenant's first run when neither the run nor the store names one. */
export const DEFAULT_ID_SCHEME: IdScheme = 'uuidv5';

/** Whether `value` names an id scheme. */
export function isIdScheme(value: unknown): value is IdScheme {
  return value === 'uuidv5' || value === 'ordered';
}

/** A canonical id function of one tenant: entity and legacy key parts → id. */
export type IdFunction = (entity: string, ...legacyKey: readonly (string | number | bigint)[]) => string;

/** The id function of `scheme` for the tenant whose id key (see `tenantKey`) is `tenantIdKey`. */
export function idFunctionOf(scheme: IdScheme, tenantIdKey: string): IdFunction {
  return scheme === 'ordered'
    ? (entity, ...key) => orderedCanonicalId(tenantIdKey, entity, ...key)
    : (entity, ...key) => canonicalId(tenantIdKey, entity, ...key);
}

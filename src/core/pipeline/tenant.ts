/**
 * The tenant of a run: the commune (BFS municipality number) and the source system it migrates from.
 * One canton store holds many communes, so the tenant is part of every canonical id, every row, every
 * ledger entry and every read the engine makes. There is no default: a run that names no commune would
 * silently share ids with every other commune that numbers its records from 1.
 */
import { ERROR_CODES, TenantError } from '../errors.js';
import { canonicalId } from './identity.js';

/** Commune and source system of a run. */
export interface Tenant {
  /** BFS municipality number of the commune whose data the run migrates. */
  readonly commune: number;
  /** Name of the legacy system (lineage `sourceSystem`), e.g. `kiss`, `commune-export`. */
  readonly sourceSystem: string;
}

/** Input of `checkTenant`: what a config or a caller gave, unchecked. */
export interface TenantInput {
  readonly commune?: unknown;
  readonly sourceSystem?: unknown;
}

const SOURCE_SYSTEM = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** Whether a BFS number is a commune (in `year` when given), e.g. `isKnownMunicipality` of the validators. */
export type CommuneCheck = (bfsNumber: number, year?: number) => boolean;

/**
 * Checks a tenant: the commune must be a BFS number (1–9999) and, with `isKnownCommune`, one the
 * municipality list knows in `year`; the source system a simple name. Throws TenantError
 * CB_TENANT_MISSING / CB_TENANT_INVALID. (Core does not read the list itself: its callers pass it.)
 */
export function checkTenant(input: TenantInput, year?: number, isKnownCommune?: CommuneCheck): Tenant {
  if (input.commune === undefined || input.commune === null || input.commune === '') {
    throw new TenantError('The run names no commune: set the BFS municipality number (tenant.commune); there is no default.', {
      code: ERROR_CODES.TENANT_MISSING,
      details: { field: 'commune' },
    });
  }
  if (input.sourceSystem === undefined || input.sourceSystem === null || input.sourceSystem === '') {
    throw new TenantError('The run names no source system (tenant.sourceSystem); there is no default.', {
      code: ERROR_CODES.TENANT_MISSING,
      details: { field: 'sourceSystem' },
    });
  }
  const commune = typeof input.commune === 'string' && /^\d{1,4}$/.test(input.commune) ? Number(input.commune) : input.commune;
  if (typeof commune !== 'number' || !Number.isInteger(commune) || commune < 1 || commune > 9999) {
    throw new TenantError('The commune must be a BFS municipality number (1–9999).', { code: ERROR_CODES.TENANT_INVALID, details: { field: 'commune' } });
  }
  if (isKnownCommune !== undefined && !isKnownCommune(commune, year)) {
    throw new TenantError(
      year === undefined ? 'The commune is not a BFS municipality number.' : 'The commune is not a BFS municipality number valid in the given year.',
      { code: ERROR_CODES.TENANT_INVALID, details: { field: 'commune', commune, year: year ?? null } },
    );
  }
  if (typeof input.sourceSystem !== 'string' || !SOURCE_SYSTEM.test(input.sourceSystem)) {
    throw new TenantError('The source system must be a simple name (letters, digits, `_.-`, up to 100 characters).', {
      code: ERROR_CODES.TENANT_INVALID,
      details: { field: 'sourceSystem' },
    });
  }
  return Object.freeze({ commune, sourceSystem: input.sourceSystem });
}

/** The first id part of a tenant: commune and source system, so equal legacy keys of two communes never meet. */
export function tenantKey(tenant: Tenant): string {
  return `${String(tenant.commune)}\u001f${tenant.sourceSystem}`;
}

/**
 * Deterministic canonical id of a record of `tenant`: UUIDv5 over (commune, source system, entity,
 * legacy key). The id every mapping gets through `ctx.id` under the `uuidv5` id scheme (the default;
 * see `id-scheme.ts` for `ordered`).
 */
export function tenantCanonicalId(tenant: Tenant, entity: string, ...legacyKey: readonly (string | number | bigint)[]): string {
  return canonicalId(tenantKey(tenant), entity, ...legacyKey);
}

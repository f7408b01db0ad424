/**
 * The reference profiles a config may name instead of a mapping module (`"mappings": "flat-file"`).
 * Loaded lazily from `src/profiles/<name>/`; the profile object is found by shape, so a profile module
 * may export it under any name.
 */
import { ConfigurationError } from '../../core/errors.js';
import type { ReferenceProfile } from '../../profiles/reference-profile.js';

/** Names of the built-in reference profiles. */
export const BUILTIN_PROFILES = ['flat-file', 'relational'] as const;

/** A built-in profile name. */
export type BuiltinProfileName = (typeof BUILTIN_PROFILES)[number];

/** True when `spec` names a built-in profile rather than a module path. */
export function isBuiltinProfileName(spec: string): spec is BuiltinProfileName {
  return (BUILTIN_PROFILES as readonly string[]).includes(spec);
}

/** Imports a built-in profile's module (its profile object and helpers such as sample writers). */
export async function importProfileModule(name: BuiltinProfileName): Promise<Record<string, unknown>> {
  try {
    // Two literal specifiers so that bundlers and tsc see both modules.
    return name === 'flat-file'
      ? ((await import('../../profiles/flat-file/index.js' as string)) as Record<string, unknown>)
      : ((await import('../../profiles/relational/index.js' as string)) as Record<string, unknown>);
  } catch (cause) {
    throw new ConfigurationError(`The built-in profile "${name}" is not available in this build.`, { cause, details: { profile: name } });
  }
}

/** Loads a built-in profile object. */
export async function loadBuiltinProfile(name: BuiltinProfileName): Promise<ReferenceProfile> {
  const mod = await importProfileModule(name);
  const profile = Object.values(mod).find(
    (v): v is ReferenceProfile =>
      typeof v === 'object' && v !== null && (v as { name?: unknown }).name === name && typeof (v as { mappings?: unknown }).mappings === 'function',
  );
  if (profile === undefined) throw new ConfigurationError(`The built-in profile "${name}" exports no ReferenceProfile.`, { details: { profile: name } });
  return profile;
}

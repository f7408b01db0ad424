/** Loads an optional peer dependency (pg, mysql2, pg-copy-streams) on first use. */
import { DriverMissingError } from '../../core/errors.js';

/**
 * `import(name)` that turns "module not found" into a DriverMissingError naming the package; other
 * failures (a broken install) propagate unchanged. The specifier is a variable on purpose, so bundlers
 * and the core import graph never pull the driver in.
 */
export async function loadOptionalModule<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new DriverMissingError(packageNameOf(name), { cause: error });
    throw error;
  }
}

/** The npm package of a module specifier: `mysql2/promise` → `mysql2`, `@scope/pkg/sub` → `@scope/pkg`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

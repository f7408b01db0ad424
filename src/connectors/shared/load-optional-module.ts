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
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new DriverMissingError(name, { cause: error });
    throw error;
  }
}

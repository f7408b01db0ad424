/**
 * The contract of a worker module (`MigrationOptions.workers.module`): worker threads cannot receive
 * closures, so each imports the run's mappings (and, when the definition has its own, its validator and
 * lineage rule) from a module, and the engine checks they are the definition's before a row is read.
 */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { RecordValidator } from '../pipeline/migration-definition.js';
import type { SourceMapping } from '../pipeline/source-mapping.js';

/** What a worker module gives each worker thread. */
export interface MapWorkerSetup {
  /** The definition's mappings (same names and versions; the engine refuses others). */
  readonly mappings: readonly SourceMapping[];
  /** Required when the definition sets `options.validator`: workers never validate differently. */
  readonly validator?: RecordValidator;
  /** Required when the definition sets `options.embedLineage`. */
  readonly embedLineage?: (entity: string) => boolean;
}

/** The export a worker module names: the setup itself, or a (sync or async) function that returns it. */
export type MapWorkerExport = MapWorkerSetup | (() => MapWorkerSetup | Promise<MapWorkerSetup>);

/** The specifier a worker imports for `module`: paths become `file:` URLs (relative ones against the working directory). */
export function workerModuleSpecifier(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (module.startsWith('file:')) return module;
  if (module.startsWith('.') || path.isAbsolute(module)) return pathToFileURL(path.resolve(module)).href;
  return module;
}

/** Imports a worker module and returns its setup (throws what the import or the export throws). */
export async function loadWorkerSetup(specifier: string, exportName: string): Promise<MapWorkerSetup> {
  const module = (await import(specifier)) as Record<string, unknown>;
  const value = module[exportName] as MapWorkerExport | undefined;
  const setup = typeof value === 'function' ? await value() : value;
  if (setup === undefined || setup === null || !Array.isArray((setup as { mappings?: unknown }).mappings)) {
    throw new TypeError(`The worker module's export "${exportName}" is no { mappings } object nor a function returning one.`);
  }
  return setup;
}

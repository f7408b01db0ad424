/**
 * The "driver" of the file connector: no connection, just the resolved table list and a check that
 * the base directory is readable. Files are opened per read and closed when the read ends.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ConnectorDriver } from '../../core/connector/connector.js';
import { ConfigurationError, ConnectionError, ObjectNotFoundError } from '../../core/errors.js';
import { DEFAULT_JOIN_INDEX_ROW_LIMIT, resolveFileConnectorConfig, type FileConnectorConfig, type ResolvedFileTable } from './files-config.js';

/** Driver of the file connector; holds the validated table configuration. */
export class FileDriver implements ConnectorDriver {
  readonly #baseDir: string;
  readonly #tables: ReadonlyMap<string, ResolvedFileTable>;
  #initialised = false;
  /** Most rows a joined file may have (see `FileConnectorConfig.joinIndexRowLimit`). */
  readonly joinIndexRowLimit: number;

  constructor(config: FileConnectorConfig) {
    this.#tables = resolveFileConnectorConfig(config);
    const limit = config.joinIndexRowLimit ?? DEFAULT_JOIN_INDEX_ROW_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new ConfigurationError('File connector: "joinIndexRowLimit" must be an integer of at least 1.');
    this.joinIndexRowLimit = limit;
    this.#baseDir = resolve(config.baseDir);
  }

  /** Checks that the base directory exists (the files themselves are checked when read). */
  async init(): Promise<void> {
    try {
      const s = await stat(this.#baseDir);
      if (!s.isDirectory()) throw new Error('not a directory');
    } catch (cause) {
      throw new ConnectionError(`File connector: base directory is not readable (${this.#baseDir}).`, { cause });
    }
    this.#initialised = true;
  }

  /** Nothing to release: every read closes its own file. */
  async destroy(): Promise<void> {
    this.#initialised = false;
  }

  /** Names of the configured tables, in configuration order. */
  tableNames(): readonly string[] {
    return [...this.#tables.keys()];
  }

  /** The resolved configuration of `table`; ObjectNotFoundError when it is not configured. */
  table(table: string): ResolvedFileTable {
    const resolved = this.#tables.get(table);
    if (!resolved) throw new ObjectNotFoundError(`Table "${table}" is not configured.`, { details: { table } });
    return resolved;
  }

  /** True after `init()` and before `destroy()`. */
  get initialised(): boolean {
    return this.#initialised;
  }
}

/** Narrows an SPI driver to the file driver (a connector part was handed another connector's driver). */
export function asFileDriver(driver: ConnectorDriver): FileDriver {
  if (!(driver instanceof FileDriver)) {
    throw new ConfigurationError('File connector: the driver passed in was not created by this connector.');
  }
  return driver;
}

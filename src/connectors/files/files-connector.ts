/**
 * `createFileConnector`: flat files (CSV in UTF-8, Windows-1252 or ISO-8859-1; JSON Lines) as a
 * read-only source. Streams every file, never loads one whole.
 */
import type { Connector, ConnectorAdapter } from '../../core/connector/connector.js';
import type { FileConnectorConfig } from './files-config.js';
import { FileControlTotals } from './files-control-totals.js';
import { asFileDriver, FileDriver } from './files-driver.js';
import { FileIntrospector } from './files-introspector.js';
import { FileReader } from './files-reader.js';

/** Capabilities of the file connector. */
export const FILE_ADAPTER: ConnectorAdapter = Object.freeze({
  dialect: 'files',
  supportsTransactionalDdl: false,
  supportsUpsert: false,
  supportsStreaming: true,
  /**
   * True, but computed by the connector, not a database: FileControlTotals streams the file in a pass
   * of its own (independent of the mapping) and sums with exact decimal arithmetic.
   */
  supportsControlTotals: true,
  supportsWrite: false,
  /** Files take no bind parameters, so there is no limit to respect. */
  maxParameters: Number.MAX_SAFE_INTEGER,
});

/** Creates a read-only connector over CSV and JSON Lines files. Validates the configuration at once. */
export function createFileConnector(config: FileConnectorConfig): Connector {
  // Validate eagerly so that a wrong option fails at construction, not at the first read.
  new FileDriver(config);
  return {
    name: config.name,
    adapter: FILE_ADAPTER,
    createDriver: () => new FileDriver(config),
    createIntrospector: (driver) => new FileIntrospector(asFileDriver(driver)),
    createReader: (driver) => new FileReader(asFileDriver(driver)),
    createControlTotals: (driver) => new FileControlTotals(asFileDriver(driver)),
  };
}

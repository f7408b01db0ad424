/**
 * The text of the standard connector file set `init-connector` writes. Each part implements its SPI
 * interface and throws CB_NOT_IMPLEMENTED until the vendor fills it in, so a fresh scaffold typechecks
 * and its conformance test fails clearly instead of crashing.
 */

/** Names derived from the connector name (`acme-soz` → `AcmeSoz`, `acmeSoz`). */
export interface ScaffoldNames {
  readonly name: string;
  readonly pascal: string;
  readonly camel: string;
  /** Module specifier of the casebridge root (`casebridge`): the errors. */
  readonly core: string;
  /** Module specifier of the connector SPI (`casebridge/connectors`). */
  readonly spi: string;
  /** Module specifier of the conformance kit (`casebridge/testing`). */
  readonly testing: string;
}

const todo = (n: ScaffoldNames, what: string): string =>
  `throw new CasebridgeError(ERROR_CODES.NOT_IMPLEMENTED, '${n.name} connector: ${what} is not implemented yet.');`;

/** File name (relative) → content for the whole file set. */
export function scaffoldFiles(n: ScaffoldNames): Record<string, string> {
  const f = (part: string): string => `${n.name}-${part}`;
  return {
    [`${f('config')}.ts`]: `/** Configuration of the ${n.name} connector. */
import { ConfigurationError } from '${n.core}';

/** How to reach the source. Add connection fields here; read secrets from the environment. */
export interface ${n.pascal}ConnectorConfig {
  /** Source-system name used in lineage and reports. */
  readonly name: string;
}

/** Validates the config (throw ConfigurationError with codes and names only, never secrets). */
export function resolve${n.pascal}Config(config: ${n.pascal}ConnectorConfig): ${n.pascal}ConnectorConfig {
  if (config.name.trim() === '') throw new ConfigurationError('${n.name} connector: \`name\` is required');
  return config;
}
`,
    [`${f('errors')}.ts`]: `/** The one place driver errors of the ${n.name} source become casebridge errors. */
import { CasebridgeError, QueryError } from '${n.core}';

/** Maps a driver error onto the casebridge hierarchy (keep the driver error as \`cause\`; own messages only). */
export function translate${n.pascal}Error(error: unknown, operation: string): CasebridgeError {
  if (error instanceof CasebridgeError) return error;
  // TODO: map auth failures to ConnectionError(code CB_AUTHENTICATION_FAILED), missing tables to ObjectNotFoundError, ...
  return new QueryError(\`${n.name} \${operation} failed.\`, { cause: error, details: { operation } });
}
`,
    [`${f('type-map')}.ts`]: `/** Raw ${n.name} types → normalised types (see source-value.ts for the exact JS values). */
import type { NormalizedType } from '${n.spi}';

/** The normalised type of a raw type name. Unknown types map to 'unknown' (read as text). */
export function normalize${n.pascal}Type(rawType: string): NormalizedType {
  switch (rawType.toLowerCase()) {
    // TODO: list the engine's types, e.g. case 'int': return 'integer';
    default:
      return 'unknown';
  }
}
`,
    [`${f('driver')}.ts`]: `/** Connections of the ${n.name} connector. Load the driver package with a dynamic import in init(). */
import { CasebridgeError, ERROR_CODES } from '${n.core}';
import type { ConnectorDriver } from '${n.spi}';
import type { ${n.pascal}ConnectorConfig } from './${f('config')}.js';

/** The ${n.name} ConnectorDriver. */
export class ${n.pascal}Driver implements ConnectorDriver {
  constructor(readonly config: ${n.pascal}ConnectorConfig) {}

  /** Connects (and proves the credentials). */
  async init(): Promise<void> {
    ${todo(n, 'driver.init')}
  }

  /** Releases every connection. */
  async destroy(): Promise<void> {}
}
`,
    [`${f('introspector')}.ts`]: `/** Tables, columns, keys and exact row counts of the ${n.name} source. */
import { CasebridgeError, ERROR_CODES } from '${n.core}';
import type { ConnectorDriver, Introspector, TableMetadata } from '${n.spi}';

/** The ${n.name} Introspector. */
export class ${n.pascal}Introspector implements Introspector {
  constructor(readonly driver: ConnectorDriver) {}

  /** Names of the readable tables. */
  async listTables(): Promise<readonly string[]> {
    ${todo(n, 'listTables')}
  }

  /** Columns (raw and normalised types), primary key, foreign keys and COUNT(*). */
  async describeTable(table: string): Promise<TableMetadata> {
    void table;
    ${todo(n, 'describeTable')}
  }
}
`,
    [`${f('reader')}.ts`]: `/** Keyset-paginated reads of the ${n.name} source (stable key order, resumable, cancellable). */
import { CasebridgeError, ERROR_CODES } from '${n.core}';
import type { ConnectorDriver, ReadRequest, RowBatch, SourceReader } from '${n.spi}';

/** The ${n.name} SourceReader. */
export class ${n.pascal}Reader implements SourceReader {
  constructor(readonly driver: ConnectorDriver) {}

  /** Streams batches after \`request.after\`; rejects with CB_CANCELLED when \`request.signal\` aborts. */
  async *read(request: ReadRequest): AsyncIterableIterator<RowBatch> {
    void request;
    ${todo(n, 'read')}
  }
}
`,
    [`${f('writer')}.ts`]: `/** Bulk writes, only if the ${n.name} connector can be a target (else delete this file and createWriter). */
import { CasebridgeError, ERROR_CODES } from '${n.core}';
import type { ConnectorDriver, TableWriter, WriteRequest } from '${n.spi}';

/** The ${n.name} TableWriter. */
export class ${n.pascal}Writer implements TableWriter {
  constructor(readonly driver: ConnectorDriver) {}

  /** Writes the rows in one transaction (insert or upsert). */
  async write(request: WriteRequest): Promise<{ written: number }> {
    void request;
    ${todo(n, 'write')}
  }
}
`,
    [`${f('connector')}.ts`]: `/** create${n.pascal}Connector: wires the parts of the ${n.name} connector. */
import type { Connector, ConnectorAdapter } from '${n.spi}';
import { resolve${n.pascal}Config, type ${n.pascal}ConnectorConfig } from './${f('config')}.js';
import { ${n.pascal}Driver } from './${f('driver')}.js';
import { ${n.pascal}Introspector } from './${f('introspector')}.js';
import { ${n.pascal}Reader } from './${f('reader')}.js';
import { ${n.pascal}Writer } from './${f('writer')}.js';

/** Capabilities of the ${n.name} connector: set them to what the parts really do. */
export const ${n.camel}Adapter: ConnectorAdapter = Object.freeze({
  dialect: '${n.name}',
  supportsTransactionalDdl: false,
  supportsUpsert: false,
  supportsStreaming: false,
  supportsControlTotals: false,
  supportsWrite: true,
  maxParameters: 2_000,
});

/** Creates a ${n.name} connector. */
export function create${n.pascal}Connector(config: ${n.pascal}ConnectorConfig): Connector {
  const resolved = resolve${n.pascal}Config(config);
  return {
    name: resolved.name,
    adapter: ${n.camel}Adapter,
    createDriver: () => new ${n.pascal}Driver(resolved),
    createIntrospector: (driver) => new ${n.pascal}Introspector(driver),
    createReader: (driver) => new ${n.pascal}Reader(driver),
    createWriter: (driver) => new ${n.pascal}Writer(driver),
  };
}
`,
    'index.ts': `/** The ${n.name} connector. */
export { create${n.pascal}Connector, ${n.camel}Adapter } from './${f('connector')}.js';
export type { ${n.pascal}ConnectorConfig } from './${f('config')}.js';
`,
    [`${n.name}.conformance.test.ts`]: `/** Runs the casebridge conformance kit against the ${n.name} connector. */
import { describeConnectorConformance } from '${n.testing}';
import { create${n.pascal}Connector } from './index.js';

describeConnectorConformance({
  name: '${n.name}',
  // TODO: load \`fixture.tables\` into a fresh database of your system (see docs/connectors.md) and return
  // a connector to it plus a cleanup that drops it.
  setup: async () => ({ connector: create${n.pascal}Connector({ name: '${n.name}-conformance' }) }),
  expectations: { cases: [] },
});
`,
  };
}

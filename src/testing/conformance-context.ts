/**
 * The state the conformance checks share inside one `describeConnectorConformance` block: the loaded
 * fixture, the connector, one initialised driver, and memoised full reads.
 */
import type { Connector, ConnectorDriver } from '../core/connector/connector.js';
import type { ConformanceOptions, ConformanceSetupResult } from './conformance-options.js';
import type { ConformanceFixture, FixtureTableRole } from './fixtures/fixture-types.js';
import { readAll, type ReadResult } from './read-all.js';

/** Lazily filled by the suite's `beforeAll`; checks call `ready()` to get it. */
export class ConformanceContext {
  #setup: ConformanceSetupResult | undefined;
  #driver: ConnectorDriver | undefined;
  readonly #reads = new Map<string, Promise<ReadResult>>();

  constructor(
    readonly options: ConformanceOptions,
    readonly fixture: ConformanceFixture,
  ) {}

  /** Runs the vendor's setup and initialises one driver. */
  async start(): Promise<void> {
    try {
      this.#setup = await this.options.setup(this.fixture);
      const driver = this.#setup.connector.createDriver();
      await driver.init();
      this.#driver = driver;
    } catch (error) {
      // Name the stable code up front so a vendor sees e.g. CB_NOT_IMPLEMENTED, not just a class name.
      const code = (error as { code?: unknown } | null)?.code;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`conformance setup failed${typeof code === 'string' ? ` [${code}]` : ''}: ${message}`, { cause: error });
    }
  }

  /** Destroys the driver and runs the vendor's cleanup, even if one of them fails. */
  async stop(): Promise<void> {
    try {
      await this.#driver?.destroy();
    } finally {
      await this.#setup?.cleanup?.();
    }
  }

  /** The connector under test. */
  get connector(): Connector {
    if (!this.#setup) throw new Error('conformance setup did not complete; see the beforeAll failure');
    return this.#setup.connector;
  }

  /** The shared, initialised driver. */
  get driver(): ConnectorDriver {
    if (!this.#driver) throw new Error('conformance setup did not complete; see the beforeAll failure');
    return this.#driver;
  }

  /** The name to read a fixture table by. */
  table(role: FixtureTableRole): string {
    return this.#setup?.tables?.[role] ?? this.fixture.tables[role].name;
  }

  /** A full read of a fixture table at a batch size, memoised so several checks share it. */
  fullRead(role: FixtureTableRole, batchSize: number): Promise<ReadResult> {
    const key = `${role}:${batchSize}`;
    let p = this.#reads.get(key);
    if (!p) {
      p = readAll(this.connector.createReader(this.driver), { table: this.table(role), batchSize });
      this.#reads.set(key, p);
    }
    return p;
  }
}

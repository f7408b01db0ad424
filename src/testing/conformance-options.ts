/**
 * The options a vendor passes to `describeConnectorConformance`. This is the kit's public contract:
 * fields are only ever added, never renamed.
 */
import type { Connector } from '../core/connector/connector.js';
import type { ConformanceFixture, FixtureCaseId, FixtureTableRole } from './fixtures/fixture-types.js';

/** What `setup` returns: a connector to the loaded fixture, optional table-name overrides and cleanup. */
export interface ConformanceSetupResult {
  readonly connector: Connector;
  /**
   * The names to pass to `read`/`describeTable` for each fixture table when they differ from
   * `fixture.tables[role].name` (e.g. a file alias or a schema-qualified name).
   */
  readonly tables?: Partial<Readonly<Record<FixtureTableRole, string>>>;
  /** Drops what `setup` created. Runs once after all checks. */
  readonly cleanup?: () => Promise<void>;
}

/** A connector that must fail to log in, and the secret that must never appear in the error. */
export interface BadCredentialsCase {
  readonly connector: Connector;
  /** The wrong password (or token) configured in `connector`. */
  readonly secret: string;
}

/** Groups of checks that a vendor may skip, each with a stated reason. */
export type ConformanceCheck =
  | 'introspection'
  | 'type-fidelity'
  | 'ordering'
  | 'resume'
  | 'cancellation'
  | 'missing-table'
  | 'bad-credentials'
  | 'control-totals'
  | 'joins'
  | 'queries';

/** Dialect-specific expectations. All optional; the defaults are the strict behaviour. */
export interface ConformanceExpectations {
  /** Extra fixture cases the connector's source supports (see FIXTURE_CASES). Default: none. */
  readonly cases?: readonly FixtureCaseId[];
  /** Batch sizes for the ordering checks. Default: [1, 7, 1000]. */
  readonly batchSizes?: readonly number[];
  /** The introspector reports precision/scale of decimals and maxLength of bounded strings. Default: true. */
  readonly introspectsSizes?: boolean;
  /** The introspector reports `nullable` faithfully. Default: true. */
  readonly introspectsNullability?: boolean;
  /** The connector runs read-only SQL query sources (`ReadRequest.query`); false: it must refuse them. Default: true. */
  readonly queries?: boolean;
  /** Checks to skip, each with a reason shown in the test name. */
  readonly skip?: Partial<Readonly<Record<ConformanceCheck, string>>>;
}

/** Options of `describeConnectorConformance`. */
export interface ConformanceOptions {
  /** Shown in the describe block, e.g. `postgres`. */
  readonly name: string;
  /** Loads `fixture` into the vendor's system (all tables, all rows) and returns a connector to it. */
  readonly setup: (fixture: ConformanceFixture) => Promise<ConformanceSetupResult>;
  /** A connector with a wrong password; omitted → the bad-credentials check is reported as skipped. */
  readonly badCredentials?: () => BadCredentialsCase | Promise<BadCredentialsCase>;
  readonly expectations?: ConformanceExpectations;
  /** Timeout per check and for setup, in ms. Default 60 000. */
  readonly timeoutMs?: number;
}

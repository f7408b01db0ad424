/** Configuration of the PostgreSQL source connector. */
import { ConfigurationError } from '../../core/errors.js';

/** How to reach a PostgreSQL source. Either `connectionString` or the separate fields. */
export interface PostgresConnectorConfig {
  /** Source-system name used in lineage (`sourceSystem`) and reports, e.g. `kiss-zuerich`. */
  readonly name: string;
  /** `postgres://user@host:5432/db`; a password in it is accepted but `passwordEnv` is preferred. */
  readonly connectionString?: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  /** The password itself (e.g. from a secret store). Never logged. */
  readonly password?: string;
  /** Name of an environment variable holding the password (default: pg's own `PGPASSWORD`). */
  readonly passwordEnv?: string;
  readonly database?: string;
  /** Schema the tables live in. Default `public`. */
  readonly schema?: string;
  /** Most pooled connections. Default 4. */
  readonly poolSize?: number;
  /** Server-side statement timeout in ms; 0 = none. Default 0. */
  readonly statementTimeoutMs?: number;
  /** Passed to pg as is (`true`, or `{ rejectUnauthorized, ca }`). */
  readonly ssl?: boolean | Readonly<Record<string, unknown>>;
}

/** The validated config with defaults applied. */
export interface ResolvedPostgresConfig {
  readonly name: string;
  readonly schema: string;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
  /** Options for `new pg.Pool(…)` (without type parsers). */
  readonly poolOptions: Readonly<Record<string, unknown>>;
  /** The password in use, so error messages can be scrubbed of it. */
  readonly secret: string | undefined;
}

/** Validates `config` and reads the password from the environment when configured so. */
export function resolvePostgresConfig(config: PostgresConnectorConfig, env: NodeJS.ProcessEnv = process.env): ResolvedPostgresConfig {
  if (typeof config.name !== 'string' || config.name.trim() === '') throw new ConfigurationError('postgres connector: `name` is required');
  if (config.connectionString === undefined && config.host === undefined && config.database === undefined) {
    throw new ConfigurationError('postgres connector: give `connectionString` or `host`/`database`', { details: { connector: config.name } });
  }
  const poolSize = config.poolSize ?? 4;
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new ConfigurationError('postgres connector: `poolSize` must be an integer from 1 and up', { details: { connector: config.name } });
  let password = config.password;
  if (password === undefined && config.passwordEnv !== undefined) {
    password = env[config.passwordEnv];
    if (password === undefined)
      throw new ConfigurationError('postgres connector: the environment variable named by `passwordEnv` is not set', {
        details: { connector: config.name, variable: config.passwordEnv },
      });
  }
  let secret = password;
  if (secret === undefined && config.connectionString !== undefined) {
    try {
      const url = new URL(config.connectionString);
      secret = url.password === '' ? undefined : decodeURIComponent(url.password);
    } catch {
      throw new ConfigurationError('postgres connector: `connectionString` is not a valid URL', { details: { connector: config.name } });
    }
  }
  const statementTimeoutMs = config.statementTimeoutMs ?? 0;
  const poolOptions: Record<string, unknown> = {
    max: poolSize,
    // UTC sessions make timestamptz text unambiguous; the ISO DateStyle keeps dates as YYYY-MM-DD.
    options: `-c TimeZone=UTC -c DateStyle=ISO,YMD -c statement_timeout=${statementTimeoutMs}`,
    application_name: 'casebridge',
  };
  if (config.connectionString !== undefined) poolOptions.connectionString = config.connectionString;
  for (const key of ['host', 'port', 'user', 'database'] as const) if (config[key] !== undefined) poolOptions[key] = config[key];
  if (password !== undefined) poolOptions.password = password;
  if (config.ssl !== undefined) poolOptions.ssl = config.ssl;
  return { name: config.name, schema: config.schema ?? 'public', poolSize, statementTimeoutMs, poolOptions, secret };
}

/** Configuration of the MySQL/MariaDB source connector. */
import { ConfigurationError } from '../../core/errors.js';

/** How to reach a MySQL or MariaDB source. Either `connectionString` or the separate fields. */
export interface MysqlConnectorConfig {
  /** Source-system name used in lineage (`sourceSystem`) and reports. */
  readonly name: string;
  /** `mysql://user@host:3306/database`. */
  readonly connectionString?: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  /** The password itself (e.g. from a secret store). Never logged. */
  readonly password?: string;
  /** Name of an environment variable holding the password. */
  readonly passwordEnv?: string;
  /** The database (schema) the tables live in; required here or in the connection string. */
  readonly database?: string;
  /** Most pooled connections. Default 4. */
  readonly poolSize?: number;
  /** Passed to mysql2 as is. */
  readonly ssl?: string | Readonly<Record<string, unknown>>;
}

/** The validated config with defaults applied. */
export interface ResolvedMysqlConfig {
  readonly name: string;
  readonly database: string;
  /** Options for `mysql.createPool(…)` (without typeCast). */
  readonly poolOptions: Readonly<Record<string, unknown>>;
  readonly secret: string | undefined;
}

/** Validates `config` and reads the password from the environment when configured so. */
export function resolveMysqlConfig(config: MysqlConnectorConfig, env: NodeJS.ProcessEnv = process.env): ResolvedMysqlConfig {
  if (typeof config.name !== 'string' || config.name.trim() === '') throw new ConfigurationError('mysql connector: `name` is required');
  const details = { connector: config.name };
  const options: Record<string, unknown> = {};
  let urlPassword: string | undefined;
  if (config.connectionString !== undefined) {
    let url: URL;
    try {
      url = new URL(config.connectionString);
    } catch {
      throw new ConfigurationError('mysql connector: `connectionString` is not a valid URL', { details });
    }
    if (url.hostname) options.host = url.hostname;
    if (url.port) options.port = Number(url.port);
    if (url.username) options.user = decodeURIComponent(url.username);
    if (url.password) urlPassword = decodeURIComponent(url.password);
    const db = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (db) options.database = db;
  }
  for (const key of ['host', 'port', 'user', 'database'] as const) if (config[key] !== undefined) options[key] = config[key];
  let password = config.password ?? urlPassword;
  if (config.password === undefined && config.passwordEnv !== undefined) {
    password = env[config.passwordEnv];
    if (password === undefined)
      throw new ConfigurationError('mysql connector: the environment variable named by `passwordEnv` is not set', {
        details: { ...details, variable: config.passwordEnv },
      });
  }
  if (password !== undefined) options.password = password;
  if (typeof options.database !== 'string' || options.database === '') throw new ConfigurationError('mysql connector: `database` is required', { details });
  if (options.host === undefined) options.host = '127.0.0.1';
  const poolSize = config.poolSize ?? 4;
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new ConfigurationError('mysql connector: `poolSize` must be an integer from 1 and up', { details });
  if (config.ssl !== undefined) options.ssl = config.ssl;
  Object.assign(options, {
    connectionLimit: poolSize,
    charset: 'utf8mb4',
    // Exactness: dates stay text, BIGINT/DECIMAL stay exact strings.
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    timezone: 'Z',
  });
  return { name: config.name, database: options.database, poolOptions: options, secret: password };
}

/**
 * Configuration of the SQL Server connector: a connection URL (`mssql://user:pass@host:1433/db?…`),
 * an ADO.NET connection string (`Server=…;Database=…;User Id=…;Password=…`) or separate fields.
 */
import { ConfigurationError } from '../../core/errors.js';

/** Options of `createMssqlConnector`. */
export interface MssqlConnectorConfig {
  /** Source-system name (lineage `sourceSystem`). */
  readonly name: string;
  /** `mssql://` / `sqlserver://` URL or ADO.NET connection string; fields below override it. */
  readonly connectionString?: string;
  readonly server?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
  /** TLS (default true, as SQL Server 2022 expects). */
  readonly encrypt?: boolean;
  /** Accept a self-signed server certificate (development servers). Default false. */
  readonly trustServerCertificate?: boolean;
  /** Schema of bare table names (default `dbo`). */
  readonly schema?: string;
  /** Per-query timeout in ms (default 300 000: control totals over millions of bookings take time). */
  readonly requestTimeoutMs?: number;
  /** Connect timeout in ms (default 15 000). */
  readonly connectionTimeoutMs?: number;
  /** Most pooled connections (default 4). */
  readonly poolMax?: number;
}

/** The object handed to `new mssql.ConnectionPool(…)`, or an ADO.NET string to parse first. */
export interface ResolvedMssqlConfig {
  readonly schema: string;
  /** ADO.NET connection string, when one was given. */
  readonly adoConnectionString?: string;
  /** Driver config fields (merged over the parsed ADO.NET string). */
  readonly driver: Record<string, unknown> & { options: Record<string, unknown> };
}

function boolParam(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  return /^(1|true|yes)$/i.test(value);
}

/** Parses a `mssql://user:password@host:port/database?encrypt=false&trustServerCertificate=true` URL. */
export function parseMssqlUrl(url: string): Partial<MssqlConnectorConfig> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigurationError('SQL Server: the connection URL is not a valid URL.');
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const encrypt = boolParam(u.searchParams.get('encrypt'));
  const trust = boolParam(u.searchParams.get('trustServerCertificate'));
  return {
    server: decodeURIComponent(u.hostname),
    ...(u.port ? { port: Number(u.port) } : {}),
    ...(database ? { database } : {}),
    ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(encrypt === undefined ? {} : { encrypt }),
    ...(trust === undefined ? {} : { trustServerCertificate: trust }),
  };
}

/** Validates the configuration and builds the driver config. Never echoes the password. */
export function resolveMssqlConfig(config: MssqlConnectorConfig): ResolvedMssqlConfig {
  if (typeof config.name !== 'string' || config.name === '') throw new ConfigurationError('SQL Server connector: "name" is required.');
  const cs = config.connectionString;
  const isUrl = cs !== undefined && /^(mssql|sqlserver):\/\//i.test(cs);
  const merged: MssqlConnectorConfig = { ...(isUrl && cs ? parseMssqlUrl(cs) : {}), ...config };
  if (!cs && !merged.server) throw new ConfigurationError('SQL Server connector: "server" or "connectionString" is required.');
  const options: Record<string, unknown> = {};
  if (merged.encrypt !== undefined || !cs || isUrl) options.encrypt = merged.encrypt ?? true;
  if (merged.trustServerCertificate !== undefined) options.trustServerCertificate = merged.trustServerCertificate;
  const driver: Record<string, unknown> & { options: Record<string, unknown> } = { options };
  if (merged.server !== undefined) driver.server = merged.server;
  if (merged.port !== undefined) driver.port = merged.port;
  if (merged.database !== undefined) driver.database = merged.database;
  if (merged.user !== undefined) driver.user = merged.user;
  if (merged.password !== undefined) driver.password = merged.password;
  driver.requestTimeout = merged.requestTimeoutMs ?? 300_000;
  driver.connectionTimeout = merged.connectionTimeoutMs ?? 15_000;
  driver.pool = { max: merged.poolMax ?? 4, min: 0 };
  return { schema: merged.schema ?? 'dbo', ...(cs && !isUrl ? { adoConnectionString: cs } : {}), driver };
}

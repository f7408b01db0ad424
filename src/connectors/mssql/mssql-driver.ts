/**
 * Driver of the SQL Server connector: a pool of the optional peer dependency `mssql` (tedious),
 * imported dynamically so that casebridge works without it. Every error leaves through
 * translateMssqlError; an in-flight query is cancelled with `request.cancel()` when its signal aborts.
 */
import type { ConnectorDriver } from '../../core/connector/connector.js';
import type { SourceRow } from '../../core/connector/source-value.js';
import { CancelledError, ConfigurationError, ConnectionError, DriverMissingError } from '../../core/errors.js';
import type { ResolvedMssqlConfig } from './mssql-config.js';
import { translateMssqlError } from './mssql-errors.js';
import { connectionEndpoint, withEndpoint, type EndpointParts } from '../shared/connection-endpoint.js';
import type { MssqlStatement } from './mssql-sql.js';

/** The parts of an mssql Request this driver uses (structural: no compile-time dependency on mssql). */
interface MssqlRequestLike {
  input(name: string, value: unknown): MssqlRequestLike;
  input(name: string, type: unknown, value: unknown): MssqlRequestLike;
  query(sql: string): Promise<{ recordset?: Record<string, unknown>[]; rowsAffected: number[] }>;
  cancel(): void;
}

/** The parts of an mssql ConnectionPool this driver uses. */
interface MssqlPoolLike {
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  request(): MssqlRequestLike;
}

/** The parts of the mssql module this driver uses. */
interface MssqlModuleLike {
  ConnectionPool: { new (config: unknown): MssqlPoolLike; parseConnectionString(cs: string): Record<string, unknown> };
  NVarChar: (length?: number) => unknown;
  MAX: number;
}

/** Loads `mssql` or throws DriverMissingError. */
export async function loadMssql(): Promise<MssqlModuleLike> {
  try {
    const mod = (await import('mssql')) as unknown as { default?: MssqlModuleLike } & MssqlModuleLike;
    return mod.default ?? mod;
  } catch (cause) {
    throw new DriverMissingError('mssql', { cause });
  }
}

/** SQL Server driver: connections (a small pool) and cancellable queries. */
export class MssqlDriver implements ConnectorDriver {
  #mssql: MssqlModuleLike | undefined;
  #pool: MssqlPoolLike | undefined;

  constructor(readonly config: ResolvedMssqlConfig) {}

  /** Loads the driver package and opens the pool (one login, so bad credentials fail here). */
  async init(): Promise<void> {
    if (this.#pool) return;
    const mssql = await loadMssql();
    const base = this.config.adoConnectionString ? mssql.ConnectionPool.parseConnectionString(this.config.adoConnectionString) : {};
    const options = { ...((base.options as Record<string, unknown> | undefined) ?? {}), ...this.config.driver.options };
    const pool = new mssql.ConnectionPool({ ...base, ...this.config.driver, options });
    try {
      await pool.connect();
    } catch (error) {
      await pool.close().catch(() => undefined);
      throw withEndpoint(translateMssqlError(error, { operation: 'connect' }), connectionEndpoint({ ...base, ...this.config.driver } as EndpointParts, 1433));
    }
    this.#mssql = mssql;
    this.#pool = pool;
  }

  /** Closes the pool. */
  async destroy(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.close();
  }

  /** Schema of bare table names. */
  get schema(): string {
    return this.config.schema;
  }

  /**
   * Runs a generated statement. Strings bind as NVARCHAR(MAX) (key parameters are CAST in the SQL),
   * numbers as the driver infers them. Aborting `signal` cancels the running query.
   */
  async execute(statement: MssqlStatement, options: { signal?: AbortSignal | undefined; table?: string } = {}): Promise<Record<string, unknown>[]> {
    const pool = this.#pool;
    const mssql = this.#mssql;
    if (!pool || !mssql) throw new ConnectionError('SQL Server driver is not initialised: call init() first.');
    const signal = options.signal;
    if (signal?.aborted) throw new CancelledError(undefined, options.table ? { details: { table: options.table } } : {});
    const request = pool.request();
    for (const [name, value] of Object.entries(statement.params)) {
      if (typeof value === 'string' || value === null) request.input(name, mssql.NVarChar(mssql.MAX), value);
      else request.input(name, value);
    }
    const onAbort = (): void => request.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await request.query(statement.sql);
      if (signal?.aborted) throw new CancelledError();
      return result.recordset ?? [];
    } catch (error) {
      if (signal?.aborted) throw new CancelledError(undefined, options.table ? { details: { table: options.table } } : {});
      throw translateMssqlError(error, options.table ? { table: options.table } : {});
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** SPI query: positional parameters bind as `@p1 … @pn`. */
  async query(sql: string, params: readonly unknown[] = []): Promise<{ rows: SourceRow[]; rowCount: number }> {
    const named: Record<string, string | number | null> = {};
    params.forEach((value, i) => {
      if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
        throw new ConfigurationError('SQL Server query parameters must be strings, numbers or null.');
      }
      named[`p${i + 1}`] = value;
    });
    const rows = (await this.execute({ sql, params: named })) as SourceRow[];
    return { rows, rowCount: rows.length };
  }
}

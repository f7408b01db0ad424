/**
 * The MySQL/MariaDB driver part: a mysql2 promise pool created in `init()` (mysql2 is loaded there).
 * Every pooled connection runs in UTC with utf8mb4, so TIMESTAMP text is a UTC instant.
 */
import type { ConnectorDriver } from '../../core/connector/connector.js';
import type { SourceRow } from '../../core/connector/source-value.js';
import { CasebridgeError } from '../../core/errors.js';
import { connectionEndpoint, withEndpoint } from '../shared/connection-endpoint.js';
import { loadOptionalModule } from '../shared/load-optional-module.js';
import type { ResolvedMysqlConfig } from './mysql-config.js';
import { translateMysqlError } from './mysql-errors.js';
import { mysqlTypeCast } from './mysql-type-map.js';

/** Structural subset of a mysql2 promise connection from a pool. */
export interface MysqlPoolConnection {
  query(sql: string, params?: readonly unknown[]): Promise<[unknown, unknown]>;
  release(): void;
  destroy(): void;
  readonly threadId: number | null;
}

/** Structural subset of a mysql2 promise pool. */
export interface MysqlPool {
  getConnection(): Promise<MysqlPoolConnection>;
  query(sql: string, params?: readonly unknown[]): Promise<[unknown, unknown]>;
  end(): Promise<void>;
  on(event: 'connection', listener: (connection: { query(sql: string): unknown }) => void): unknown;
}

/** Structural subset of `mysql2/promise`. */
export interface MysqlModule {
  createPool(options: Record<string, unknown>): MysqlPool;
}

/** Rows of a SELECT, or the affected-row count of anything else. */
export function resultRows(result: [unknown, unknown]): { rows: SourceRow[]; rowCount: number } {
  const [data] = result;
  if (Array.isArray(data)) return { rows: data as SourceRow[], rowCount: data.length };
  const affected = (data as { affectedRows?: number } | null)?.affectedRows ?? 0;
  return { rows: [], rowCount: affected };
}

/** The MySQL ConnectorDriver. */
export class MysqlDriver implements ConnectorDriver {
  readonly #config: ResolvedMysqlConfig;
  #pool: MysqlPool | undefined;

  constructor(config: ResolvedMysqlConfig) {
    this.#config = config;
  }

  /** The resolved configuration. */
  get config(): ResolvedMysqlConfig {
    return this.#config;
  }

  /** Loads mysql2, creates the pool and proves the connection (so bad credentials fail here). */
  async init(): Promise<void> {
    if (this.#pool) return;
    const mod = await loadOptionalModule<MysqlModule & { default?: MysqlModule }>('mysql2/promise');
    const mysql = mod.default?.createPool ? mod.default : mod;
    const pool = mysql.createPool({ ...this.#config.poolOptions, typeCast: mysqlTypeCast });
    pool.on('connection', (connection) => {
      connection.query("SET time_zone = '+00:00'");
    });
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw withEndpoint(translateMysqlError(error, { operation: 'connect' }), connectionEndpoint(this.#config.poolOptions, 3306));
    }
    this.#pool = pool;
  }

  /** Ends the pool. Safe to call twice. */
  async destroy(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.end();
  }

  /** The pool; a CasebridgeError when `init()` was not called. */
  pool(): MysqlPool {
    if (!this.#pool) throw new CasebridgeError('CB_INTERNAL', 'The MySQL driver is not initialised: call init() first.');
    return this.#pool;
  }

  /** Asks the server to stop the statement running on `connection` (best effort). */
  cancel(connection: MysqlPoolConnection): void {
    if (connection.threadId === null || !this.#pool) return;
    this.#pool.query(`KILL QUERY ${Number(connection.threadId)}`).catch(() => undefined);
  }

  /** Runs one statement with `?` parameters. */
  async query(sql: string, params: readonly unknown[] = []): Promise<{ rows: SourceRow[]; rowCount: number }> {
    try {
      return resultRows(await this.pool().query(sql, params));
    } catch (error) {
      throw translateMysqlError(error, { operation: 'query' });
    }
  }

  /** Runs `fn` in one transaction on one connection. */
  async transaction<T>(fn: (tx: ConnectorDriver) => Promise<T>): Promise<T> {
    const connection = await this.pool()
      .getConnection()
      .catch((error: unknown) => {
        throw translateMysqlError(error, { operation: 'connect' });
      });
    const tx: ConnectorDriver = {
      init: async () => undefined,
      destroy: async () => undefined,
      query: async (sql, params = []) => {
        try {
          return resultRows(await connection.query(sql, params));
        } catch (error) {
          throw translateMysqlError(error, { operation: 'query' });
        }
      },
    };
    try {
      await connection.query('START TRANSACTION');
      const result = await fn(tx);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw translateMysqlError(error, { operation: 'transaction' });
    } finally {
      connection.release();
    }
  }
}

/** Narrows a ConnectorDriver handed to a part back to the MySQL driver. */
export function asMysqlDriver(driver: ConnectorDriver): MysqlDriver {
  if (!(driver instanceof MysqlDriver)) throw new CasebridgeError('CB_INTERNAL', 'The mysql connector parts need the driver created by the same connector.');
  return driver;
}

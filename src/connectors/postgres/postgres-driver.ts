/**
 * The PostgreSQL driver part: a pg Pool created in `init()` (pg is loaded there, so importing this
 * module never needs pg). pg is typed through small structural interfaces, Kysely style.
 */
import type { ConnectorDriver } from '../../core/connector/connector.js';
import type { SourceRow } from '../../core/connector/source-value.js';
import { CasebridgeError } from '../../core/errors.js';
import { connectionEndpoint, withEndpoint } from '../shared/connection-endpoint.js';
import { loadOptionalModule } from '../shared/load-optional-module.js';
import type { ResolvedPostgresConfig } from './postgres-config.js';
import { translatePostgresError } from './postgres-errors.js';
import { createPostgresTypes, type PgTypes } from './postgres-type-map.js';

/** Structural subset of a pg query result. */
export interface PgQueryResult {
  rows: SourceRow[];
  rowCount: number | null;
}

/** Structural subset of a pg pooled client. */
export interface PgPoolClient {
  query(text: string, values?: readonly unknown[]): Promise<PgQueryResult>;
  query<S>(stream: S): S;
  release(destroy?: Error | boolean): void;
  /** Backend process id, used to cancel an in-flight query. */
  readonly processID?: number | null;
}

/** Structural subset of pg.Pool. */
export interface PgPool {
  connect(): Promise<PgPoolClient>;
  query(text: string, values?: readonly unknown[]): Promise<PgQueryResult>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Structural subset of the pg module. */
export interface PgModule {
  Pool: new (options: Record<string, unknown>) => PgPool;
  types: PgTypes;
}

/** The PostgreSQL ConnectorDriver. Other parts reach the pool through `pool()` and `withClient()`. */
export class PostgresDriver implements ConnectorDriver {
  readonly #config: ResolvedPostgresConfig;
  #pool: PgPool | undefined;

  constructor(config: ResolvedPostgresConfig) {
    this.#config = config;
  }

  /** The resolved configuration (schema, name). */
  get config(): ResolvedPostgresConfig {
    return this.#config;
  }

  /** Loads pg, creates the pool and proves the connection (so bad credentials fail here). */
  async init(): Promise<void> {
    if (this.#pool) return;
    const mod = await loadOptionalModule<PgModule & { default?: PgModule }>('pg');
    const pg = mod.default ?? mod;
    const pool = new pg.Pool({ ...this.#config.poolOptions, types: createPostgresTypes(pg.types) });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw withEndpoint(translatePostgresError(error, { operation: 'connect' }), connectionEndpoint(this.#config.poolOptions, 5432));
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
  pool(): PgPool {
    if (!this.#pool) throw new CasebridgeError('CB_INTERNAL', 'The PostgreSQL driver is not initialised: call init() first.');
    return this.#pool;
  }

  /** Runs `fn` on one pooled client and always releases it (destroying it after a failure). */
  async withClient<T>(fn: (client: PgPoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool()
      .connect()
      .catch((error: unknown) => {
        throw translatePostgresError(error, { operation: 'connect' });
      });
    let failure: unknown;
    try {
      return await fn(client);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      client.release(failure instanceof Error && !(failure instanceof CasebridgeError) ? failure : undefined);
    }
  }

  /** Asks the server to cancel the statement running on `client` (best effort). */
  cancel(client: PgPoolClient): void {
    if (client.processID == null || !this.#pool) return;
    this.#pool.query('SELECT pg_cancel_backend($1)', [client.processID]).catch(() => undefined);
  }

  /** Runs one statement with `$n` parameters. */
  async query(sql: string, params: readonly unknown[] = []): Promise<{ rows: SourceRow[]; rowCount: number }> {
    try {
      const result = await this.pool().query(sql, params);
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    } catch (error) {
      throw translatePostgresError(error, { operation: 'query' });
    }
  }

  /** Runs `fn` in one transaction on one client. */
  async transaction<T>(fn: (tx: ConnectorDriver) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      const tx: ConnectorDriver = {
        init: async () => undefined,
        destroy: async () => undefined,
        query: async (sql, params = []) => {
          try {
            const r = await client.query(sql, params);
            return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
          } catch (error) {
            throw translatePostgresError(error, { operation: 'query' });
          }
        },
      };
      await client.query('BEGIN');
      try {
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw translatePostgresError(error, { operation: 'transaction' });
      }
    });
  }
}

/** Narrows a ConnectorDriver handed to a part back to the PostgreSQL driver. */
export function asPostgresDriver(driver: ConnectorDriver): PostgresDriver {
  if (!(driver instanceof PostgresDriver))
    throw new CasebridgeError('CB_INTERNAL', 'The postgres connector parts need the driver created by the same connector.');
  return driver;
}

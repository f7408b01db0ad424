/**
 * Keyset-paginated reads: one pooled client per read, `WHERE (k…) > ($…) ORDER BY k… LIMIT n` pages,
 * string keys in COLLATE "C". An abort cancels the running statement on the server (pg_cancel_backend)
 * and the client is then discarded rather than returned to the pool.
 */
import type { ConnectorDriver, ReadRequest, RowBatch, SourceReader } from '../../core/connector/connector.js';
import { throwIfAborted, whileAbortable } from '../shared/abort.js';
import { keysetBatches } from '../shared/keyset-batches.js';
import { buildKeysetSelect } from '../shared/keyset-sql.js';
import { planRead } from '../shared/read-plan.js';
import { asPostgresDriver, type PostgresDriver } from './postgres-driver.js';
import { translatePostgresError } from './postgres-errors.js';
import { describePostgresShape } from './postgres-introspector.js';
import { POSTGRES_SQL_DIALECT } from './postgres-sql-dialect.js';

/** The PostgreSQL SourceReader. */
export class PostgresReader implements SourceReader {
  readonly #driver: PostgresDriver;

  constructor(driver: ConnectorDriver) {
    this.#driver = asPostgresDriver(driver);
  }

  /** Streams `request.table` in key order, batch by batch. */
  read(request: ReadRequest): AsyncIterableIterator<RowBatch> {
    return this.#read(request);
  }

  async *#read(request: ReadRequest): AsyncGenerator<RowBatch> {
    const { signal, table } = request;
    throwIfAborted(signal, { table });
    const shape = await describePostgresShape(this.#driver, table);
    const plan = planRead(shape, request);
    throwIfAborted(signal, { table });
    const client = await this.#driver
      .pool()
      .connect()
      .catch((error: unknown) => {
        throw translatePostgresError(error, { operation: 'connect', table });
      });
    let discard = false;
    try {
      yield* keysetBatches({
        keyColumns: plan.keys.map((k) => k.name),
        batchSize: request.batchSize,
        outputColumns: plan.output,
        ...(request.after ? { after: request.after } : {}),
        ...(signal ? { signal } : {}),
        fetchPage: async (after, limit) => {
          const stmt = buildKeysetSelect(POSTGRES_SQL_DIALECT, {
            schema: this.#driver.config.schema,
            table,
            columns: plan.select,
            keyColumns: plan.keys,
            ...(after ? { after } : {}),
            ...(plan.since ? { since: plan.since } : {}),
            limit,
          });
          const onAbort = (): void => {
            discard = true;
            this.#driver.cancel(client);
          };
          const result = await whileAbortable(signal, onAbort, () => client.query(stmt.sql, stmt.params));
          return result.rows;
        },
      });
    } catch (error) {
      discard ||= !!signal?.aborted;
      throw translatePostgresError(error, { operation: 'read', table, ...(signal ? { signal } : {}) });
    } finally {
      // A late pg_cancel_backend could hit the next user of this client: discard it after an abort.
      client.release(discard || signal?.aborted ? true : undefined);
    }
  }
}

/**
 * Keyset-paginated reads on one pooled connection per read: `WHERE (k…) > (?…) ORDER BY k… LIMIT n`
 * pages with string keys in utf8mb4_bin. An abort sends `KILL QUERY` for the running page and the
 * connection is then destroyed rather than returned to the pool.
 */
import type { ConnectorDriver, ReadRequest, RowBatch, SourceReader } from '../../core/connector/connector.js';
import { throwIfAborted, whileAbortable } from '../shared/abort.js';
import { keysetBatches } from '../shared/keyset-batches.js';
import { buildKeysetSelect } from '../shared/keyset-sql.js';
import { planRead } from '../shared/read-plan.js';
import { asMysqlDriver, resultRows, type MysqlDriver } from './mysql-driver.js';
import { translateMysqlError } from './mysql-errors.js';
import { describeMysqlShape } from './mysql-introspector.js';
import { MYSQL_SQL_DIALECT } from './mysql-sql-dialect.js';

/** The MySQL SourceReader. */
export class MysqlReader implements SourceReader {
  readonly #driver: MysqlDriver;

  constructor(driver: ConnectorDriver) {
    this.#driver = asMysqlDriver(driver);
  }

  /** Streams `request.table` in key order, batch by batch. */
  read(request: ReadRequest): AsyncIterableIterator<RowBatch> {
    return this.#read(request);
  }

  async *#read(request: ReadRequest): AsyncGenerator<RowBatch> {
    const { signal, table } = request;
    throwIfAborted(signal, { table });
    const plan = planRead(await describeMysqlShape(this.#driver, table), request);
    throwIfAborted(signal, { table });
    const connection = await this.#driver
      .pool()
      .getConnection()
      .catch((error: unknown) => {
        throw translateMysqlError(error, { operation: 'connect', table });
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
          const stmt = buildKeysetSelect(MYSQL_SQL_DIALECT, {
            table,
            columns: plan.select,
            keyColumns: plan.keys,
            ...(after ? { after } : {}),
            ...(plan.since ? { since: plan.since } : {}),
            limit,
          });
          const onAbort = (): void => {
            discard = true;
            this.#driver.cancel(connection);
          };
          return resultRows(await whileAbortable(signal, onAbort, () => connection.query(stmt.sql, stmt.params))).rows;
        },
      });
    } catch (error) {
      discard ||= !!signal?.aborted;
      throw translateMysqlError(error, { operation: 'read', table, ...(signal ? { signal } : {}) });
    } finally {
      // A late KILL QUERY could hit the next user of this connection: destroy it after an abort.
      if (discard || signal?.aborted) connection.destroy();
      else connection.release();
    }
  }
}

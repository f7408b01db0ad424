/**
 * Keyset-paginated reads of a table, join or query (a derived table, see `shared/join-sql.ts`; a query's
 * pages run in `START TRANSACTION READ ONLY`) on one pooled connection per read: `WHERE (k…) > (?…) ORDER BY k… LIMIT n`
 * pages with string keys in utf8mb4_bin. An abort sends `KILL QUERY` for the running page and the
 * connection is then destroyed rather than returned to the pool.
 */
import type { ConnectorDriver, ReadRequest, RowBatch, SourceReader } from '../../core/connector/connector.js';
import { throwIfAborted, whileAbortable } from '../shared/abort.js';
import { keysetBatches } from '../shared/keyset-batches.js';
import { buildKeysetSelect } from '../shared/keyset-sql.js';
import type { TableShape } from '../shared/read-plan.js';
import { planSourceRead } from '../shared/source-plan.js';
import { asMysqlDriver, resultRows, type MysqlDriver, type MysqlPoolConnection } from './mysql-driver.js';
import { translateMysqlError } from './mysql-errors.js';
import { describeMysqlShape, quoteMysqlIdent } from './mysql-introspector.js';
import { normalizeMysqlType } from './mysql-type-map.js';
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
    const connection = await this.#driver
      .pool()
      .getConnection()
      .catch((error: unknown) => {
        throw translateMysqlError(error, { operation: 'connect', table });
      });
    let discard = false;
    try {
      const { plan, from, readOnly } = await planSourceRead(request, {
        spelling: { quoteIdentifier: quoteMysqlIdent, tableName: quoteMysqlIdent },
        describe: (t) => describeMysqlShape(this.#driver, t),
        probe: (f) => probeShape(connection, f),
      });
      throwIfAborted(signal, { table });
      yield* keysetBatches({
        keyColumns: plan.keys.map((k) => k.name),
        batchSize: request.batchSize,
        outputColumns: plan.output,
        ...(request.after ? { after: request.after } : {}),
        ...(signal ? { signal } : {}),
        fetchPage: async (after, limit) => {
          const stmt = buildKeysetSelect(MYSQL_SQL_DIALECT, {
            table,
            ...(from === undefined ? {} : { from }),
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
          const run = (): Promise<[unknown, unknown]> =>
            readOnly ? readOnlyQuery(connection, stmt.sql, stmt.params) : connection.query(stmt.sql, stmt.params);
          return resultRows(await whileAbortable(signal, onAbort, run)).rows;
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

/** Runs one SELECT in a read-only transaction (a query source can then write nothing, whatever it says). */
async function readOnlyQuery(connection: MysqlPoolConnection, sql: string, params: unknown[]): Promise<[unknown, unknown]> {
  await connection.query('START TRANSACTION READ ONLY');
  try {
    const result = await connection.query(sql, params);
    await connection.query('COMMIT');
    return result;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Protocol column types (mysql2 `Types`) as information_schema names them. */
const WIRE_TYPES: Readonly<Record<number, string>> = {
  0: 'decimal',
  1: 'tinyint',
  2: 'smallint',
  3: 'int',
  4: 'float',
  5: 'double',
  7: 'timestamp',
  8: 'bigint',
  9: 'mediumint',
  10: 'date',
  11: 'time',
  12: 'datetime',
  13: 'year',
  15: 'varchar',
  16: 'bit',
  245: 'json',
  246: 'decimal',
  252: 'text',
  253: 'varchar',
  254: 'char',
};
/** Character set number of binary data. */
const BINARY_CHARSET = 63;

/** Column names and types of a query's result, from an empty read of it (no catalog entry to introspect). */
async function probeShape(connection: MysqlPoolConnection, from: string): Promise<TableShape> {
  const [, fields] = await readOnlyQuery(connection, `SELECT * FROM ${from} WHERE 1 = 0`, []);
  const columns = ((fields ?? []) as readonly { name: string; columnType: number; columnLength: number; characterSet: number; flags: number }[]).map((f) => {
    let dataType = WIRE_TYPES[f.columnType] ?? 'unknown';
    if (f.characterSet === BINARY_CHARSET && ['varchar', 'char', 'text'].includes(dataType)) dataType = dataType === 'text' ? 'blob' : 'varbinary';
    const length = f.columnType === 1 || f.columnType === 16 ? `(${f.columnLength})` : '';
    // Flag bit 32 is UNSIGNED.
    const columnType = `${dataType}${length}${(f.flags & 32) !== 0 ? ' unsigned' : ''}`;
    return { name: f.name, dataType: columnType, type: normalizeMysqlType(dataType, columnType), nullable: true };
  });
  return { columns, primaryKey: [] };
}

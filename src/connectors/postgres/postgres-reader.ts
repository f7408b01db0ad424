/**
 * Keyset-paginated reads of a table, join or query (a derived table, see `shared/join-sql.ts`; a query's
 * pages run in `BEGIN READ ONLY` transactions): one pooled client per read, `WHERE (k…) > ($…) ORDER BY k… LIMIT n` pages,
 * string keys in COLLATE "C". An abort cancels the running statement on the server (pg_cancel_backend)
 * and the client is then discarded rather than returned to the pool.
 */
import type { ConnectorDriver, ReadRequest, RowBatch, SourceReader } from '../../core/connector/connector.js';
import { throwIfAborted, whileAbortable } from '../shared/abort.js';
import { keysetBatches } from '../shared/keyset-batches.js';
import { buildKeysetSelect } from '../shared/keyset-sql.js';
import type { TableShape } from '../shared/read-plan.js';
import { planSourceRead } from '../shared/source-plan.js';
import { asPostgresDriver, type PgPoolClient, type PgQueryResult, type PostgresDriver } from './postgres-driver.js';
import { translatePostgresError } from './postgres-errors.js';
import { describePostgresShape, quoteIdent } from './postgres-introspector.js';
import { normalizePostgresType } from './postgres-type-map.js';
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
    const client = await this.#driver
      .pool()
      .connect()
      .catch((error: unknown) => {
        throw translatePostgresError(error, { operation: 'connect', table });
      });
    let discard = false;
    try {
      const schema = this.#driver.config.schema;
      const { plan, from, readOnly } = await planSourceRead(request, {
        spelling: { quoteIdentifier: quoteIdent, tableName: (t) => `${quoteIdent(schema)}.${quoteIdent(t)}` },
        describe: (t) => describePostgresShape(this.#driver, t),
        probe: (f) => probeShape(client, f),
      });
      throwIfAborted(signal, { table });
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
            ...(from === undefined ? {} : { from }),
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
          const run = (): Promise<PgQueryResult> => (readOnly ? readOnlyQuery(client, stmt.sql, stmt.params) : client.query(stmt.sql, stmt.params));
          return (await whileAbortable(signal, onAbort, run)).rows;
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

/** Runs one SELECT in a read-only transaction (a query source can then write nothing, whatever it says). */
async function readOnlyQuery(client: PgPoolClient, sql: string, params: unknown[]): Promise<PgQueryResult> {
  await client.query('BEGIN TRANSACTION READ ONLY');
  try {
    const result = await client.query(sql, params);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Column names and types of a query's result, from an empty read of it (no catalog entry to introspect). */
async function probeShape(client: PgPoolClient, from: string): Promise<TableShape> {
  const result = (await readOnlyQuery(client, `SELECT * FROM ${from} WHERE 1 = 0`, [])) as { fields?: readonly { name: string; dataTypeID: number }[] };
  const fields = result.fields ?? [];
  const oids = [...new Set(fields.map((f) => f.dataTypeID))];
  const names = new Map(
    (await client.query('SELECT oid::int AS oid, typname FROM pg_type WHERE oid = ANY($1)', [oids])).rows.map((r) => [Number(r.oid), String(r.typname)]),
  );
  const columns = fields.map((f) => {
    const dataType = names.get(f.dataTypeID) ?? 'unknown';
    const type = normalizePostgresType(dataType);
    return { name: f.name, dataType, type, nullable: true, ...(type === 'string' ? { charset: 'UTF8' } : {}) };
  });
  return { columns, primaryKey: [] };
}

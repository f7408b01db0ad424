/**
 * Reader of the SQL Server connector: keyset pagination, one `SELECT TOP (@n) … ORDER BY key` per
 * batch (no open cursor between batches, so a slow consumer holds no connection and no locks), in the
 * shared loop that never splits one key's rows over two batches (`keysetBatches`). The
 * position is the key of the last row as JSON primitives; the next page binds them as text and CASTs
 * them back to the key columns' types.
 */
import type { ReadRequest, RowBatch, SourceReader } from '../../core/connector/connector.js';
import type { SourceRow, SourceValue } from '../../core/connector/source-value.js';
import { CancelledError, ConfigurationError, ERROR_CODES, ObjectNotFoundError, RunError } from '../../core/errors.js';
import type { MssqlDriver } from './mssql-driver.js';
import { describeColumns, describePrimaryKey } from './mssql-introspector.js';
import { keysetPage, parseTableName, type MssqlColumnSql } from './mssql-sql.js';
import { normalizeMssqlValue, toColumnSql } from './mssql-type-map.js';
import { keysetBatches } from '../shared/keyset-batches.js';

/** A key value as a JSON primitive for the read position (binary as hex, like the key parameter). */
export function positionValue(value: SourceValue): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}

/** The key parameter text of a position value (`true` → `1` for bit keys). */
export function keyParameterText(value: string | number | boolean | null, table: string): string {
  if (value === null) {
    throw new RunError(`Table "${table}": the read position holds a NULL key.`, { code: ERROR_CODES.CHECKPOINT_INVALID, details: { table } });
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** SourceReader over SQL Server tables. */
export class MssqlReader implements SourceReader {
  constructor(private readonly driver: MssqlDriver) {}

  /** Batches in key order; see the module comment. */
  async *read(request: ReadRequest): AsyncIterableIterator<RowBatch> {
    const signal = request.signal;
    const reference = request.table;
    if (signal?.aborted) throw new CancelledError(undefined, { details: { table: reference } });
    if (!Number.isSafeInteger(request.batchSize) || request.batchSize < 1) {
      throw new ConfigurationError('ReadRequest.batchSize must be an integer of at least 1.', { details: { table: reference } });
    }
    const name = parseTableName(reference, this.driver.schema);
    const metadata = await describeColumns(this.driver, reference, name, signal);
    const byName = new Map(metadata.map((c) => [c.name, toColumnSql(c.info)]));
    const column = (n: string): MssqlColumnSql => {
      const c = byName.get(n);
      if (!c)
        throw new ObjectNotFoundError(`Table "${reference}" has no column "${n}".`, {
          code: ERROR_CODES.COLUMN_NOT_FOUND,
          details: { table: reference, column: n },
        });
      return c;
    };
    const keyNames = request.keyColumns ?? (await describePrimaryKey(this.driver, reference, name));
    if (keyNames.length === 0) {
      throw new ConfigurationError(`Table "${reference}" has no primary key: pass keyColumns that identify a row.`, { details: { table: reference } });
    }
    const keys = keyNames.map(column);
    const wanted = (request.columns ?? metadata.map((c) => c.name)).map(column);
    const selected = [...wanted, ...keys.filter((k) => !wanted.some((w) => w.name === k.name))];

    // Checked here so that a position from another table fails before any query.
    const after = request.after ? request.after.key.map((v) => keyParameterText(v, reference)) : undefined;
    if (after && after.length !== keys.length) {
      throw new RunError(`Table "${reference}": the read position does not match the key columns.`, {
        code: ERROR_CODES.CHECKPOINT_INVALID,
        details: { table: reference },
      });
    }
    const since = request.since ? { column: column(request.since.column), after: request.since.after } : undefined;
    yield* keysetBatches({
      keyColumns: keys.map((k) => k.name),
      batchSize: request.batchSize,
      outputColumns: wanted.map((c) => c.name),
      ...(request.after ? { after: request.after } : {}),
      ...(signal ? { signal } : {}),
      keyValue: (value) => positionValue(value ?? null),
      fetchPage: async (afterKey, limit) => {
        const statement = keysetPage({
          table: name,
          columns: selected,
          keys,
          batchSize: limit,
          ...(afterKey ? { after: afterKey.map((v) => keyParameterText(v, reference)) } : {}),
          ...(since ? { since } : {}),
        });
        const raw = await this.driver.execute(statement, { signal, table: reference });
        return raw.map((r) => {
          const row: SourceRow = {};
          for (const c of selected) row[c.name] = normalizeMssqlValue(c.baseType, r[c.name]);
          return row;
        });
      },
    });
    if (signal?.aborted) throw new CancelledError(undefined, { details: { table: reference } });
  }
}

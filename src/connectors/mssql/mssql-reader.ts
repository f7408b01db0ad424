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
import { JOIN_UNMATCHED_COLUMN, splitQualified } from '../../core/connector/join-source.js';
import { hasInnerJoin, joinFromSql, joinOutputColumns, joinTables, queryFromSql } from '../shared/join-sql.js';
import { assertReadOnlyQuery } from '../shared/read-only-query.js';
import type { MssqlDriver } from './mssql-driver.js';
import { describeColumns, describePrimaryKey } from './mssql-introspector.js';
import {
  columnFromTypeName,
  describeQueryResultQuery,
  keysetPage,
  parseTableName,
  qualifiedName,
  quoteIdentifier,
  type MssqlColumnSql,
  type MssqlTableName,
} from './mssql-sql.js';
import { normalizeMssqlValue, toColumnSql } from './mssql-type-map.js';
import { keysetBatches } from '../shared/keyset-batches.js';

/** A key value as a JSON primitive for the read position (binary as hex, like the key parameter). */
export function positionValue(value: SourceValue): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}

/** The key parameter text of a position value (`true` → `1` for bit keys); NULL only where `nullable` (join keys). */
export function keyParameterText(value: string | number | boolean | null, table: string, nullable = false): string | null {
  // A join's key may hold NULL (a left join's missing side); a table key never does.
  if (value === null && nullable) return null;
  if (value === null) {
    throw new RunError(`Table "${table}": the read position holds a NULL key.`, { code: ERROR_CODES.CHECKPOINT_INVALID, details: { table } });
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** The marker column of an inner join (text, see `JOIN_UNMATCHED_COLUMN`). */
const UNMATCHED: MssqlColumnSql = { name: JOIN_UNMATCHED_COLUMN, sqlType: 'nvarchar(128)', baseType: 'nvarchar' };

/** SourceReader over SQL Server tables, joins and queries (derived tables; queries are checked read-only). */
export class MssqlReader implements SourceReader {
  constructor(private readonly driver: MssqlDriver) {}

  /** The readable columns by name and, for a join or query, the derived table for the selected columns. */
  async #columns(
    request: ReadRequest,
    name: MssqlTableName,
    signal: AbortSignal | undefined,
  ): Promise<{ columns: Map<string, MssqlColumnSql>; from?: (selected: readonly string[]) => string }> {
    const spelling = { quoteIdentifier, tableName: (t: string) => qualifiedName(parseTableName(t, this.driver.schema)) };
    if (request.join !== undefined) {
      const join = request.join;
      const tables = new Map<string, Map<string, MssqlColumnSql>>();
      for (const table of joinTables(join)) {
        const metadata = await describeColumns(this.driver, table, parseTableName(table, this.driver.schema), signal);
        tables.set(table, new Map(metadata.map((c) => [c.name, toColumnSql(c.info)])));
      }
      const aliases = new Map([[join.from.as, join.from.table], ...join.joins.map((j): [string, string] => [j.as, j.table])]);
      const columns = new Map<string, MssqlColumnSql>();
      for (const [out, ref] of Object.entries(join.columns)) {
        const q = splitQualified(ref);
        const table = q === undefined ? '' : (aliases.get(q.alias) ?? '');
        const c = q === undefined ? undefined : tables.get(table)?.get(q.column);
        if (c === undefined) {
          throw new ObjectNotFoundError(`Table "${table}" has no column "${q?.column ?? ref}".`, {
            code: ERROR_CODES.COLUMN_NOT_FOUND,
            details: { table, column: q?.column ?? ref },
          });
        }
        columns.set(out, { ...c, name: out });
      }
      if (hasInnerJoin(join)) columns.set(UNMATCHED.name, UNMATCHED);
      return { columns, from: (selected) => joinFromSql(spelling, join, selected) };
    }
    if (request.query !== undefined) {
      const query = assertReadOnlyQuery(request.table, request.query);
      const described = await this.driver.execute(describeQueryResultQuery(query), { signal, table: request.table });
      const columns = new Map(described.map((r) => [String(r.name), columnFromTypeName(String(r.name), String(r.type))]));
      return { columns, from: () => queryFromSql(spelling, query) };
    }
    const metadata = await describeColumns(this.driver, request.table, name, signal);
    return { columns: new Map(metadata.map((c) => [c.name, toColumnSql(c.info)])) };
  }

  /** Batches in key order; see the module comment. */
  async *read(request: ReadRequest): AsyncIterableIterator<RowBatch> {
    const signal = request.signal;
    const reference = request.table;
    if (signal?.aborted) throw new CancelledError(undefined, { details: { table: reference } });
    if (!Number.isSafeInteger(request.batchSize) || request.batchSize < 1) {
      throw new ConfigurationError('ReadRequest.batchSize must be an integer of at least 1.', { details: { table: reference } });
    }
    const name = parseTableName(reference, this.driver.schema);
    const source = await this.#columns(request, name, signal);
    const byName = source.columns;
    const column = (n: string): MssqlColumnSql => {
      const c = byName.get(n);
      if (!c)
        throw new ObjectNotFoundError(`Table "${reference}" has no column "${n}".`, {
          code: ERROR_CODES.COLUMN_NOT_FOUND,
          details: { table: reference, column: n },
        });
      return c;
    };
    const keyNames = request.keyColumns ?? (source.from === undefined ? await describePrimaryKey(this.driver, reference, name) : []);
    if (keyNames.length === 0) {
      throw new ConfigurationError(`Table "${reference}" has no primary key: pass keyColumns that identify a row.`, { details: { table: reference } });
    }
    const keys = keyNames.map(column);
    const asked = request.join === undefined ? request.columns : joinOutputColumns(request.join, request.columns);
    const wanted = (asked ?? [...byName.keys()]).map(column);
    const selected = [...wanted, ...keys.filter((k) => !wanted.some((w) => w.name === k.name))];

    // Checked here so that a position from another table fails before any query.
    const after = request.after ? request.after.key.map((v) => keyParameterText(v, reference, request.join !== undefined)) : undefined;
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
        const from = source.from?.(selected.map((c) => c.name));
        const statement = keysetPage({
          table: name,
          ...(from === undefined ? {} : { from }),
          columns: selected,
          keys,
          batchSize: limit,
          ...(afterKey ? { after: afterKey.map((v) => keyParameterText(v, reference, request.join !== undefined)) } : {}),
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

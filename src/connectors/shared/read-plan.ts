/** Resolves the columns and key columns of a read against a table's introspected shape. */
import type { ColumnMetadata, ReadRequest } from '../../core/connector/connector.js';
import { ConfigurationError, ERROR_CODES, ObjectNotFoundError } from '../../core/errors.js';
import type { KeyColumnInfo } from './sql-dialect.js';

/** What the reader needs to know about a table. */
export interface TableShape {
  readonly columns: readonly ColumnMetadata[];
  readonly primaryKey: readonly string[];
  /** Explicit collation per column, where known. */
  readonly collations?: ReadonlyMap<string, string>;
}

/** The columns to select, the columns to hand out, and the key columns with their type facts. */
export interface ReadPlan {
  readonly select: readonly string[];
  readonly output: readonly string[];
  readonly keys: readonly KeyColumnInfo[];
  /** The delta bound (`ReadRequest.since`) with its column's type facts. */
  readonly since?: { readonly column: KeyColumnInfo; readonly after: string };
}

/**
 * Checks that every requested column and key column exists (CB_COLUMN_NOT_FOUND otherwise) and that
 * there is a key (the primary key unless `keyColumns` is given).
 */
export function planRead(shape: TableShape, request: ReadRequest): ReadPlan {
  const known = new Map(shape.columns.map((c) => [c.name, c]));
  const output = request.columns ? [...request.columns] : shape.columns.map((c) => c.name);
  const keyNames = request.keyColumns ?? shape.primaryKey;
  if (keyNames.length === 0) {
    throw new ConfigurationError(`Table "${request.table}" has no primary key: give \`keyColumns\` for a stable order.`, { details: { table: request.table } });
  }
  for (const name of [...output, ...keyNames, ...(request.since === undefined ? [] : [request.since.column])]) {
    if (!known.has(name)) {
      throw new ObjectNotFoundError(`Column not found in table "${request.table}".`, {
        code: ERROR_CODES.COLUMN_NOT_FOUND,
        details: { table: request.table, column: name },
      });
    }
  }
  const info = (name: string): KeyColumnInfo => {
    const column = known.get(name);
    const collation = shape.collations?.get(name);
    return {
      name,
      isString: column?.type === 'string',
      ...(column ? { type: column.type } : {}),
      ...(collation ? { collation } : {}),
      ...(column?.charset ? { charset: column.charset } : {}),
    };
  };
  const keys = keyNames.map(info);
  const since = request.since === undefined ? {} : { since: { column: info(request.since.column), after: request.since.after } };
  return { select: [...new Set([...output, ...keyNames])], output, keys, ...since };
}

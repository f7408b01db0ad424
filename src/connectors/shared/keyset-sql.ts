/**
 * Builds keyset-pagination SELECTs: `WHERE (k1, k2) > (p1, p2) ORDER BY k1, k2 LIMIT n`, with string
 * keys in a deterministic binary collation on both sides, so a page boundary never loses or repeats
 * a row whatever the database's default collation.
 */
import { qualifiedName, type KeyColumnInfo, type SqlDialect } from './sql-dialect.js';

/** Input of {@link buildKeysetSelect}. */
export interface KeysetSelectInput {
  readonly schema?: string;
  readonly table: string;
  /** A derived table (`(SELECT …) AS src`) read instead of `table`, for join and query sources. */
  readonly from?: string;
  /** Columns to select (must include the key columns). */
  readonly columns: readonly string[];
  readonly keyColumns: readonly KeyColumnInfo[];
  /** Key values of the last row already delivered; the first page when omitted. */
  readonly after?: readonly unknown[];
  readonly limit: number;
  /** Delta bound: only rows whose column is greater than `after`, or NULL (see `ReadRequest.since`). */
  readonly since?: { readonly column: KeyColumnInfo; readonly after: string };
}

/** A statement with positional parameters. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: unknown[];
}

/** The SELECT for one page. */
export function buildKeysetSelect(dialect: SqlDialect, input: KeysetSelectInput): SqlStatement {
  if (input.keyColumns.length === 0) throw new TypeError('keyset pagination needs at least one key column');
  if (!Number.isInteger(input.limit) || input.limit < 1) throw new TypeError(`Expected \`limit\` to be an integer from 1 and up, got ${input.limit}`);
  const keyExpr = input.keyColumns.map((k) => {
    const q = dialect.quoteIdentifier(k.name);
    return k.isString ? dialect.deterministicString(q, k) : q;
  });
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (input.since !== undefined) {
    // NULL stamps are read every time: no bound can tell whether such a row changed.
    const { column, after } = input.since;
    params.push(dialect.stampParameter ? dialect.stampParameter(after, column) : after);
    const placeholder = dialect.placeholder(params.length);
    const q = dialect.quoteIdentifier(column.name);
    conditions.push(`(${q} > ${dialect.castParameter ? dialect.castParameter(placeholder, column) : placeholder} OR ${q} IS NULL)`);
  }
  if (input.after !== undefined) {
    if (input.after.length !== input.keyColumns.length)
      throw new TypeError(`the resume key has ${input.after.length} values for ${input.keyColumns.length} key columns`);
    const after = input.after;
    // Each use binds its own parameter: `?` placeholders are positional.
    const bind = (i: number): string => {
      params.push(after[i]);
      const placeholder = dialect.placeholder(params.length);
      const column = input.keyColumns[i];
      return dialect.castParameter && column ? dialect.castParameter(placeholder, column) : placeholder;
    };
    if (keyExpr.length === 1) conditions.push(`${keyExpr[0]} > ${bind(0)}`);
    // A join's key may hold NULLs (a left join's missing side), and MariaDB's row comparison yields NULL
    // for `(4, NULL) > (3, 6)`: derived tables get the expanded, standard form instead.
    else if (input.from !== undefined) {
      const disjuncts = keyExpr.map((key, i) => `(${[...keyExpr.slice(0, i).map((k, j) => `${k} = ${bind(j)}`), `${key} > ${bind(i)}`].join(' AND ')})`);
      conditions.push(`(${disjuncts.join(' OR ')})`);
    } else conditions.push(`(${keyExpr.join(', ')}) > (${keyExpr.map((_, i) => bind(i)).join(', ')})`);
  }
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  const select = input.columns.map((c) => dialect.quoteIdentifier(c)).join(', ');
  const sql = `SELECT ${select} FROM ${input.from ?? qualifiedName(dialect, input.schema, input.table)}${where} ORDER BY ${keyExpr.join(', ')} LIMIT ${input.limit}`;
  return { sql, params };
}

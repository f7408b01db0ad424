/**
 * Join and query sources in SQL: both become a derived table (`(SELECT …) AS src`) that the keyset
 * builder pages like a table, so pagination, resume, delta bounds and cancellation are the table
 * read's. An inner join is compiled as a LEFT JOIN with a marker column naming the first inner join a
 * driving row did not match (`JOIN_UNMATCHED_COLUMN`), so the engine counts such rows as a filter.
 */
import type { ColumnMetadata } from '../../core/connector/connector.js';
import { JOIN_UNMATCHED_COLUMN, splitQualified, type JoinSource } from '../../core/connector/join-source.js';
import { ERROR_CODES, ObjectNotFoundError } from '../../core/errors.js';
import type { TableShape } from './read-plan.js';

/** Alias of the derived table a join or query is wrapped in. */
export const DERIVED_TABLE_ALIAS = 'src';

/** Quotes identifiers and names tables (schema-qualified where the connector has a schema). */
export interface FromSqlSpelling {
  quoteIdentifier(name: string): string;
  tableName(table: string): string;
}

/** True when the join has an inner join (its rows then carry `JOIN_UNMATCHED_COLUMN`). */
export function hasInnerJoin(join: JoinSource): boolean {
  return join.joins.some((j) => j.type === 'inner');
}

function column(spelling: FromSqlSpelling, ref: string): string {
  const q = splitQualified(ref);
  if (q === undefined) throw new TypeError(`not alias.column: ${ref}`);
  return `${spelling.quoteIdentifier(q.alias)}.${spelling.quoteIdentifier(q.column)}`;
}

/**
 * `(SELECT a.c AS out, …[, CASE … END AS __join_unmatched] FROM t AS a LEFT JOIN u AS b ON … ) AS src`
 * for the output columns `columns` (names of `join.columns`). Names must have passed `validateReadSource`.
 */
export function joinFromSql(spelling: FromSqlSpelling, join: JoinSource, columns: readonly string[]): string {
  const q = (name: string): string => spelling.quoteIdentifier(name);
  const select = columns.filter((c) => c !== JOIN_UNMATCHED_COLUMN).map((out) => `${column(spelling, join.columns[out] ?? '')} AS ${q(out)}`);
  const inner = join.joins.filter((j) => j.type === 'inner');
  if (inner.length > 0) {
    // A matched row has a non-NULL right join column (NULL never equals), so NULL there means "no match".
    const whens = inner.map((j) => `WHEN ${column(spelling, j.on[0]![1])} IS NULL THEN '${j.as}'`);
    select.push(`CASE ${whens.join(' ')} END AS ${q(JOIN_UNMATCHED_COLUMN)}`);
  }
  const joins = join.joins.map((j) => {
    const on = j.on.map(([left, right]) => `${column(spelling, left)} = ${column(spelling, right)}`).join(' AND ');
    return ` LEFT JOIN ${spelling.tableName(j.table)} AS ${q(j.as)} ON ${on}`;
  });
  return `(SELECT ${select.join(', ')} FROM ${spelling.tableName(join.from.table)} AS ${q(join.from.as)}${joins.join('')}) AS ${q(DERIVED_TABLE_ALIAS)}`;
}

/** `(query) AS src`: the query as a derived table (it must have passed `assertReadOnlyQuery`). */
export function queryFromSql(spelling: FromSqlSpelling, query: string): string {
  return `(${query}) AS ${spelling.quoteIdentifier(DERIVED_TABLE_ALIAS)}`;
}

/**
 * The shape of a join's output: each output column has the type facts of the column it reads (so keys
 * and values are handled exactly as in a table read), nullable when its table is left-joined. An unknown
 * table column throws ObjectNotFoundError (CB_COLUMN_NOT_FOUND).
 */
export function joinShape(join: JoinSource, shapes: ReadonlyMap<string, TableShape>): TableShape {
  const tableOf = new Map<string, string>([[join.from.as, join.from.table], ...join.joins.map((j): [string, string] => [j.as, j.table])]);
  const columns: ColumnMetadata[] = [];
  const collations = new Map<string, string>();
  const lookup = (ref: string): { meta: ColumnMetadata; collation?: string; table: string } => {
    const q = splitQualified(ref);
    const table = q === undefined ? '' : (tableOf.get(q.alias) ?? '');
    const shape = shapes.get(table);
    const meta = shape?.columns.find((c) => c.name === q?.column);
    if (q === undefined || meta === undefined) {
      throw new ObjectNotFoundError(`Column not found in table "${table}".`, {
        code: ERROR_CODES.COLUMN_NOT_FOUND,
        details: { table, column: q?.column ?? ref },
      });
    }
    const collation = shape?.collations?.get(q.column);
    return { meta, table, ...(collation === undefined ? {} : { collation }) };
  };
  for (const clause of join.joins) for (const pair of clause.on) for (const ref of pair) lookup(ref);
  for (const [out, ref] of Object.entries(join.columns)) {
    const { meta, collation } = lookup(ref);
    columns.push({ ...meta, name: out, nullable: meta.nullable || splitQualified(ref)?.alias !== join.from.as });
    if (collation !== undefined) collations.set(out, collation);
  }
  if (hasInnerJoin(join)) columns.push({ name: JOIN_UNMATCHED_COLUMN, dataType: 'text', type: 'string', nullable: true, synthetic: true });
  return { columns, primaryKey: [], collations };
}

/** The output columns of a join read: the asked ones plus the inner-join marker when there is one. */
export function joinOutputColumns(join: JoinSource, asked: readonly string[] | undefined): readonly string[] | undefined {
  if (asked === undefined || !hasInnerJoin(join) || asked.includes(JOIN_UNMATCHED_COLUMN)) return asked;
  return [...asked, JOIN_UNMATCHED_COLUMN];
}

/** The distinct tables a join reads. */
export function joinTables(join: JoinSource): readonly string[] {
  return [...new Set([join.from.table, ...join.joins.map((j) => j.table)])];
}

/**
 * Mapping sources that are not one table: a declared join of tables, or a read-only SQL query. Part of
 * the connector SPI (`ReadRequest.join`, `ReadRequest.query`); connectors compile them (one SQL
 * statement per dialect, a streamed join for files). Declarations are checked up front by
 * {@link validateReadSource}: every name is an identifier, so quoting per dialect is enough.
 */
import { ConfigurationError } from '../errors.js';

/** One joined table: `type` join of `table` (alias `as`) on column pairs `[left, right]` (`alias.column`). */
export interface JoinClause {
  readonly table: string;
  readonly as: string;
  /** Column pairs: the left one of an earlier alias, the right one of this join's alias (`alias.column`). */
  readonly on: readonly (readonly [string, string])[];
  /** `left` keeps driving rows without a match (NULLs); `inner` filters them as a named filter. */
  readonly type: 'inner' | 'left';
}

/** A join source: the driving table, the joined tables and the output columns (`outName: 'alias.col'`). */
export interface JoinSource {
  readonly from: { readonly table: string; readonly as: string };
  readonly joins: readonly JoinClause[];
  readonly columns: Readonly<Record<string, string>>;
}

/**
 * Output column that names the alias of the first `inner` join a driving row found no match in (NULL when
 * it matched every one). Connectors return such rows instead of dropping them, so that the engine counts
 * them as a filter (see {@link innerJoinFilterName}) and every driving row lands in one bucket.
 */
export const JOIN_UNMATCHED_COLUMN = '__join_unmatched';

/** The filter name under which driving rows without a match in inner join `alias` are counted. */
export function innerJoinFilterName(alias: string): string {
  return `join-unmatched-${alias.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}`;
}

/** A plain identifier (letters, digits, `_`, `$`; no leading digit): safe to quote in any dialect. */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_$]*$/u;

/** True when `name` is a plain identifier. */
export function isIdentifier(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 128 && IDENTIFIER.test(name);
}

/** Splits `alias.column`; undefined when it is not two identifiers. */
export function splitQualified(name: unknown): { readonly alias: string; readonly column: string } | undefined {
  if (typeof name !== 'string') return undefined;
  const parts = name.split('.');
  if (parts.length !== 2 || !isIdentifier(parts[0]) || !isIdentifier(parts[1])) return undefined;
  return { alias: parts[0], column: parts[1] };
}

/** What {@link validateReadSource} checks: the source parts of a mapping. */
export interface ReadSourceDeclaration {
  readonly join?: JoinSource;
  readonly query?: string;
  readonly keyColumns?: readonly string[];
  /** The mapping's control totals: refused for a join or query (they are computed on one table). */
  readonly controlTotals?: readonly unknown[];
}

/**
 * Checks a join or query declaration of mapping `mapping`; throws ConfigurationError
 * (`CB_CONFIGURATION_INVALID`) naming the mapping and the field. A table source passes unchecked.
 */
export function validateReadSource(mapping: string, source: ReadSourceDeclaration): void {
  const fail = (field: string, message: string): never => {
    throw new ConfigurationError(`Mapping "${mapping}", ${field}: ${message}.`, { details: { mapping, field } });
  };
  if (source.join !== undefined && source.query !== undefined) fail('source', 'a source is a table, a join or a query, not several');
  if (source.join === undefined && source.query === undefined) return;
  if ((source.controlTotals ?? []).length > 0) {
    fail('controlTotals', 'control totals are computed on one source table; a join or query source cannot declare them (declare them on a table mapping)');
  }
  const key = source.keyColumns ?? [];
  if (key.length === 0) fail('source.key', 'a join or query source must declare its key columns');
  if (source.query !== undefined) {
    if (typeof source.query !== 'string' || source.query.trim() === '') fail('source.query', 'the query is empty');
    key.forEach((k, i) => {
      if (!isIdentifier(k)) fail(`source.key[${i}]`, 'not a plain identifier');
    });
    return;
  }
  const join = source.join!;
  const aliases = new Map<string, string>();
  const addAlias = (field: string, table: unknown, as: unknown): void => {
    if (!isIdentifier(table)) fail(`${field}.table`, 'not a plain identifier');
    if (!isIdentifier(as)) fail(`${field}.as`, 'not a plain identifier');
    if (aliases.has(as as string)) fail(`${field}.as`, 'the alias is used twice');
    aliases.set(as as string, table as string);
  };
  addAlias('source.join.from', join.from?.table, join.from?.as);
  if (!Array.isArray(join.joins) || join.joins.length === 0) fail('source.join.joins', 'a join source joins at least one table');
  join.joins.forEach((clause, i) => {
    const field = `source.join.joins[${i}]`;
    if (clause.type !== 'inner' && clause.type !== 'left') fail(`${field}.type`, "the join type is 'inner' or 'left'");
    if (!Array.isArray(clause.on) || clause.on.length === 0) fail(`${field}.on`, 'a join needs at least one column pair');
    const earlier = new Set(aliases.keys());
    addAlias(field, clause.table, clause.as);
    clause.on.forEach((pair, j) => {
      const left = Array.isArray(pair) ? splitQualified(pair[0]) : undefined;
      const right = Array.isArray(pair) ? splitQualified(pair[1]) : undefined;
      if (left === undefined || !earlier.has(left.alias)) fail(`${field}.on[${j}][0]`, "not 'alias.column' of an earlier table");
      if (right === undefined || right.alias !== clause.as) fail(`${field}.on[${j}][1]`, "not 'alias.column' of the joined table");
    });
  });
  const outputs = Object.entries(join.columns ?? {});
  if (outputs.length === 0) fail('source.join.columns', 'a join source names its output columns');
  for (const [out, ref] of outputs) {
    if (!isIdentifier(out) || out === JOIN_UNMATCHED_COLUMN) fail(`source.join.columns.${out}`, 'the output name is not a plain identifier');
    const q = splitQualified(ref);
    if (q === undefined || !aliases.has(q.alias)) fail(`source.join.columns.${out}`, "not 'alias.column' of a joined table");
  }
  key.forEach((k, i) => {
    if (!Object.hasOwn(join.columns, k)) fail(`source.key[${i}]`, 'a key column must be one of the output columns');
  });
}

/** Dialect-neutral pieces the fixture loaders share. */
import { isInvalidSourceValue, type SourceValue } from '../../core/connector/source-value.js';
import type { FixtureColumn, FixtureTable } from '../fixtures/fixture-types.js';

/** One statement of a fixture loader, with positional parameters in the dialect's placeholder syntax. */
export interface FixtureStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** A standard SQL string literal (`'` doubled). Only for trusted, non-personal text such as fixture names. */
export function sqlStringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The parameter value a driver should bind for a golden value: binaries as Buffer, JSON as its text,
 * an InvalidSourceValue as its raw stored text (the loader must allow it, e.g. MySQL zero dates).
 */
export function bindValue(column: FixtureColumn, value: SourceValue | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (isInvalidSourceValue(value)) return value.raw;
  if (column.type === 'json') return JSON.stringify(value);
  if (value instanceof Uint8Array) return Buffer.from(value);
  return value;
}

/** Splits the rows of `table` into chunks so no statement exceeds `maxParams` parameters. */
export function rowChunks(table: FixtureTable, maxParams: number): FixtureTable['rows'][] {
  const perStatement = Math.max(1, Math.floor(maxParams / Math.max(1, table.columns.length)));
  const chunks: FixtureTable['rows'][] = [];
  for (let i = 0; i < table.rows.length; i += perStatement) chunks.push(table.rows.slice(i, i + perStatement));
  return chunks;
}

/**
 * How the canonical store hands values back to JavaScript: calendar dates as `YYYY-MM-DD` strings,
 * `bigint` (money in Rappen) and `numeric` as exact decimal strings. Never a JS Date for a calendar date
 * (it would shift with the time zone) and never a float for money. Configured per pool/instance, not
 * globally, so an application's own `pg` settings stay untouched.
 */
import type { ParserOptions } from '@electric-sql/pglite';

/** PostgreSQL type OIDs the store parses itself. */
export const PG_TYPE_OIDS = Object.freeze({ INT8: 20, DATE: 1082, NUMERIC: 1700 });

const asText = (value: string): string => value;

/** PGlite `parsers` option: date, int8 and numeric stay text. */
export const CANONICAL_PGLITE_PARSERS: ParserOptions = Object.freeze({
  [PG_TYPE_OIDS.INT8]: asText,
  [PG_TYPE_OIDS.DATE]: asText,
  [PG_TYPE_OIDS.NUMERIC]: asText,
});

/** The `getTypeParser` of `pg`'s `types` module (declared structurally: this file does not load pg). */
export type PgGetTypeParser = (oid: number, format?: 'text' | 'binary') => (value: string) => unknown;

/**
 * The `types` option for a `pg` Pool or Client of the store: date, int8 and numeric as text, everything
 * else as `pg` parses it by default (`base` is `pg.types.getTypeParser`).
 */
export function canonicalPgTypes(base: PgGetTypeParser): { getTypeParser: PgGetTypeParser } {
  const own = new Set<number>(Object.values(PG_TYPE_OIDS));
  return {
    getTypeParser(oid, format) {
      if (own.has(oid) && format !== 'binary') return asText;
      return base(oid, format);
    },
  };
}

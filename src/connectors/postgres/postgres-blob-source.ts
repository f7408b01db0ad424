/**
 * Document contents from a PostgreSQL `bytea` column, in chunks: `substring(col from $n for $m)` per
 * chunk after `octet_length(col)`. See `SqlBlobDocumentSource`.
 */
import { SqlBlobDocumentSource, checkBlobConfig, keyPredicate } from '../shared/blob-document-source.js';
import type { BlobDocumentSourceConfig, BlobStatements } from '../shared/blob-document-source.js';
import type { PostgresDriver } from './postgres-driver.js';
import { quoteIdent } from './postgres-introspector.js';

/** The length and chunk statements for a table in `schema` (bare table names) or a `schema.table` name. */
export function postgresBlobStatements(schema: string, config: BlobDocumentSourceConfig): BlobStatements {
  checkBlobConfig(config);
  const [s, t] = config.table.includes('.') ? (config.table.split('.', 2) as [string, string]) : [schema, config.table];
  const from = `${quoteIdent(s)}.${quoteIdent(t)}`;
  const col = quoteIdent(config.contentColumn);
  const keys = config.keyColumns.map(quoteIdent);
  const n = keys.length;
  return {
    length: `SELECT octet_length(${col})::bigint::text AS n FROM ${from} WHERE ${keyPredicate(keys, (i) => `$${i}`)}`,
    chunk: `SELECT substring(${col} from $${n + 1} for $${n + 2}) AS chunk FROM ${from} WHERE ${keyPredicate(keys, (i) => `$${i}`)}`,
    lengthParams: (key) => key.map(String),
    chunkParams: (key, offset, length) => [...key.map(String), offset, length],
  };
}

/** A document source over a `bytea` column, through the connector's initialised driver. */
export function createPostgresBlobSource(driver: PostgresDriver, config: BlobDocumentSourceConfig): SqlBlobDocumentSource {
  return new SqlBlobDocumentSource('postgres-blob', (sql, params) => driver.query(sql, params), postgresBlobStatements(driver.config.schema, config), config);
}

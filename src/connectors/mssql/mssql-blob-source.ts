/**
 * Document contents from a SQL Server `varbinary(max)` (or legacy `image`) column, in chunks:
 * `SUBSTRING(col, @pN, @pM)` per chunk after `DATALENGTH(col)`. Parameters are `@p1 … @pn` (key values,
 * then offset and length), as `MssqlDriver.query` binds them. See `SqlBlobDocumentSource`.
 */
import { SqlBlobDocumentSource, checkBlobConfig, keyPredicate } from '../shared/blob-document-source.js';
import type { BlobDocumentSourceConfig, BlobStatements } from '../shared/blob-document-source.js';
import type { MssqlDriver } from './mssql-driver.js';
import { parseTableName, qualifiedName, quoteIdentifier } from './mssql-sql.js';

/** The length and chunk statements for a table (a bare name lives in `defaultSchema`). */
export function mssqlBlobStatements(defaultSchema: string, config: BlobDocumentSourceConfig): BlobStatements {
  checkBlobConfig(config);
  const from = qualifiedName(parseTableName(config.table, defaultSchema));
  const col = quoteIdentifier(config.contentColumn);
  const keys = config.keyColumns.map(quoteIdentifier);
  const n = keys.length;
  const where = keyPredicate(keys, (i) => `@p${i}`);
  return {
    // DATALENGTH is bigint for (max) types; as text it survives any driver's number handling.
    length: `SELECT CAST(DATALENGTH(${col}) AS varchar(20)) AS n FROM ${from} WHERE ${where}`,
    // `image` has no SUBSTRING beyond 8000 bytes without a cast; varbinary(max) takes it as is.
    chunk: `SELECT SUBSTRING(CAST(${col} AS varbinary(max)), @p${n + 1}, @p${n + 2}) AS chunk FROM ${from} WHERE ${where}`,
    lengthParams: (key) => key.map(String),
    chunkParams: (key, offset, length) => [...key.map(String), offset, length],
  };
}

/** A document source over a varbinary(max) column, through the connector's initialised driver. */
export function createMssqlBlobSource(driver: MssqlDriver, config: BlobDocumentSourceConfig): SqlBlobDocumentSource {
  return new SqlBlobDocumentSource('mssql-blob', (sql, params) => driver.query(sql, params), mssqlBlobStatements(driver.schema, config), config);
}

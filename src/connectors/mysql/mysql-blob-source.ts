/**
 * Document contents from a MySQL/MariaDB BLOB column, in chunks: `SUBSTRING(col, ?, ?)` per chunk after
 * `OCTET_LENGTH(col)`. 1 MiB chunks stay far below `max_allowed_packet`. See `SqlBlobDocumentSource`.
 */
import { SqlBlobDocumentSource, checkBlobConfig, keyPredicate } from '../shared/blob-document-source.js';
import type { BlobDocumentSourceConfig, BlobStatements } from '../shared/blob-document-source.js';
import type { MysqlDriver } from './mysql-driver.js';
import { quoteMysqlIdent } from './mysql-introspector.js';

/** The length and chunk statements (`?` parameters: key values, then offset and length for a chunk). */
export function mysqlBlobStatements(config: BlobDocumentSourceConfig): BlobStatements {
  checkBlobConfig(config);
  const from = config.table.split('.').map(quoteMysqlIdent).join('.');
  const col = quoteMysqlIdent(config.contentColumn);
  const where = keyPredicate(config.keyColumns.map(quoteMysqlIdent), () => '?');
  return {
    length: `SELECT CAST(OCTET_LENGTH(${col}) AS CHAR) AS n FROM ${from} WHERE ${where}`,
    chunk: `SELECT SUBSTRING(${col}, ?, ?) AS chunk FROM ${from} WHERE ${where}`,
    lengthParams: (key) => key.map(String),
    chunkParams: (key, offset, length) => [offset, length, ...key.map(String)],
  };
}

/** A document source over a BLOB column, through the connector's initialised driver. */
export function createMysqlBlobSource(driver: MysqlDriver, config: BlobDocumentSourceConfig): SqlBlobDocumentSource {
  return new SqlBlobDocumentSource('mysql-blob', (sql, params) => driver.query(sql, params), mysqlBlobStatements(config), config);
}

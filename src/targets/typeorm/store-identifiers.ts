/**
 * Names of the constraints and indexes of the canonical store. They are spelled out (not left to
 * TypeORM's naming strategy) so that the migration, the EntitySchemas and the live database agree
 * byte for byte and a reader of the catalog sees which table and column an index serves.
 */
import { createHash } from 'node:crypto';

/** PostgreSQL truncates identifiers beyond 63 bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER_BYTES = 63;

function fit(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name;
  // Deterministic and still unique: keep a readable head, append a short hash of the full name.
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${name.slice(0, MAX_IDENTIFIER_BYTES - hash.length - 1)}_${hash}`;
}

/** Name of the primary key constraint of a canonical table. */
export function primaryKeyName(table: string): string {
  return fit(`pk_${table}`);
}

/** Name of the index on a reference or lookup column of a canonical table (`ix_<table>__<column>`). */
export function referenceIndexName(table: string, column: string): string {
  return fit(`ix_${table}__${column}`);
}

/** Double-quotes an SQL identifier (names come from the model, never from user data). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A schema-qualified, quoted table name. */
export function qualifiedTable(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}

/**
 * Session-lived staging tables for the bulk writes of the SQL targets. A staging table is created once
 * per database session (`ON COMMIT DELETE ROWS`, so every commit empties it) instead of being created
 * and dropped in every batch: per-batch DDL wrote a dozen catalog rows per table and batch, which the
 * profile of issue 8 counted among the database work a raw COPY does not do.
 */
import { createHash } from 'node:crypto';
import { quoteIdentifier } from '../typeorm/store-identifiers.js';
import type { SqlSession } from './sql-session.js';

/** A temporary staging table: its quoted name and its column definitions. */
export interface StagingTable {
  /** Quoted name, unique per column definition (two models with one table name never share it). */
  readonly quoted: string;
  /** `CREATE TEMPORARY TABLE` statement (no `IF NOT EXISTS`: see `ensureStagingTable`). */
  readonly ddl: string;
}

/** PostgreSQL truncates identifiers longer than this many bytes. */
const MAX_IDENTIFIER = 63;

/**
 * The staging table `cb_stage_<base>_<hash>` with `columnsSql` (e.g. `"id" uuid, "x" text`). The hash
 * of the definition is part of the name so that a session never reuses a table of another shape.
 */
export function stagingTable(base: string, columnsSql: string): StagingTable {
  const hash = createHash('sha256').update(columnsSql).digest('hex').slice(0, 10);
  const prefix = `cb_stage_${base}`.slice(0, MAX_IDENTIFIER - hash.length - 1);
  const name = `${prefix}_${hash}`;
  const quoted = quoteIdentifier(name);
  return { quoted, ddl: `CREATE TEMPORARY TABLE ${quoted} (${columnsSql}) ON COMMIT DELETE ROWS` };
}

/**
 * Creates the staging table unless this session already has it, in one round trip and without a
 * catalog write when it exists (`IF NOT EXISTS` would raise a notice every batch). A table created in a
 * transaction that rolls back vanishes with it; the next batch simply creates it again.
 */
export async function ensureStagingTable(session: SqlSession, table: StagingTable): Promise<void> {
  const regclass = `pg_temp.${table.quoted}`.replaceAll("'", "''");
  await session.query(`DO $cb$BEGIN IF to_regclass('${regclass}') IS NULL THEN ${table.ddl}; END IF; END$cb$`);
}

/**
 * Empties a staging table inside a long transaction (a dry run), where `ON COMMIT DELETE ROWS` never
 * fires; a real run's batch commits and needs no statement for it.
 */
export async function clearStagingTable(session: SqlSession, table: StagingTable): Promise<void> {
  await session.query(`TRUNCATE ${table.quoted}`);
}

/**
 * Batched writers that load planned rows into a MariaDB or PostgreSQL source: multi-row INSERTs sized by
 * rows and bytes, so that millions of rows stream through with bounded memory. The drivers (`mysql2`,
 * `pg`) are optional peers, imported only when used.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DriverMissingError, QueryError } from '../../core/errors.js';
import type { RelationalDialect } from './relational-defects.js';
import { relationalColumns, type RelationalCell, type RelationalTable } from './relational-tables.js';

/** Receives rows of one table at a time, in batches. */
export interface RelationalSourceWriter {
  /** Creates the profile's tables from the shipped DDL. */
  createSchema(ddlDir: string): Promise<void>;
  /** Inserts rows into one table of the legacy schema. */
  insert(table: RelationalTable, rows: readonly RelationalCell[][]): Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** Opens a writer for `dialect` on `connection` (a `mysql://` or `postgres://` URL). */
export async function openRelationalWriter(dialect: RelationalDialect, connection: string): Promise<RelationalSourceWriter> {
  return dialect === 'mariadb' ? openMariaWriter(connection) : openPostgresWriter(connection);
}

/** Splits a DDL file into statements (`;` at line end; `GO` lines and comments dropped). */
export function ddlStatements(sql: string): string[] {
  const body = sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--') && line.trim() !== 'GO')
    .join('\n');
  return body
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function toDriverValue(value: RelationalCell): unknown {
  return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

async function openMariaWriter(connection: string): Promise<RelationalSourceWriter> {
  let mysql: typeof import('mysql2/promise');
  try {
    mysql = await import('mysql2/promise');
  } catch (cause) {
    throw new DriverMissingError('mysql2', { cause });
  }
  const conn = await mysql.createConnection({ uri: connection, dateStrings: true, charset: 'utf8mb4' });
  // Legacy installations run without strict mode; the zero-date defect needs it too.
  await conn.query("SET SESSION sql_mode = ''");
  return {
    async createSchema(ddlDir) {
      for (const statement of ddlStatements(readFileSync(path.join(ddlDir, 'mariadb.sql'), 'utf8'))) await conn.query(statement);
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      const columns = relationalColumns(table)
        .map((c) => `\`${c}\``)
        .join(', ');
      try {
        await conn.query(`INSERT INTO \`${table}\` (${columns}) VALUES ?`, [rows.map((r) => r.map(toDriverValue))]);
      } catch (cause) {
        throw new QueryError('Loading the relational source failed.', { cause, details: { table, rows: rows.length } });
      }
    },
    close: () => conn.end(),
  };
}

async function openPostgresWriter(connection: string): Promise<RelationalSourceWriter> {
  let pg: typeof import('pg').default;
  try {
    pg = (await import('pg')).default;
  } catch (cause) {
    throw new DriverMissingError('pg', { cause });
  }
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  return {
    async createSchema(ddlDir) {
      await client.query(readFileSync(path.join(ddlDir, 'postgres.sql'), 'utf8'));
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      const names = relationalColumns(table);
      const params: unknown[] = [];
      const tuples = rows.map((r) => `(${r.map((v) => `$${params.push(toDriverValue(v))}`).join(', ')})`);
      try {
        await client.query(`INSERT INTO "${table}" (${names.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
      } catch (cause) {
        throw new QueryError('Loading the relational source failed.', { cause, details: { table, rows: rows.length } });
      }
    },
    close: () => client.end(),
  };
}

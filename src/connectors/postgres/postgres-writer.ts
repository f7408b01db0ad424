/**
 * Bulk writes: COPY … FROM STDIN (pg-copy-streams) into a temporary staging table, then one
 * `INSERT … SELECT` (plain, or `ON CONFLICT (key) DO UPDATE` for upserts), all in one transaction.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ConnectorDriver, TableWriter, WriteRequest } from '../../core/connector/connector.js';
import { ConfigurationError } from '../../core/errors.js';
import { loadOptionalModule } from '../shared/load-optional-module.js';
import { encodeCopyRow } from './postgres-copy-text.js';
import { asPostgresDriver, type PostgresDriver } from './postgres-driver.js';
import { translatePostgresError } from './postgres-errors.js';
import { quoteIdent } from './postgres-introspector.js';

/** Structural subset of pg-copy-streams. */
interface PgCopyStreams {
  from(sql: string): NodeJS.WritableStream;
}

/** The statement that moves staged rows into the target table. */
export function buildPostgresMergeSql(target: string, stage: string, request: WriteRequest): string {
  const cols = request.columns.map(quoteIdent).join(', ');
  const insert = `INSERT INTO ${target} (${cols}) SELECT ${cols} FROM ${stage}`;
  if (request.mode === 'insert') return insert;
  const keys = request.keyColumns ?? [];
  if (keys.length === 0) throw new ConfigurationError('An upsert needs `keyColumns`.', { details: { table: request.table } });
  const updates = request.columns.filter((c) => !keys.includes(c)).map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`);
  const action = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  return `${insert} ON CONFLICT (${keys.map(quoteIdent).join(', ')}) ${action}`;
}

/** The PostgreSQL TableWriter. */
export class PostgresWriter implements TableWriter {
  readonly #driver: PostgresDriver;

  constructor(driver: ConnectorDriver) {
    this.#driver = asPostgresDriver(driver);
  }

  /** Writes all rows of `request` in one transaction. */
  async write(request: WriteRequest): Promise<{ written: number }> {
    if (request.rows.length === 0) return { written: 0 };
    for (const row of request.rows) {
      if (row.length !== request.columns.length)
        throw new ConfigurationError('Every row must have one value per column.', { details: { table: request.table, columns: request.columns.length } });
    }
    const mod = await loadOptionalModule<PgCopyStreams & { default?: PgCopyStreams }>('pg-copy-streams');
    const copy = mod.default?.from ? mod.default : mod;
    const target = `${quoteIdent(this.#driver.config.schema)}.${quoteIdent(request.table)}`;
    const stage = quoteIdent(`cb_stage_${randomBytes(4).toString('hex')}`);
    const mergeSql = buildPostgresMergeSql(target, stage, request);
    return this.#driver.withClient(async (client) => {
      try {
        await client.query('BEGIN');
        await client.query(`CREATE TEMP TABLE ${stage} (LIKE ${target} INCLUDING DEFAULTS) ON COMMIT DROP`);
        const sink = client.query(copy.from(`COPY ${stage} (${request.columns.map(quoteIdent).join(', ')}) FROM STDIN`));
        await pipeline(Readable.from(request.rows.map(encodeCopyRow)), sink);
        const result = await client.query(mergeSql);
        await client.query('COMMIT');
        return { written: result.rowCount ?? 0 };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw translatePostgresError(error, { operation: 'write', table: request.table });
      }
    });
  }
}

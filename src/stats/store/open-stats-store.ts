/**
 * Opens a canonical store for reading statistics from a target spec: `pglite:<dir>` (an embedded store
 * written by a PGlite target) or a `postgres://…` / `postgresql://…` URL (through `pg`, an optional peer
 * dependency loaded on demand).
 */
import { ConfigurationError, DriverMissingError } from '../../core/errors.js';
import { fromPg, type StatsQueryable } from './stats-queryable.js';

/** An open store and how to close it. */
export interface OpenStatsStore {
  readonly db: StatsQueryable;
  /** `pglite` or `postgres`. */
  readonly kind: 'pglite' | 'postgres';
  /** Closes the store. */
  close(): Promise<void>;
}

/** Opens the store named by `spec`; throws ConfigurationError for an unknown form. */
export async function openStatsStore(spec: string): Promise<OpenStatsStore> {
  if (spec.startsWith('pglite:')) {
    const dataDir = spec.slice('pglite:'.length);
    if (dataDir === '') throw new ConfigurationError('A PGlite target needs a directory: pglite:<dir>.', { details: { field: 'target' } });
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create({ dataDir });
    return { db, kind: 'pglite', close: () => db.close() };
  }
  if (/^postgres(ql)?:\/\//.test(spec)) {
    let pg: typeof import('pg').default;
    try {
      pg = (await import('pg')).default;
    } catch (cause) {
      throw new DriverMissingError('pg', { cause });
    }
    const pool = new pg.Pool({ connectionString: spec, max: 2 });
    return { db: fromPg(pool), kind: 'postgres', close: () => pool.end() };
  }
  throw new ConfigurationError('The target must be pglite:<dir> or a postgres:// URL.', { details: { field: 'target' } });
}

/**
 * The embedded canonical target: PGlite, in-process, with the same SQL, ledger and dry-run semantics as
 * the PostgreSQL target (both are `SqlCanonicalTarget`; only the bulk path differs).
 */
import { SqlCanonicalTarget } from '../shared/sql-canonical-target.js';
import type { SqlTargetOptions } from '../shared/sql-canonical-target.js';
import { PgliteConnection } from './pglite-connection.js';
import type { PgliteConnectionOptions } from './pglite-connection.js';
import type { TargetQueryable } from '../../core/pipeline/canonical-target.js';

/** Options of `createPgliteTarget`: a data directory or an instance, plus the shared target options. */
export type PgliteTargetOptions = PgliteConnectionOptions & SqlTargetOptions;

/** The PGlite canonical target, with access to its PGlite instance once open. */
export class PgliteTarget extends SqlCanonicalTarget {
  readonly #connection: PgliteConnection;

  constructor(options: PgliteTargetOptions = {}) {
    const connection = new PgliteConnection(
      options.pglite !== undefined ? { pglite: options.pglite } : options.dataDir !== undefined ? { dataDir: options.dataDir } : {},
    );
    super(connection, options);
    this.#connection = connection;
  }

  /** The PGlite instance (after `open()`). */
  get pglite(): PgliteConnection['pglite'] {
    return this.#connection.pglite;
  }

  /** The run's view of the store: the same PGlite instance, so a dry run's staged rows are visible. */
  runQueryable(): TargetQueryable {
    return this.#connection.pglite;
  }
}

/** Creates the embedded PGlite canonical target (call `open()` then `ensureSchema()`). */
export function createPgliteTarget(options: PgliteTargetOptions = {}): PgliteTarget {
  return new PgliteTarget(options);
}

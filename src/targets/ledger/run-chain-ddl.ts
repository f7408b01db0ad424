/**
 * The run chain: one link per finished real run, chained per tenant (commune + source system) by hash,
 * so that an edited report, ledger entry or report file, or a removed run, is found by
 * `casebridge verify`. `hash = SHA-256(prev_hash || run_digest || files_digest)` over the hex strings;
 * `signature` is an optional Ed25519 signature of `hash`. No foreign key to `cb_run`: a deleted run
 * must leave its link behind as evidence, not take it along.
 *
 * Idempotent statements, applied by `ensureSchema()` after the run-lifecycle ledger and shipped as their
 * own TypeORM migration (`run-chain-migration.ts`).
 */
import { LEDGER_SCHEMA } from './ledger-ddl.js';

/** Qualified name of the run chain table. */
export const RUN_CHAIN_TABLE = `${LEDGER_SCHEMA}.cb_run_link`;

/** The run chain DDL, statement by statement. */
export const RUN_CHAIN_DDL: readonly string[] = Object.freeze([
  `CREATE TABLE IF NOT EXISTS ${RUN_CHAIN_TABLE} (
    source_system text NOT NULL,
    commune integer NOT NULL,
    seq integer NOT NULL,
    run_id uuid NOT NULL,
    prev_hash text,
    run_digest text NOT NULL,
    files_manifest text,
    files_digest text NOT NULL,
    hash text NOT NULL,
    signature text,
    key_id text,
    sealed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_cb_run_link PRIMARY KEY (source_system, commune, seq),
    CONSTRAINT uq_cb_run_link__run UNIQUE (run_id)
  )`,
]);

/** Drops the run chain (TypeORM `down`). */
export const RUN_CHAIN_DROP_DDL: readonly string[] = Object.freeze([`DROP TABLE IF EXISTS ${RUN_CHAIN_TABLE}`]);

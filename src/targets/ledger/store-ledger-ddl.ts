/**
 * Every ledger statement `ensureSchema()` applies after the canonical tables, in order: each part is
 * idempotent and builds on the ones before it (the compact lineage converts what the digest added, the
 * record lineage extends the compact row).
 */
import { DELIVERY_LEDGER_DDL } from './delivery-ledger-ddl.js';
import { ID_SCHEME_DDL } from './id-scheme-ddl.js';
import { LEDGER_DDL } from './ledger-ddl.js';
import { LINEAGE_COMPACT_DDL } from './lineage-compact-ddl.js';
import { LINEAGE_DIGEST_DDL } from './lineage-digest-ddl.js';
import { RECORD_LINEAGE_DDL } from './record-lineage-ddl.js';
import { RECORD_NOTE_LEDGER_DDL } from './record-note-ledger-ddl.js';
import { RUN_CHAIN_DDL } from './run-chain-ddl.js';
import { RUN_HISTORY_LEDGER_DDL } from './run-history-ledger-ddl.js';
import { RUN_SESSION_LEDGER_DDL } from './run-session-ledger-ddl.js';

/** The ledger DDL of a SQL store, statement by statement, in the order the TypeORM migrations apply it. */
export const STORE_LEDGER_DDL: readonly string[] = Object.freeze([
  ...LEDGER_DDL,
  ...DELIVERY_LEDGER_DDL,
  ...RUN_SESSION_LEDGER_DDL,
  ...RUN_CHAIN_DDL,
  ...RUN_HISTORY_LEDGER_DDL,
  ...RECORD_NOTE_LEDGER_DDL,
  ...LINEAGE_DIGEST_DDL,
  ...LINEAGE_COMPACT_DDL,
  ...ID_SCHEME_DDL,
  ...RECORD_LINEAGE_DDL,
]);

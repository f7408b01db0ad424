/** The run ledger: DDL, TypeORM migration and the shared reads/writes. */
export { LEDGER_DDL, LEDGER_DROP_DDL, LEDGER_SCHEMA, LEDGER_TABLES, LINEAGE_UNIQUE_CONSTRAINT } from './ledger-ddl.js';
export { CreateRunLedger1795305600100 } from './ledger-migration.js';
export { emptyStats } from './ledger-writes.js';
export { DELIVERY_LEDGER_DDL, DELIVERY_LEDGER_DROP_DDL, DELIVERY_TABLES } from './delivery-ledger-ddl.js';
export { CreateDeliveryLedger1795330000000 } from './delivery-ledger-migration.js';
export { RUN_SESSION_LEDGER_DDL, RUN_SESSION_LEDGER_DROP_DDL, RUN_SESSION_TABLES } from './run-session-ledger-ddl.js';
export { CreateRunSessionLedger1795340000000 } from './run-session-ledger-migration.js';

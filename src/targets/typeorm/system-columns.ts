/**
 * The system columns every canonical table carries for the load engine, beside the model's own
 * columns. They are the only columns of a canonical table that have no JSON Schema property, and the
 * schema parity test allows exactly these.
 *
 * - `content_hash`: SHA-256 hex (64 lowercase hex digits) of the canonical JSON of the record as last written; the
 *   engine compares it to decide insert/update/unchanged and reconciliation recomputes it.
 * - `run_id`: the run that last wrote the row (joins the run ledger).
 * - `loaded_at`: when that run wrote it (database clock).
 */
import type { StoreColumnType } from './column-type-map.js';

/** One engine-owned column. */
export interface SystemColumn {
  readonly column: string;
  readonly type: StoreColumnType;
  readonly nullable: false;
  /** SQL default expression, when the database fills the value. */
  readonly defaultSql?: string;
  readonly description: string;
}

/** The fixed set of system columns, in table order (after the model's columns). */
export const SYSTEM_COLUMNS: readonly SystemColumn[] = Object.freeze([
  {
    column: 'content_hash',
    type: { type: 'text' },
    nullable: false,
    description: 'SHA-256 hex of the canonical JSON of the record as last written.',
  },
  { column: 'run_id', type: { type: 'uuid' }, nullable: false, description: 'The run that last wrote the row.' },
  {
    column: 'loaded_at',
    type: { type: 'timestamptz' },
    nullable: false,
    defaultSql: 'now()',
    description: 'When the row was last written (database clock).',
  },
]);

/** One tenant column: which commune and source system a row belongs to. */
export interface TenantColumn {
  readonly column: string;
  readonly type: StoreColumnType;
  /** Nullable: rows loaded before the tenant key existed keep NULL until a commune adopts them. */
  readonly nullable: true;
  readonly description: string;
}

/**
 * The tenant columns every canonical table carries since migration `AddTenantKey1795310000000`: the
 * engine writes them on every insert, row-level security filters on `cb_commune`, and a write that
 * would update a row of another tenant is refused (CB_TENANT_MISMATCH).
 */
export const TENANT_COLUMNS: readonly TenantColumn[] = Object.freeze([
  { column: 'cb_commune', type: { type: 'integer' }, nullable: true, description: 'BFS number of the commune the row belongs to.' },
  { column: 'cb_source_system', type: { type: 'text' }, nullable: true, description: 'Source system the row was migrated from.' },
]);

/** Names of the system and tenant columns, for quick membership tests. */
export const SYSTEM_COLUMN_NAMES: ReadonlySet<string> = new Set([...SYSTEM_COLUMNS.map((c) => c.column), ...TENANT_COLUMNS.map((c) => c.column)]);

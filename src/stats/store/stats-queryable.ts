/**
 * The statistics read the canonical store with plain SQL through this one-method seam. A PGlite
 * instance fits it as it is; a `pg` pool or client goes through {@link fromPg}. Reads select the
 * columns they need only (no names, addresses or free text are fetched), and cast dates and money to
 * text in SQL, so results do not depend on the connection's type parsers.
 */
import { getModel } from '../../core/model/model-registry.js';
import { buildModelLayout, columnOf, type EntityLayout, type ModelLayout } from '../../targets/shared/entity-layout.js';
import { readColumns } from '../../targets/shared/record-row.js';
import { readRecords } from '../../targets/shared/record-lineage-read.js';
import { DELIVERY_TABLES } from '../../targets/ledger/delivery-ledger-ddl.js';

/** Something that runs one SQL statement with positional parameters. */
export interface StatsQueryable {
  /** Runs one SQL statement with `$n` parameters and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** The part of a `pg` pool or client the statistics use (structural: no dependency on `pg`). */
export interface PgQueryLike {
  /** Runs one SQL statement with `$n` parameters (the shape of `pg` and PGlite). */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Adapts a `pg` pool or client. */
export function fromPg(pg: PgQueryLike): StatsQueryable {
  return {
    async query<R>(sql: string, params: unknown[] = []): Promise<{ rows: R[] }> {
      const result = await pg.query(sql, params);
      return { rows: result.rows as R[] };
    },
  };
}

let layoutCache: ModelLayout | undefined;

/** The canonical store's table layout (of the shipped model). */
export function storeLayout(): ModelLayout {
  layoutCache ??= buildModelLayout(getModel());
  return layoutCache;
}

const hasTombstones = new WeakMap<StatsQueryable, Promise<boolean>>();

/**
 * SQL condition "the row `alias` of `entity` is live" (no live tombstone: a delivery found it gone),
 * or `TRUE` for a store created before deliveries existed (it has no tombstone table, so every row is
 * live). Statistics count what the source still holds, never what a delivery deleted.
 */
export async function liveCondition(db: StatsQueryable, entity: string, alias: string): Promise<string> {
  let known = hasTombstones.get(db);
  if (known === undefined) {
    known = db
      .query<{ present: boolean }>(`SELECT to_regclass('${DELIVERY_TABLES.tombstone}') IS NOT NULL AS present`)
      .then((r) => r.rows[0]?.present === true);
    hasTombstones.set(db, known);
  }
  if (!(await known)) return 'TRUE';
  // Entity names come from the model (identifiers); quoted anyway.
  const literal = `'${storeLayout().entity(entity).entity.replaceAll("'", "''")}'`;
  return `NOT EXISTS (SELECT 1 FROM ${DELIVERY_TABLES.tombstone} d WHERE d.entity = ${literal} AND d.canonical_id = ${alias}."id" AND d.restored_run_id IS NULL)`;
}

/**
 * A SELECT of `properties` (all when omitted) of the live records of `entity` (tombstoned ones left
 * out), rebuilt into records, with a WHERE clause over alias `t`.
 */
export async function selectRecords<T>(
  db: StatsQueryable,
  entity: string,
  where: string,
  params: unknown[],
  properties?: readonly string[],
  suffix = '',
): Promise<T[]> {
  const layout = storeLayout().entity(entity);
  const columns = properties === undefined ? layout.columns : properties.map((p) => columnOf(layout, p));
  const part: EntityLayout = { ...layout, columns };
  const live = await liveCondition(db, entity, 't');
  const result = await db.query<Record<string, unknown>>(
    `SELECT ${readColumns(layout, 't', columns)} FROM ${layout.qualified} t WHERE (${where}) AND ${live} ${suffix}`,
    params,
  );
  return (await readRecords(db, part, result.rows)) as T[];
}

/** The quoted column of an entity's property, for hand-written SQL. */
export function col(entity: string, property: string): string {
  return columnOf(storeLayout().entity(entity), property).quoted;
}

/** The schema-qualified table of an entity. */
export function table(entity: string): string {
  return storeLayout().entity(entity).qualified;
}

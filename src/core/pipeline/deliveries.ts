/**
 * Repeated deliveries: a full-snapshot run finds the records the source no longer holds and has the
 * target tombstone them (cascading along the model's references), guarded against mass deletion, and
 * accounts for the delivery as a whole: live rows = previous live + inserted − deleted, per entity.
 *
 * The guard looks twice: before anything is written (source row counts against the rows the target
 * holds live from earlier deliveries, so a half-empty export stops the run before its first batch) and
 * again on the actual tombstones, inside the target's transaction, before any is written.
 */
import { ERROR_CODES, RunError, isCasebridgeError } from '../errors.js';
import type { ConnectorDriver } from '../connector/connector.js';
import type { DeletionReason, EntityDeletions } from './canonical-target.js';
import type { EngineContext } from './engine-context.js';
import type { MigrationDefinition } from './migration-definition.js';

/** Default share of live records above which a delivery stops. */
export const DEFAULT_DELETION_MAX_SHARE = 0.25;
/** Default count of deletions that always passes the guard. */
export const DEFAULT_DELETION_MIN_COUNT = 5;

/** The delivery's accounting of one entity. */
export interface DeliveryEntity {
  readonly entity: string;
  /** Live records from this source system when the run started. */
  readonly previousLive: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deleted: number;
  readonly deletedBySnapshot: number;
  readonly deletedByCascade: number;
  /** Live records after the run. */
  readonly live: number;
  /** `live = previousLive + inserted − deleted`. */
  readonly balanced: boolean;
}

/** A tombstoned record, by canonical id (pseudonymous). */
export interface DeletedRecord {
  readonly entity: string;
  readonly id: string;
  readonly reason: DeletionReason;
}

/** The report's `delivery` section. */
export interface DeliverySection {
  /**
   * Whether deletions were looked for, and if not why (`switched-off`, `target-cannot-delete`,
   * `run-incomplete`, `delta-only`: every mapping read a delta, which cannot see deletions).
   */
  readonly deletions: 'detected' | 'switched-off' | 'target-cannot-delete' | 'run-incomplete' | 'delta-only';
  readonly maxShare: number;
  readonly entities: readonly DeliveryEntity[];
  readonly deletedCount: number;
  /** At most the report list limit; `deletedCount` is exact. */
  readonly deleted: readonly DeletedRecord[];
  readonly balanced: boolean;
}

/** State the delivery stage keeps between the start and the end of a run. */
export interface DeliveryStart {
  readonly previousLive: ReadonlyMap<string, number>;
  /** Mappings read as full snapshots whose record ids the target remembers (see `LoadBatch.snapshot`). */
  readonly snapshotMappings: ReadonlySet<string>;
  /** Tombstones written so far in this run (an earlier session's restored from the ledger). */
  readonly deletions: EntityDeletions[];
  /** Keeps the tombstones written so far in the run's ledger (called after each deletion step), so a resumed session counts them. */
  readonly persist?: (deletions: readonly EntityDeletions[]) => Promise<void>;
}

function settings(definition: MigrationDefinition): { detect: boolean; maxShare: number; minCount: number } {
  const o = definition.options.deletions;
  return {
    detect: o !== false && o?.detect !== false,
    maxShare: (o === false ? undefined : o?.maxShare) ?? DEFAULT_DELETION_MAX_SHARE,
    minCount: (o === false ? undefined : o?.minCount) ?? DEFAULT_DELETION_MIN_COUNT,
  };
}

/** True when deleting `deletions` of `live` records passes the guard. */
export function deletionAllowed(deletions: number, live: number, maxShare: number, minCount: number): boolean {
  return deletions <= minCount || deletions <= maxShare * live;
}

/** Entities every mapping of the definition produces (deduplicated, in mapping order). */
function producedEntities(definition: MigrationDefinition): string[] {
  return [...new Set(definition.mappings.flatMap((m) => m.produces))];
}

/**
 * Mappings read as full snapshots whose deletions the run detects (none when detection is off or the
 * target cannot delete). A delta mapping (stamp or growing key) is never one: it reads only what
 * changed, so a row it did not read is not gone, and its entity is never tombstoned by a snapshot.
 */
export function deletionSnapshotMappings(definition: MigrationDefinition): Set<string> {
  if (!settings(definition).detect || definition.target.applyDeletions === undefined) return new Set();
  return new Set(definition.mappings.filter((m) => m.changeDetection === undefined || m.changeDetection.mode === 'snapshot').map((m) => m.name));
}

/**
 * Before the first batch: counts the live records per entity and runs the guard's first look.
 * Throws RunError CB_DELETION_GUARD when a snapshot source table holds far fewer rows than were delivered.
 */
export async function startDelivery(ctx: EngineContext, driver: ConnectorDriver): Promise<DeliveryStart> {
  const { definition, target } = ctx;
  const previousLive = new Map<string, number>();
  if (target.liveCount !== undefined)
    for (const entity of producedEntities(definition)) previousLive.set(entity, await target.liveCount(entity, definition.tenant));
  const s = settings(definition);
  const snapshots = definition.mappings.filter((m) => ctx.snapshotMappings.has(m.name));
  if (snapshots.length > 0 && target.deliveredRows !== undefined) {
    const delivered = await target.deliveredRows(
      definition.tenant,
      snapshots.map((m) => m.name),
    );
    const introspector = definition.source.createIntrospector(driver);
    for (const mapping of snapshots) {
      const before = delivered[mapping.name] ?? 0;
      // A join or query has no table whose count matches its rows (a one-to-many join has more): no guard.
      if (before === 0 || mapping.source.query !== undefined || mapping.source.join !== undefined) continue;
      const rows = (await introspector.describeTable(mapping.source.table)).rowCount;
      if (rows < before && !deletionAllowed(before - rows, before, s.maxShare, s.minCount)) {
        throw new RunError('The source holds far fewer rows than the last delivery; the mass-deletion guard stopped the run before writing.', {
          code: ERROR_CODES.DELETION_GUARD,
          details: { mapping: mapping.name, sourceRows: rows, deliveredRows: before, maxShare: s.maxShare },
        });
      }
    }
  }
  return { previousLive, snapshotMappings: ctx.snapshotMappings, deletions: [] };
}

/**
 * After a wave of mappings: tombstones the records of every entity whose producing mappings are now
 * all done (snapshot entities only), so that later mappings' references to a deleted record fail the
 * reference check instead of pointing at a tombstone. Throws RunError CB_DELETION_GUARD (nothing
 * deleted) when the guard trips. Resolves with the entities whose tables it had the target analyze
 * (the load stage's `afterLoad` need not analyze them again).
 */
export async function deleteAfterWave(ctx: EngineContext, start: DeliveryStart, done: ReadonlySet<string>, handled: Set<string>): Promise<readonly string[]> {
  const { definition, target } = ctx;
  if (start.snapshotMappings.size === 0 || target.applyDeletions === undefined) return [];
  const s = settings(definition);
  const entities = producedEntities(definition)
    .filter((entity) => !handled.has(entity))
    .map((entity) => ({ entity, mappings: definition.mappings.filter((m) => m.produces.includes(entity)).map((m) => m.name) }))
    .filter((e) => e.mappings.every((m) => done.has(m)));
  for (const e of entities) handled.add(e.entity);
  const ready = entities.filter((e) => e.mappings.every((m) => start.snapshotMappings.has(m)));
  if (ready.length === 0) return [];
  // The pass counts and scans the tables the wave has just bulk-loaded; without planner statistics
  // PostgreSQL joins them by nested index probes (1M bookings: the guard's live count took 5.6 s).
  const analyzed = ctx.dryRun || target.afterLoad === undefined ? [] : ready.map((e) => e.entity);
  if (analyzed.length > 0) await target.afterLoad!(analyzed);
  start.deletions.push(
    ...(await target.applyDeletions({
      runId: ctx.runId,
      sourceSystem: definition.tenant.sourceSystem,
      commune: definition.tenant.commune,
      entities: ready,
      cascades: [],
      snapshotMappings: [...start.snapshotMappings],
      allow: (_entity, n, live) => deletionAllowed(n, live, s.maxShare, s.minCount),
    })),
  );
  await start.persist?.(start.deletions);
  return analyzed;
}

/**
 * After the run: follows the cascades (children of tombstoned records that this run did not see, e.g.
 * a deleted case's bookings read by a delta mapping) when the run is `complete`, then builds the
 * delivery section. A guard trip is returned as an error for the report, with nothing more deleted.
 */
export async function finishDelivery(
  ctx: EngineContext,
  start: DeliveryStart,
  records: Readonly<Record<string, { inserted: number; updated: number; unchanged: number }>>,
  complete: boolean,
): Promise<{ section: DeliverySection; error?: unknown }> {
  const { definition, target } = ctx;
  const s = settings(definition);
  const state: DeliverySection['deletions'] = !s.detect
    ? 'switched-off'
    : target.applyDeletions === undefined
      ? 'target-cannot-delete'
      : start.snapshotMappings.size === 0
        ? 'delta-only'
        : complete
          ? 'detected'
          : 'run-incomplete';
  let error: unknown;
  if (state === 'detected' && start.deletions.some((d) => d.ids.length > 0)) {
    const cascades = producedEntities(definition).flatMap((entity) =>
      ctx.references(entity).map((ref) => ({ entity, property: ref.property, parent: ref.entity })),
    );
    try {
      start.deletions.push(
        ...(await target.applyDeletions!({
          runId: ctx.runId,
          sourceSystem: definition.tenant.sourceSystem,
          commune: definition.tenant.commune,
          entities: [],
          cascades,
          seedParents: start.deletions.flatMap((d) => d.ids.map((r) => ({ entity: d.entity, id: r.id }))),
          snapshotMappings: [...start.snapshotMappings],
          allow: (_entity, n, live) => deletionAllowed(n, live, s.maxShare, s.minCount),
        })),
      );
      await start.persist?.(start.deletions);
    } catch (caught) {
      if (!isCasebridgeError(caught, ERROR_CODES.DELETION_GUARD)) throw caught;
      error = caught;
    }
  }
  const byEntity = new Map<string, { snapshot: number; cascade: number }>();
  for (const d of start.deletions) {
    const acc = byEntity.get(d.entity) ?? { snapshot: 0, cascade: 0 };
    acc.snapshot += d.snapshot;
    acc.cascade += d.cascade;
    byEntity.set(d.entity, acc);
  }
  const entities: DeliveryEntity[] = [];
  for (const entity of producedEntities(definition)) {
    if (target.liveCount === undefined) break;
    const d = byEntity.get(entity);
    const r = records[entity] ?? { inserted: 0, updated: 0, unchanged: 0 };
    const previousLive = start.previousLive.get(entity) ?? 0;
    const deleted = (d?.snapshot ?? 0) + (d?.cascade ?? 0);
    const live = await target.liveCount(entity, definition.tenant);
    entities.push({
      entity,
      previousLive,
      inserted: r.inserted,
      updated: r.updated,
      unchanged: r.unchanged,
      deleted,
      deletedBySnapshot: d?.snapshot ?? 0,
      deletedByCascade: d?.cascade ?? 0,
      live,
      balanced: live === previousLive + r.inserted - deleted,
    });
  }
  const all = start.deletions.flatMap((d) => d.ids.map((r) => ({ entity: d.entity, id: r.id, reason: r.reason })));
  for (const d of all) ctx.changeList?.add({ entity: d.entity, id: d.id, change: 'delete', reason: d.reason });
  const limit = definition.options.reportListLimit ?? 100;
  const section: DeliverySection = {
    deletions: state,
    maxShare: s.maxShare,
    entities,
    deletedCount: all.length,
    deleted: all.slice(0, limit),
    balanced: entities.every((e) => e.balanced),
  };
  return error === undefined ? { section } : { section, error };
}

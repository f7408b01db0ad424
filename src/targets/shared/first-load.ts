/**
 * The first-load fast path of the SQL targets. When an entity holds no rows of this source system yet
 * (a first migration, a rehearsal into a fresh store), every record of a batch is an insert, so the
 * batch is COPYed straight into the final table: no staging table, no upsert, no `RETURNING`
 * classification. The batch's ledger entries still go into the same transaction, so resume stays exact.
 *
 * The decision is a guess made once per run and entity; correctness does not depend on it: if any id
 * (or lineage key) already exists, the COPY fails with a unique violation, the whole batch transaction
 * is rolled back and written again through the upsert path, which the entity keeps for the rest of the run.
 */
import { SchemaError } from '../../core/errors.js';
import type { LoadOutcome, LoadRecord } from '../../core/pipeline/canonical-target.js';
import type { Tenant } from '../../core/pipeline/tenant.js';
import { CasebridgeError } from '../../core/errors.js';
import { LINEAGE_TABLES } from '../ledger/lineage-compact-ddl.js';
import { copyLine } from './copy-text.js';
import type { EntityLayout } from './entity-layout.js';
import { recordToFields } from './record-row.js';
import { elidesLineage } from './lineage-elision.js';
import type { SqlSession } from './sql-session.js';
import { lastPerId } from './upsert-sql.js';
import { rememberDigest } from './row-digest.js';
import { ROWS_PER_YIELD, yieldToIo } from '../../core/pipeline/io-yield.js';

/** How a batch was written: straight COPY into the final tables, or staged and upserted. */
export type LoadPath = 'first-load' | 'upsert';

/** True for a unique violation (SQLSTATE 23505), raw from the driver or already translated. */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof CasebridgeError) return error.details['sqlstate'] === '23505';
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/**
 * Per run: which entities take the fast path. An entity is probed once (does the lineage hold rows of
 * this commune and source system from another run?) and leaves the fast path for good after its first conflict.
 * Rows of the run itself do not count, so a run resumed after a kill keeps the fast path.
 */
export class FirstLoadPlan {
  readonly runId: string;
  readonly tenant: Tenant;
  readonly #eligible = new Map<string, boolean>();

  constructor(runId: string, tenant: Tenant) {
    this.runId = runId;
    this.tenant = tenant;
  }

  /** What is already known about `entities`: false when one is off the fast path, null when one is unprobed. */
  known(entities: readonly string[]): boolean | null {
    let all = true;
    for (const entity of entities) {
      const eligible = this.#eligible.get(entity);
      if (eligible === false) return false;
      if (eligible === undefined) all = false;
    }
    return all ? true : null;
  }

  /** True when every one of `entities` may take the fast path (probes the unknown ones in `session`). */
  async allows(session: SqlSession, entities: readonly string[]): Promise<boolean> {
    for (const entity of entities) {
      let eligible = this.#eligible.get(entity);
      if (eligible === undefined) {
        const found = await session.query<{ loaded: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM ${LINEAGE_TABLES.view} WHERE entity = $1 AND source_system = $2 AND commune IS NOT DISTINCT FROM $3::integer AND run_id <> $4) AS loaded`,
          [entity, this.tenant.sourceSystem, this.tenant.commune, this.runId],
        );
        eligible = found.rows[0]?.loaded !== true;
        this.#eligible.set(entity, eligible);
      }
      if (!eligible) return false;
    }
    return true;
  }

  /** Takes `entities` off the fast path for the rest of the run (a COPY met an existing key). */
  conflicted(entities: readonly string[]): void {
    for (const entity of entities) this.#eligible.set(entity, false);
  }
}

/** Columns a first-load COPY writes: the model's, then the engine's and the tenant key (`loaded_at` takes its default). */
function finalColumns(layout: EntityLayout): string[] {
  return [...layout.columns.map((c) => c.quoted), 'content_hash', 'run_id', 'cb_commune', 'cb_source_system'];
}

/** One entity's COPY text of a batch on the first-load path (see `stageEntityRecords`). */
export interface StagedEntityRecords {
  readonly layout: EntityLayout;
  /** The distinct records' ids, in line order. */
  readonly ids: readonly string[];
  readonly lines: readonly string[];
}

/**
 * The COPY lines of `records` (all of `layout`'s entity) for the final table, built without a session,
 * so a batch's text can be ready before its transaction opens. `digests` receives each record's row
 * digest (for its lineage row). Yields to finished I/O every few rows: another batch's transaction
 * may be waiting for its next statement meanwhile.
 */
export async function stageEntityRecords(
  layout: EntityLayout,
  runId: string,
  tenant: Tenant,
  records: readonly LoadRecord[],
  digests?: Map<LoadRecord, string>,
): Promise<StagedEntityRecords> {
  const distinct = lastPerId(records);
  const lines: string[] = [];
  for (const [index, r] of distinct.entries()) {
    if (index % ROWS_PER_YIELD === ROWS_PER_YIELD - 1) await yieldToIo();
    if (r.record['id'] !== undefined && r.record['id'] !== r.id) {
      throw new SchemaError('A load record carries an id that differs from its record id.', { details: { entity: layout.entity, id: r.id } });
    }
    const record = r.record['id'] === undefined ? { ...r.record, id: r.id } : r.record;
    const fields = recordToFields(layout, r.id, record, elidesLineage(r));
    rememberDigest(digests, r, layout, fields, record);
    fields.push(r.contentHash, runId, String(tenant.commune), tenant.sourceSystem);
    lines.push(copyLine(fields));
  }
  return { layout, ids: distinct.map((r) => r.id), lines };
}

/**
 * COPYs staged records straight into the final table in the caller's transaction; every record is an
 * insert. Throws the driver's unique violation when an id exists.
 */
export async function copyStagedRecords(session: SqlSession, staged: StagedEntityRecords): Promise<{ id: string; outcome: LoadOutcome }[]> {
  await session.copyFrom(staged.layout.qualified, finalColumns(staged.layout), staged.lines);
  return staged.ids.map((id) => ({ id, outcome: 'inserted' }));
}

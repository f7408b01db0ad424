/**
 * Read-back of case bundles for the case-level rules after the load: one keyset page of the cases a
 * source system loaded (by id), then that page's support units, members, persons, bookings, budgets,
 * dossiers (case containers) and the persons' relations with one query each. Memory holds one page; nothing here leaves the process.
 */
import type { Tenant } from '../../core/pipeline/tenant.js';
import type { StoredCaseBundle } from '../../core/pipeline/canonical-target.js';
import type { EntityLayout, ModelLayout } from './entity-layout.js';
import { columnOf } from './entity-layout.js';
import { readColumns } from './record-row.js';
import { LINEAGE_PROPERTY } from './lineage-elision.js';
import { readRecords } from './record-lineage-read.js';
import type { SqlSession } from './sql-session.js';
import { LINEAGE_TABLES } from '../ledger/lineage-compact-ddl.js';
import { isLive } from './tombstone-sql.js';

/** Entities a bundle is made of; a model without `case` has no bundles. */
const BUNDLE_ENTITIES = ['case', 'supportUnit', 'supportUnitMember', 'person', 'booking', 'budget'] as const;

type Rec = Record<string, unknown>;

function layoutOrNull(model: ModelLayout, entity: string): EntityLayout | null {
  return model.entities.find((e) => e.entity === entity) ?? null;
}

/** `layout`, without its `lineage` column when `lineage` is false (see `CaseBundleReadOptions`). */
function readLayout(layout: EntityLayout, lineage: boolean): EntityLayout {
  return lineage ? layout : { ...layout, columns: layout.columns.filter((c) => c.property !== LINEAGE_PROPERTY) };
}

async function selectWhere(session: SqlSession, entity: EntityLayout | null, field: string, ids: readonly string[], lineage: boolean): Promise<Rec[]> {
  if (entity === null || ids.length === 0 || !entity.byProperty.has(field)) return [];
  const layout = readLayout(entity, lineage);
  const column = columnOf(layout, field);
  const result = await session.query<Rec>(
    `SELECT ${readColumns(layout, 't')} FROM ${layout.qualified} t
      WHERE t.${column.quoted} = ANY($1::uuid[]) AND ${isLive('t', '$2')} ORDER BY t."id"`,
    [[...ids], layout.entity],
  );
  return readRecords(session, layout, result.rows);
}

function groupBy(records: readonly Rec[], field: string): Map<string, Rec[]> {
  const out = new Map<string, Rec[]>();
  for (const r of records) {
    const key = r[field];
    if (typeof key !== 'string') continue;
    const list = out.get(key);
    if (list === undefined) out.set(key, [r]);
    else list.push(r);
  }
  return out;
}

/** True when the model has the entities a case bundle needs (at least `case`). */
export function modelHasCases(model: ModelLayout): boolean {
  return layoutOrNull(model, BUNDLE_ENTITIES[0]) !== null;
}

/**
 * One page of bundles: the cases `tenant` loaded (lineage) with id greater than `after`, in
 * id order, at most `limit`, each with its records. `next` is the last case id, or null at the end.
 */
export async function selectCaseBundlePage(
  session: SqlSession,
  model: ModelLayout,
  tenant: Tenant,
  after: string | null,
  limit: number,
  lineage = true,
): Promise<{ bundles: StoredCaseBundle[]; next: string | null }> {
  const caseEntity = layoutOrNull(model, 'case');
  if (caseEntity === null) return { bundles: [], next: null };
  const caseLayout = readLayout(caseEntity, lineage);
  const params: unknown[] = [caseLayout.entity, tenant.sourceSystem, limit, tenant.commune];
  if (after !== null) params.push(after);
  const cases = await readRecords(
    session,
    caseLayout,
    (
      await session.query<Rec>(
        `SELECT ${readColumns(caseLayout, 't')} FROM ${caseLayout.qualified} t
        WHERE EXISTS (SELECT 1 FROM ${LINEAGE_TABLES.view} l WHERE l.entity = $1 AND l.source_system = $2 AND l.commune = $4::integer AND l.canonical_id = t."id")
          AND ${isLive('t', '$1', '$4::integer')}
          ${after === null ? '' : 'AND t."id" > $5::uuid'}
        ORDER BY t."id" LIMIT $3`,
        params,
      )
    ).rows,
  );
  const caseIds = cases.map((c) => String(c['id']));
  const units = await selectWhere(session, layoutOrNull(model, 'supportUnit'), 'caseId', caseIds, lineage);
  const members = await selectWhere(
    session,
    layoutOrNull(model, 'supportUnitMember'),
    'supportUnitId',
    units.map((u) => String(u['id'])),
    lineage,
  );
  const personIds = [...new Set([...cases, ...members].map((r) => r['personId']).filter((id): id is string => typeof id === 'string'))];
  const persons = await selectWhere(session, layoutOrNull(model, 'person'), 'id', personIds, lineage);
  const containerIds = [...new Set(cases.map((c) => c['caseContainerId']).filter((id): id is string => typeof id === 'string'))];
  const containerById = new Map(
    (await selectWhere(session, layoutOrNull(model, 'caseContainer'), 'id', containerIds, lineage)).map((c) => [String(c['id']), c]),
  );
  const relations = groupBy(await selectWhere(session, layoutOrNull(model, 'personRelation'), 'personId', personIds, lineage), 'personId');
  const bookings = groupBy(await selectWhere(session, layoutOrNull(model, 'booking'), 'caseId', caseIds, lineage), 'caseId');
  const budgets = groupBy(await selectWhere(session, layoutOrNull(model, 'budget'), 'caseId', caseIds, lineage), 'caseId');
  const unitsByCase = groupBy(units, 'caseId');
  const membersByUnit = groupBy(members, 'supportUnitId');
  const personById = new Map(persons.map((p) => [String(p['id']), p]));
  const bundles = cases.map((kase): StoredCaseBundle => {
    const id = String(kase['id']);
    const caseUnits = unitsByCase.get(id) ?? [];
    const caseMembers = caseUnits.flatMap((u) => membersByUnit.get(String(u['id'])) ?? []);
    const ids = new Set([kase['personId'], ...caseMembers.map((m) => m['personId'])].filter((x): x is string => typeof x === 'string'));
    return {
      case: kase,
      persons: [...ids].map((pid) => personById.get(pid)).filter((p): p is Rec => p !== undefined),
      supportUnits: caseUnits,
      supportUnitMembers: caseMembers,
      bookings: bookings.get(id) ?? [],
      budgets: budgets.get(id) ?? [],
      container: typeof kase['caseContainerId'] === 'string' ? (containerById.get(kase['caseContainerId']) ?? null) : null,
      personRelations: [...ids].flatMap((pid) => relations.get(pid) ?? []),
    };
  });
  const last = caseIds[caseIds.length - 1];
  return { bundles, next: last === undefined || cases.length < limit ? null : last };
}

/**
 * Reads of the KOKES and ALBV figures out of a canonical store: KES measures touching a year (keyset
 * pages, with the protected person's sex, birth date and AHV number only, and the case's KESB), and the
 * ALBV advances and recoveries of a period summed per case in SQL (exact: sums as text, parsed to bigint).
 */
import type { Case, KesMeasure, Person, SocialService } from '../../generated/model/index.js';
import type { AlbvAmount } from '../indicators/indicator-accumulator.js';
import type { KokesInput } from '../kokes/build-kokes-extract.js';
import type { StatsPeriod } from '../period.js';
import { col, liveCondition, selectRecords, table, type StatsQueryable } from './stats-queryable.js';

/** Streams the KES measures that touch `year` (decided by its end, not ended or transferred before its start). */
export async function* readKokesInputs(db: StatsQueryable, year: number, pageSize = 1000): AsyncGenerator<KokesInput> {
  const start = `${String(year)}-01-01`;
  const end = `${String(year)}-12-31`;
  const services = new Map<string, SocialService>();
  let after: string | null = null;
  for (;;) {
    const params: unknown[] = [end, start, pageSize];
    if (after !== null) params.push(after);
    const where =
      `t.${col('kesMeasure', 'decidedOn')} <= $1::date AND (t.${col('kesMeasure', 'endedOn')} IS NULL OR t.${col('kesMeasure', 'endedOn')} >= $2::date)` +
      ` AND (t.${col('kesMeasure', 'transferredOn')} IS NULL OR t.${col('kesMeasure', 'transferredOn')} >= $2::date)` +
      (after === null ? '' : ' AND t."id" > $4::uuid');
    const measures: KesMeasure[] = await selectRecords<KesMeasure>(db, 'kesMeasure', where, params, undefined, 'ORDER BY t."id" LIMIT $3');
    if (measures.length > 0) {
      const persons = await selectRecords<Person>(
        db,
        'person',
        't."id" = ANY($1::uuid[])',
        [[...new Set(measures.map((m) => m.personId))]],
        ['id', 'vn', 'sex', 'dateOfBirth'],
      );
      const caseIds = [...new Set(measures.map((m) => m.caseId).filter((id): id is string => id !== undefined))];
      const cases = caseIds.length === 0 ? [] : await selectRecords<Case>(db, 'case', 't."id" = ANY($1::uuid[])', [caseIds], ['id', 'responsibleServiceId']);
      const serviceIds = [...new Set(cases.map((c) => c.responsibleServiceId).filter((id): id is string => id !== undefined && !services.has(id)))];
      if (serviceIds.length > 0) {
        for (const s of await selectRecords<SocialService>(db, 'socialService', 't."id" = ANY($1::uuid[])', [serviceIds], ['id', 'kesbId']))
          services.set(s.id, s);
      }
      const personById = new Map(persons.map((p) => [p.id, p]));
      const kesbOfCase = new Map(cases.map((c) => [c.id, c.responsibleServiceId === undefined ? undefined : services.get(c.responsibleServiceId)?.kesbId]));
      for (const measure of measures) {
        const person = personById.get(measure.personId);
        const caseKesbId = measure.caseId === undefined ? undefined : kesbOfCase.get(measure.caseId);
        yield { measure, ...(person === undefined ? {} : { person }), ...(caseKesbId === undefined ? {} : { caseKesbId }) };
      }
    }
    if (measures.length < pageSize) return;
    after = measures[measures.length - 1]?.id ?? null;
  }
}

/**
 * ALBV amounts of the period per case: advances paid (`maintenanceAdvance.advancedRappen` of the months
 * in the period) and advances recovered from the debtor (`collectionPosition.albvRecoveredRappen`), each
 * with the commune and service of its case.
 */
export async function readAlbvAmounts(db: StatsQueryable, period: StatsPeriod): Promise<AlbvAmount[]> {
  // Live records only: an advance, a recovery or a case a delivery tombstoned does not count.
  const liveCase = await liveCondition(db, 'case', 'c');
  const caseJoin = `LEFT JOIN ${table('case')} c ON c."id" = t.${col('maintenanceAdvance', 'caseId')} AND ${liveCase}`;
  const liveAdvance = await liveCondition(db, 'maintenanceAdvance', 't');
  const livePosition = await liveCondition(db, 'collectionPosition', 't');
  const advanced = await db.query<{ case_id: string | null; m: number | null; s: string | null; total: string }>(
    `SELECT t.${col('maintenanceAdvance', 'caseId')}::text AS case_id, c.${col('case', 'municipalityBfsNumber')} AS m,
            c.${col('case', 'responsibleServiceId')}::text AS s, SUM(t.${col('maintenanceAdvance', 'advancedRappen')})::text AS total
       FROM ${table('maintenanceAdvance')} t ${caseJoin}
      WHERE t.${col('maintenanceAdvance', 'month')} BETWEEN $1 AND $2 AND ${liveAdvance} GROUP BY 1, 2, 3 ORDER BY 1`,
    [period.fromMonth, period.toMonth],
  );
  const recovered = await db.query<{ case_id: string | null; m: number | null; s: string | null; total: string }>(
    `SELECT t.${col('collectionPosition', 'caseId')}::text AS case_id, c.${col('case', 'municipalityBfsNumber')} AS m,
            c.${col('case', 'responsibleServiceId')}::text AS s, SUM(COALESCE(t.${col('collectionPosition', 'albvRecoveredRappen')}, 0))::text AS total
       FROM ${table('collectionPosition')} t LEFT JOIN ${table('case')} c ON c."id" = t.${col('collectionPosition', 'caseId')} AND ${liveCase}
      WHERE t.${col('collectionPosition', 'month')} BETWEEN $1 AND $2 AND ${livePosition} GROUP BY 1, 2, 3 ORDER BY 1`,
    [period.fromMonth, period.toMonth],
  );
  const toAmount =
    (kind: AlbvAmount['kind']) =>
    (row: { case_id: string | null; m: number | null; s: string | null; total: string }): AlbvAmount => ({
      kind,
      caseId: row.case_id ?? 'none',
      ...(row.m === null ? {} : { municipalityBfsNumber: Number(row.m) }),
      ...(row.s === null ? {} : { serviceId: row.s }),
      rappen: BigInt(row.total),
    });
  return [...advanced.rows.map(toAmount('advanced')), ...recovered.rows.map(toAmount('recovered')).filter((a) => a.rappen !== 0n)];
}

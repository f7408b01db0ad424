/**
 * Statistics readiness of a migrated store: every SHS dossier derived from the store is put through the
 * SHS plausibility checks (which reuse the case rules of `src/validators/case/`); the section says which
 * share passes, per commune, which entities the issues point at and which fields are most often missing.
 * `statisticsReadinessHook` lets `runMigration` compute it right after the load (also in a dry run, where
 * it reads the data the run would write).
 */
import { ConfigurationError } from '../../core/errors.js';
import type { ReadinessShare, StatisticsReadinessHook, StatisticsReadinessSection } from '../../core/report/statistics-readiness-section.js';
import { deriveDossiers } from '../dossier/derive-dossiers.js';
import type { StatsCaseBundle } from '../dossier/stats-case-bundle.js';
import { checkDossierPlausibility, passesPlausibility } from '../shs/shs-plausibility.js';
import { readCaseBundles } from '../store/read-case-bundles.js';
import type { StatsQueryable } from '../store/stats-queryable.js';

/** Options of the readiness computation. */
export interface StatisticsReadinessOptions {
  /** Derive dossiers as of this month (`YYYY-MM`; default the current month, UTC). */
  readonly referenceMonth?: string;
  /** Most missing fields listed (default 10). */
  readonly missingFieldLimit?: number;
}

function share(dossiers: number, passing: number): ReadinessShare {
  // Tenths of a percent, rounded half up, in integer arithmetic.
  const tenths = dossiers === 0 ? 1000 : Math.floor((passing * 2000 + dossiers) / (2 * dossiers));
  return { dossiers, passing, passingPercent: `${String(Math.floor(tenths / 10))}.${String(tenths % 10)}` };
}

/** Accumulates the readiness case by case. */
export class ReadinessAccumulator {
  readonly #referenceMonth: string;
  readonly #limit: number;
  #cases = 0;
  readonly #communes = new Map<number, { dossiers: number; passing: number }>();
  readonly #entities = new Map<string, { issues: number; dossiers: number }>();
  readonly #codes = new Map<string, number>();
  readonly #missing = new Map<string, number>();

  constructor(options: StatisticsReadinessOptions = {}) {
    this.#referenceMonth = options.referenceMonth ?? new Date().toISOString().slice(0, 7);
    this.#limit = options.missingFieldLimit ?? 10;
  }

  /** Judges the dossiers of one case. */
  add(bundle: StatsCaseBundle): void {
    this.#cases += 1;
    const dossiers = deriveDossiers(bundle, { referenceMonth: this.#referenceMonth });
    for (const dossier of dossiers) {
      const issues = checkDossierPlausibility(bundle, dossier, dossiers);
      if (issues.some((i) => i.code === 'shs.counselling_not_delivered')) continue;
      const commune = this.#communes.get(dossier.municipalityBfsNumber) ?? { dossiers: 0, passing: 0 };
      this.#communes.set(dossier.municipalityBfsNumber, commune);
      commune.dossiers += 1;
      if (passesPlausibility(issues)) commune.passing += 1;
      const entities = new Map<string, number>();
      for (const issue of issues) entities.set(issue.entity, (entities.get(issue.entity) ?? 0) + 1);
      for (const [entity, n] of entities) {
        const e = this.#entities.get(entity) ?? { issues: 0, dossiers: 0 };
        this.#entities.set(entity, e);
        e.issues += n;
        e.dossiers += 1;
      }
      for (const code of new Set(issues.map((i) => i.code))) this.#codes.set(code, (this.#codes.get(code) ?? 0) + 1);
      const missing = new Set(
        issues.filter((i) => i.code === 'shs.missing_field').map((i) => `${i.entity}\u0000${String(i.details?.['field'] ?? i.path.slice(1))}`),
      );
      for (const key of missing) this.#missing.set(key, (this.#missing.get(key) ?? 0) + 1);
    }
  }

  /** The report section. */
  result(): StatisticsReadinessSection {
    const communes = [...this.#communes].sort(([a], [b]) => a - b);
    const dossiers = communes.reduce((t, [, c]) => t + c.dossiers, 0);
    const passing = communes.reduce((t, [, c]) => t + c.passing, 0);
    return {
      referenceMonth: this.#referenceMonth,
      cases: this.#cases,
      ...share(dossiers, passing),
      byCommune: communes.map(([municipalityBfsNumber, c]) => ({ municipalityBfsNumber, ...share(c.dossiers, c.passing) })),
      byEntity: [...this.#entities].sort(([a], [b]) => a.localeCompare(b)).map(([entity, e]) => ({ entity, ...e })),
      byCode: Object.fromEntries([...this.#codes].sort(([a], [b]) => a.localeCompare(b))),
      missingFields: [...this.#missing]
        .sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb))
        .slice(0, this.#limit)
        .map(([key, n]) => {
          const [entity = '', field = ''] = key.split('\u0000');
          return { entity, field, dossiers: n };
        }),
    };
  }
}

/** The readiness of an in-memory list of cases. */
export function statisticsReadinessOf(bundles: Iterable<StatsCaseBundle>, options: StatisticsReadinessOptions = {}): StatisticsReadinessSection {
  const acc = new ReadinessAccumulator(options);
  for (const bundle of bundles) acc.add(bundle);
  return acc.result();
}

/** The readiness of the WSH/ALBV cases of a canonical store, read case page by case page. */
export async function computeStatisticsReadiness(db: StatsQueryable, options: StatisticsReadinessOptions = {}): Promise<StatisticsReadinessSection> {
  const acc = new ReadinessAccumulator(options);
  for await (const bundle of readCaseBundles(db)) acc.add(bundle);
  return acc.result();
}

/** Options of {@link statisticsReadinessHook}. */
export interface StatisticsReadinessHookOptions extends StatisticsReadinessOptions {
  /** Where to read (default: the PGlite instance of a PGlite target). Needed for a PostgreSQL target: e.g. `fromPg(pool)`. */
  readonly queryable?: StatsQueryable;
}

/**
 * The engine step (`MigrationOptions.statisticsReadiness`). On a PGlite target it reads the target's own
 * instance, so in a dry run it sees the rows the run would write; on PostgreSQL it reads through the
 * given queryable (committed data only).
 */
export function statisticsReadinessHook(options: StatisticsReadinessHookOptions = {}): StatisticsReadinessHook {
  return async ({ target }) => {
    let db = options.queryable;
    db ??= target.runQueryable?.();
    if (db === undefined) {
      throw new ConfigurationError('The statistics readiness needs a queryable for this target kind.', { details: { targetKind: target.kind } });
    }
    return computeStatisticsReadiness(db, options);
  };
}

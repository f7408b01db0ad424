/**
 * The relational reference profile: a normalised legacy case-management database in the style of the
 * .NET/SQL Server case products (KiSS-like table names), with DDL for MariaDB, PostgreSQL and SQL
 * Server, a deterministic generator with planted defects, mappings onto the canonical model, code-list
 * maps and the accounting a run must produce.
 */
import type { ThresholdRule } from '../../core/pipeline/thresholds.js';
import type { CompiledMapping } from '../../mappings/dsl/define-mapping.js';
import type { ExpectedResults, MappingExpectation, ProfileMappingOptions, ProfileScale, ReferenceProfile } from '../reference-profile.js';
import { countRelationalPlan } from './generate-relational-source.js';
import { relationalAssetsDir, relationalCodeListMapsDir } from './relational-assets.js';
import { loadRelationalCodeMaps, RELATIONAL_CODE_MAP_FILES } from './relational-code-maps.js';
import { RELATIONAL_MINIMUM_PERSONS, relationalPlantedDefects, type RelationalDialect } from './relational-defects.js';
import { relationalFinanceMappings } from './relational-finance-mappings.js';
import { relationalPartyMappings } from './relational-party-mappings.js';
import { planRelationalSource, RELATIONAL_DEFAULT_SEED } from './relational-plan.js';
import type { RelationalTable } from './relational-tables.js';

/** Lineage source-system name of the relational profile. */
export const RELATIONAL_SOURCE_SYSTEM = 'kiss-like';

/** Every mapping with its source table and the canonical entities it yields. */
export const RELATIONAL_MAPPING_TABLES: Readonly<Record<string, { readonly table: RelationalTable; readonly entities: readonly string[] }>> = {
  person: { table: 'BaPerson', entities: ['person'] },
  address: { table: 'BaAdresse', entities: ['address'] },
  case: { table: 'FaLeistung', entities: ['case'] },
  'case-phase': { table: 'FaPhase', entities: ['casePhase'] },
  'financial-plan': { table: 'BgFinanzplan', entities: ['budget', 'supportUnit'] },
  'support-unit-member': { table: 'BgFinanzplan_BaPerson', entities: ['supportUnitMember'] },
  'monthly-budget': { table: 'BgBudget', entities: ['budget'] },
  'budget-position': { table: 'BgPosition', entities: ['budgetLine'] },
  booking: { table: 'KbBuchung', entities: ['booking'] },
  'maintenance-title': { table: 'IkRechtstitel', entities: ['maintenanceTitle'] },
  'maintenance-claim': { table: 'IkForderung', entities: ['maintenanceClaim'] },
  'kes-measure': { table: 'KesMassnahme', entities: ['kesMeasure'] },
  'integration-assignment': { table: 'KaEinsatz', entities: ['integrationMeasure'] },
  document: { table: 'FaDokument', entities: ['document'] },
};

/** Compiles every mapping of the relational profile (the factory the CLI and benchmarks use). */
export function relationalMappings(options: ProfileMappingOptions = {}): CompiledMapping[] {
  const maps = loadRelationalCodeMaps(options.codeListMapsDir ?? relationalCodeListMapsDir());
  return [...relationalPartyMappings(maps), ...relationalFinanceMappings(maps)];
}

function dialectOf(scale: ProfileScale): RelationalDialect {
  return scale.dialect === 'mariadb' ? 'mariadb' : 'postgres';
}

/** Expected accounting: planned row counts per table minus the planted filtered and quarantined rows. */
export function relationalExpected(scale: ProfileScale & { readonly maxDocuments?: number }): ExpectedResults {
  const dialect = dialectOf(scale);
  const counts = countRelationalPlan(dialect, scale.persons, scale.seed ?? RELATIONAL_DEFAULT_SEED, scale.maxDocuments);
  const defects = relationalPlantedDefects(dialect);
  const mappings: Record<string, MappingExpectation> = {};
  const records: Record<string, number> = {};
  for (const [mapping, { table, entities }] of Object.entries(RELATIONAL_MAPPING_TABLES)) {
    const mine = defects.filter((d) => d.mapping === mapping);
    const filtered = mine.filter((d) => d.expected.bucket === 'filtered').length;
    const quarantined = mine.filter((d) => d.expected.bucket === 'quarantined').length;
    const extracted = counts[table];
    const loaded = extracted - filtered - quarantined;
    mappings[mapping] = { entity: entities[0]!, extracted, loaded, filtered, quarantined };
    for (const entity of entities) records[entity] = (records[entity] ?? 0) + loaded;
  }
  return { mappings, records, statistics: relationalExpectedStatistics(scale) };
}

/**
 * SHS dossiers as of `RELATIONAL_DATA_MONTH`: one per loaded assistance case (modules 3 WSH and 4 ALBV;
 * each is paid in consecutive months in one commune); all pass but those of the `statistics` defects.
 */
export function relationalExpectedStatistics(scale: ProfileScale): { readonly dossiers: number; readonly passing: number } {
  const dialect = dialectOf(scale);
  const defects = relationalPlantedDefects(dialect).filter((d) => d.table === 'FaLeistung');
  const dropped = new Set(defects.filter((d) => d.expected.bucket === 'filtered' || d.expected.bucket === 'quarantined').map((d) => d.sourceKey));
  const failing = new Set(defects.filter((d) => d.expected.bucket === 'statistics').map((d) => d.sourceKey));
  let dossiers = 0;
  let passing = 0;
  for (const [table, row] of planRelationalSource({
    dialect,
    persons: scale.persons,
    seed: scale.seed ?? RELATIONAL_DEFAULT_SEED,
    withContent: false,
    maxDocuments: 0,
  })) {
    const key = String(row[0]);
    if (table !== 'FaLeistung' || dropped.has(key) || (row[2] !== 3 && row[2] !== 4)) continue;
    dossiers += 1;
    if (!failing.has(key)) passing += 1;
  }
  return { dossiers, passing };
}

/**
 * The profile's own thresholds: its one planted support unit without an applicant is expected (an
 * error finding of the case checks, which would otherwise fail the run); a second one is not.
 */
export const RELATIONAL_THRESHOLDS: readonly ThresholdRule[] = Object.freeze([{ metric: 'case:case.applicant_missing', maxCount: 1, severity: 'error' }]);

/** The relational reference profile. */
export const relationalProfile: ReferenceProfile = Object.freeze({
  name: 'relational',
  title: 'Relational legacy case-management system (KiSS-like)',
  description:
    'A normalised legacy database (persons, addresses, cases with services and phases, financial plans, monthly budgets and positions, client accounting, collection titles and claims, KES measures, integration assignments, installation code tables with BFS codes, case documents as BLOBs).',
  sourceSystem: RELATIONAL_SOURCE_SYSTEM,
  assetsDir: relationalAssetsDir(),
  codeListMapsDir: relationalCodeListMapsDir(),
  codeListMapFiles: Object.values(RELATIONAL_CODE_MAP_FILES).map((f) => f.file),
  thresholds: RELATIONAL_THRESHOLDS,
  minimumPersons: RELATIONAL_MINIMUM_PERSONS,
  mappings: (options?: ProfileMappingOptions) => relationalMappings(options),
  plantedDefects: (scale: ProfileScale) => relationalPlantedDefects(dialectOf(scale)),
  expected: (scale: ProfileScale) => relationalExpected(scale),
});

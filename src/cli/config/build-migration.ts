/**
 * Turns a loaded config into a runnable MigrationDefinition: the source connector, the mappings (a
 * built-in reference profile or a user module) and the canonical target. Connectors and targets are
 * imported lazily so that a PGlite user never loads a database driver.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connector } from '../../core/connector/connector.js';
import { ConfigurationError } from '../../core/errors.js';
import type { CanonicalTarget } from '../../core/pipeline/canonical-target.js';
import type { MigrationDefinition, MigrationOptions } from '../../core/pipeline/migration-definition.js';
import { defineMigration } from '../../mappings/define-migration.js';
import type { SourceMapping } from '../../core/pipeline/source-mapping.js';
import { checkTenant, type Tenant } from '../../core/pipeline/tenant.js';
import { isKnownMunicipality } from '../../validators/municipality.js';
import type { CliConfig, LoadedConfig } from './cli-config.js';
import { resolvePath, resolveSecret, suggest } from './load-config.js';
import { DEFAULT_THRESHOLDS } from '../../core/pipeline/thresholds.js';
import { BUILTIN_PROFILES, loadBuiltinProfile, isBuiltinProfileName } from './builtin-profiles.js';
import { planDocumentTransfer, type DocumentTransferPlan } from './document-transfer-plan.js';

/** A migration ready to run, plus what the CLI reports beside the engine's RunReport. */
export interface PreparedMigration {
  readonly definition: MigrationDefinition;
  /** Where the canonical records go, for messages (no credentials). */
  readonly targetLabel: string;
  /** Document transfer after the run (config `documents` or the built-in profile's default); null when none. */
  readonly documents: DocumentTransferPlan | null;
  /** Things the user should know before the run (e.g. a code-list map that no mapping reads); no personal data. */
  readonly warnings: readonly string[];
}

/** How the migration will be used. */
export interface BuildMigrationOptions {
  /**
   * A dry run: a PGlite store that does not exist yet is not created; the run stages into an
   * in-memory PGlite instead (the same as an empty store), so that a dry run writes nothing.
   */
  readonly dryRun?: boolean;
}

/** What a user mapping module may export (any one of these). */
export interface MappingModuleContext {
  readonly source: Connector;
  readonly target: CanonicalTarget;
  readonly options: MigrationOptions;
  /** The run's commune and source system (from the config). */
  readonly tenant: Tenant;
}

/** Builds the migration a config describes. */
export async function buildMigration(
  loaded: LoadedConfig,
  env: Readonly<Record<string, string | undefined>>,
  build: BuildMigrationOptions = {},
): Promise<PreparedMigration> {
  const { config } = loaded;
  // The tenant comes from the config only: no default, and never from the mapping module or profile.
  const tenant = configTenant(config);
  const source = await createSource(loaded, env);
  const { target, label } = await createTarget(loaded, env, build);
  const options = migrationOptions(config);
  const resolved = await resolveMappings(loaded, { source, target, options, tenant });
  const definition = defineMigration({
    name: config.name ?? resolved.name ?? 'migration',
    source,
    commune: tenant.commune,
    sourceSystem: tenant.sourceSystem,
    ...(config.tenant?.year !== undefined ? { communeYear: config.tenant.year } : {}),
    mappings: resolved.mappings,
    target,
    // The profile's (or module's) thresholds and the config's add up: a config cannot drop an allowance by accident.
    options: withDefaultThresholds(
      { ...resolved.options, ...options, ...combinedThresholds(resolved.options?.thresholds, options.thresholds) },
      isBuiltinProfileName(config.mappings),
    ),
  });
  return {
    definition,
    warnings: resolved.warnings ?? [],
    targetLabel: label,
    documents: planDocumentTransfer(loaded, source),
  };
}

/** The config's tenant, checked (TenantError CB_TENANT_MISSING / CB_TENANT_INVALID naming the field). */
export function configTenant(config: CliConfig): Tenant {
  return checkTenant({ commune: config.tenant?.commune, sourceSystem: config.tenant?.sourceSystem }, config.tenant?.year, isKnownMunicipality);
}

/** Creates the source connector of a config. */
export async function createSource(loaded: LoadedConfig, env: Readonly<Record<string, string | undefined>>): Promise<Connector> {
  const s = loaded.config.source;
  const name = s.name ?? loaded.config.tenant?.sourceSystem ?? s.connector;
  if (s.connector === 'files') {
    const { createFileConnector } = await import('../../connectors/files/index.js');
    return createFileConnector({ name, baseDir: resolvePath(loaded, s.baseDir), tables: s.tables });
  }
  const password = resolveSecret(s.password, env, '/source/password');
  const connectionString = resolveSecret(s.connectionString, env, '/source/connectionString');
  const common = {
    name,
    ...(connectionString !== undefined ? { connectionString } : {}),
    ...(s.port !== undefined ? { port: s.port } : {}),
    ...(s.user !== undefined ? { user: s.user } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(s.database !== undefined ? { database: s.database } : {}),
    ...(s.poolSize !== undefined ? { poolSize: s.poolSize } : {}),
  };
  if (s.connector === 'postgres') {
    const { createPostgresConnector } = await import('../../connectors/postgres/index.js');
    return createPostgresConnector({ ...common, ...(s.host !== undefined ? { host: s.host } : {}), ...(s.schema !== undefined ? { schema: s.schema } : {}) });
  }
  if (s.connector === 'mysql') {
    const { createMysqlConnector } = await import('../../connectors/mysql/index.js');
    return createMysqlConnector({ ...common, ...(s.host !== undefined ? { host: s.host } : {}) });
  }
  const { createMssqlConnector } = await import('../../connectors/mssql/index.js');
  const server = s.server ?? s.host;
  return createMssqlConnector({
    ...common,
    ...(server !== undefined ? { server } : {}),
    ...(s.schema !== undefined ? { schema: s.schema } : {}),
    ...(s.encrypt !== undefined ? { encrypt: s.encrypt } : {}),
    ...(s.trustServerCertificate !== undefined ? { trustServerCertificate: s.trustServerCertificate } : {}),
  });
}

/** Creates the canonical target of a config (not opened). */
export async function createTarget(
  loaded: LoadedConfig,
  env: Readonly<Record<string, string | undefined>>,
  build: BuildMigrationOptions = {},
): Promise<{ target: CanonicalTarget; label: string }> {
  const t = loaded.config.target;
  if (t.kind === 'pglite') {
    const { createPgliteTarget } = await import('../../targets/pglite/index.js');
    const dataDir = resolvePath(loaded, t.dir);
    if (build.dryRun === true && !existsSync(dataDir))
      return { target: createPgliteTarget({}), label: `PGlite in memory (dry run: ${dataDir} is not created)` };
    return { target: createPgliteTarget({ dataDir }), label: `PGlite ${dataDir}` };
  }
  if (t.kind === 'jsonl') {
    const { createJsonlTarget } = await import('../../targets/jsonl/index.js');
    const dir = resolvePath(loaded, t.dir);
    return { target: createJsonlTarget({ dir }), label: `JSONL import folder ${dir}` };
  }
  const url = resolveSecret(t.url, env, '/target/url') ?? '';
  const { createPostgresTarget } = await import('../../targets/postgres/index.js');
  return { target: createPostgresTarget({ connectionString: url, ...(t.max !== undefined ? { max: t.max } : {}) }), label: `PostgreSQL ${redactUrl(url)}` };
}

/** A connection URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(connection string)';
  }
}

/**
 * A commune's config without thresholds gets `DEFAULT_THRESHOLDS` (more than 5 % quarantined or an
 * empty source fails the run). The built-in reference profiles keep none: their synthetic data plants
 * defects on purpose, so that rehearsals show every kind of finding.
 */
export function withDefaultThresholds(options: MigrationOptions, builtinProfile: boolean): MigrationOptions {
  return options.thresholds !== undefined || builtinProfile ? options : { ...options, thresholds: DEFAULT_THRESHOLDS };
}

function migrationOptions(config: CliConfig): MigrationOptions {
  const o = config.options ?? {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as MigrationOptions;
}

interface ResolvedMappings {
  readonly warnings?: readonly string[];
  readonly name?: string;
  readonly mappings: readonly SourceMapping[];
  readonly options?: MigrationOptions;
}

async function resolveMappings(loaded: LoadedConfig, ctx: MappingModuleContext): Promise<ResolvedMappings> {
  const spec = loaded.config.mappings;
  const codeListMapsDir = loaded.config.codeListMapsDir !== undefined ? resolvePath(loaded, loaded.config.codeListMapsDir) : undefined;
  if (isBuiltinProfileName(spec)) {
    const profile = await loadBuiltinProfile(spec);
    return {
      warnings:
        codeListMapsDir === undefined
          ? []
          : unusedCodeListMaps(codeListMapsDir, loaded.config.codeListMapsDir ?? '', profile.name, profile.codeListMapFiles ?? []),
      name: profile.name,
      mappings: profile.mappings(codeListMapsDir !== undefined ? { codeListMapsDir } : {}),
      ...(profile.thresholds === undefined ? {} : { options: { thresholds: profile.thresholds } }),
    };
  }
  const file = path.resolve(loaded.baseDir, spec);
  if (looksLikeProfileName(spec) && !existsSync(file)) {
    const suggestion = suggest(spec, BUILTIN_PROFILES);
    throw new ConfigurationError(
      `Config field /mappings: "${spec}" is neither a built-in profile nor a module file.${suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`} Built-in profiles: ${BUILTIN_PROFILES.join(', ')}; or give a path to your mapping module (e.g. "./mappings/commune.mjs").`,
      { details: { field: '/mappings', known: BUILTIN_PROFILES.join(','), ...(suggestion === undefined ? {} : { suggestion }) } },
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (cause) {
    throw new ConfigurationError(
      `Config field /mappings: the module could not be loaded (${(cause as Error).message}). Use a built-in profile name or a path to an .mjs/.js module.`,
      {
        cause,
        details: { field: '/mappings', file },
      },
    );
  }
  let value: unknown =
    mod['default'] ?? mod['migration'] ?? mod['createMigration'] ?? (Array.isArray(mod['mappings']) ? { mappings: mod['mappings'] } : undefined);
  if (typeof value === 'function') value = await (value as (c: MappingModuleContext) => unknown)(ctx);
  // A mapping module loads its own maps: the config's folder reaches only the built-in profiles.
  const warnings =
    codeListMapsDir === undefined
      ? []
      : [
          `codeListMapsDir "${loaded.config.codeListMapsDir ?? ''}" is read by the built-in profiles only; your mapping module loads its own code-list maps, so no file in it is used.`,
        ];
  if (Array.isArray(value)) return { warnings, mappings: value as SourceMapping[] };
  if (typeof value === 'object' && value !== null && Array.isArray((value as { mappings?: unknown }).mappings)) {
    // A full MigrationDefinition contributes its mappings, name and options; source, target and the
    // tenant always come from the config so that one mapping module serves every commune.
    const v = value as Partial<MigrationDefinition> & { mappings: readonly SourceMapping[] };
    return {
      warnings,
      mappings: v.mappings,
      ...(typeof v.name === 'string' ? { name: v.name } : {}),
      ...(v.options !== undefined ? { options: v.options } : {}),
    };
  }
  throw new ConfigurationError(
    'Config field /mappings: the module exports no mappings (expected a default export or `migration`/`createMigration`/`mappings`).',
    {
      details: { field: '/mappings', file },
    },
  );
}

/**
 * One warning per file in `dir` that no mapping of the built-in profile reads: an approved map under
 * another name (`case-type.csv` instead of `dossier-art.csv`) must not be ignored silently.
 */
export function unusedCodeListMaps(dir: string, shown: string, profile: string, files: readonly string[]): string[] {
  if (!existsSync(dir)) return [`codeListMapsDir "${shown}" does not exist: the ${profile} profile uses its shipped code-list maps.`];
  const known = new Set(files);
  return readdirSync(dir)
    .filter((f) => !known.has(f) && !f.startsWith('.'))
    .sort()
    .map(
      (f) =>
        `codeListMapsDir: ${path.join(shown, f)} is used by no mapping. The ${profile} profile reads ${files.join(', ')}; name your map after the one it replaces (files missing there come from the shipped maps).`,
    );
}

/** A bare word such as `flatfile` (no folder, no extension): meant as a profile name, not a module path. */
function looksLikeProfileName(spec: string): boolean {
  return !/[\\/]/.test(spec) && path.extname(spec) === '';
}

/** The thresholds of the profile and of the config together; none when neither declares any (the defaults then apply). */
function combinedThresholds<T>(fromProfile: readonly T[] | undefined, fromConfig: readonly T[] | undefined): { thresholds?: T[] } {
  if (fromProfile === undefined && fromConfig === undefined) return {};
  return { thresholds: [...(fromProfile ?? []), ...(fromConfig ?? [])] };
}

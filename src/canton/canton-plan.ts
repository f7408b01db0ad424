/**
 * A canton plan: which communes migrate, in which waves, through which stages, with how much
 * parallelism and how many retries. It is a JSON file (or an object passed to the library API); each
 * commune points to its own casebridge config (source, mappings, target), so a plan adds orchestration
 * and nothing else.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { ConfigurationError } from '../core/errors.js';
import { municipalityInfo } from '../validators/municipality.js';

/** The stages a commune can go through, in this order. */
export const CANTON_STAGES = ['profile', 'dry-run', 'run', 'statistics'] as const;
/** One of {@link CANTON_STAGES}. */
export type CantonStage = (typeof CANTON_STAGES)[number];

/** One commune of a plan. */
export interface CantonCommune {
  /** BFS municipality number; must equal the `tenant.commune` of its config. */
  readonly commune: number;
  /** Path of the commune's casebridge config (relative to the plan file). */
  readonly config: string;
  /** Stages to run, in canonical order (default `['dry-run', 'run']`). */
  readonly stages?: readonly CantonStage[];
}

/** A wave: its communes start only when every commune of the previous wave has finished all its stages. */
export interface CantonWave {
  readonly name: string;
  readonly communes: readonly CantonCommune[];
}

/** A canton plan as written in its JSON file. */
export interface CantonPlanInput {
  /** Unique name of the plan (a canton store holds many plans; tasks are keyed by it). */
  readonly name: string;
  /** PostgreSQL connection of the canton store, where the job queue and the plan's tasks live. A string or `{ "env": "NAME" }`. */
  readonly store: string | { readonly env: string };
  /** Stage jobs one worker process runs at once (default 2). */
  readonly concurrency?: number;
  /** Retries of a failed or lost stage job, with exponential back-off from `delaySeconds` (defaults 2 and 5). */
  readonly retry?: { readonly limit?: number; readonly delaySeconds?: number };
  /** Period of the `statistics` stage (`YYYY` or `YYYY-MM`). */
  readonly statisticsPeriod?: string;
  /** Folder of the per-commune reports and the canton overview (default `canton-reports`, relative to the plan file). */
  readonly reportsDir?: string;
  readonly waves: readonly CantonWave[];
}

/** A checked plan, with paths made absolute and defaults applied. */
export interface CantonPlan {
  readonly name: string;
  readonly storeUrl: string;
  readonly concurrency: number;
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  readonly statisticsPeriod: string | null;
  readonly reportsDir: string;
  readonly waves: readonly {
    readonly name: string;
    readonly communes: readonly { readonly commune: number; readonly config: string; readonly stages: readonly CantonStage[] }[];
  }[];
}

const PLAN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'store', 'waves'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$' },
    store: {
      oneOf: [
        { type: 'string', minLength: 1 },
        { type: 'object', additionalProperties: false, required: ['env'], properties: { env: { type: 'string', minLength: 1 } } },
      ],
    },
    concurrency: { type: 'integer', minimum: 1, maximum: 64 },
    retry: {
      type: 'object',
      additionalProperties: false,
      properties: { limit: { type: 'integer', minimum: 0, maximum: 20 }, delaySeconds: { type: 'integer', minimum: 0, maximum: 86_400 } },
    },
    statisticsPeriod: { type: 'string', pattern: '^\\d{4}(-\\d{2})?$' },
    reportsDir: { type: 'string', minLength: 1 },
    waves: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'communes'],
        properties: {
          name: { type: 'string', minLength: 1 },
          communes: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['commune', 'config'],
              properties: {
                commune: { type: 'integer', minimum: 1, maximum: 9999 },
                config: { type: 'string', minLength: 1 },
                stages: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...CANTON_STAGES] } },
              },
            },
          },
        },
      },
    },
  },
} as const;

const validate = new Ajv2020({ allErrors: true }).compile(PLAN_SCHEMA);

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(plan)' : error.instancePath;
  if (error.keyword === 'additionalProperties') return `${where}: unknown field "${String(error.params['additionalProperty'])}"`;
  if (error.keyword === 'enum') return `${where}: must be one of ${CANTON_STAGES.join(', ')}`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}

/**
 * Checks a plan and applies its defaults. Paths resolve against `baseDir` (the plan file's folder);
 * `{ "env": NAME }` reads the store URL from `env`. Every problem is named with its JSON path.
 */
export function checkCantonPlan(raw: unknown, baseDir: string, env: Readonly<Record<string, string | undefined>> = process.env, file = '<plan>'): CantonPlan {
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map(describe);
    throw new ConfigurationError(`Canton plan ${path.basename(file)} is invalid: ${problems.join('; ')}.`, {
      details: { file: path.basename(file), problems: problems.length },
    });
  }
  const input = raw as CantonPlanInput;
  const storeUrl = typeof input.store === 'string' ? input.store : env[input.store.env];
  if (storeUrl === undefined || storeUrl === '')
    throw new ConfigurationError(`Canton plan ${path.basename(file)}: the store's environment variable is not set.`, { details: { field: 'store.env' } });
  if (!/^postgres(ql)?:\/\//.test(storeUrl))
    throw new ConfigurationError(
      `Canton plan ${path.basename(file)}: "store" must be a PostgreSQL URL (postgres://…): the job queue needs a PostgreSQL server.`,
      { details: { field: 'store' } },
    );
  const seen = new Set<number>();
  const waves = input.waves.map((wave, w) => ({
    name: wave.name,
    communes: wave.communes.map((c, i) => {
      if (municipalityInfo(c.commune) === undefined)
        throw new ConfigurationError(`Canton plan: /waves/${w}/communes/${i}/commune ${c.commune} is not a BFS municipality number.`, {
          details: { field: `/waves/${w}/communes/${i}/commune` },
        });
      if (seen.has(c.commune))
        throw new ConfigurationError(`Canton plan: commune ${c.commune} is listed twice (/waves/${w}/communes/${i}).`, {
          details: { field: `/waves/${w}/communes/${i}/commune` },
        });
      seen.add(c.commune);
      const stages = c.stages ?? ['dry-run', 'run'];
      if (stages.includes('statistics') && input.statisticsPeriod === undefined)
        throw new ConfigurationError(`Canton plan: commune ${c.commune} has a statistics stage but the plan sets no "statisticsPeriod".`, {
          details: { field: 'statisticsPeriod' },
        });
      return { commune: c.commune, config: path.resolve(baseDir, c.config), stages: CANTON_STAGES.filter((s) => stages.includes(s)) };
    }),
  }));
  return {
    name: input.name,
    storeUrl,
    concurrency: input.concurrency ?? 2,
    retryLimit: input.retry?.limit ?? 2,
    retryDelaySeconds: input.retry?.delaySeconds ?? 5,
    statisticsPeriod: input.statisticsPeriod ?? null,
    reportsDir: path.resolve(baseDir, input.reportsDir ?? 'canton-reports'),
    waves,
  };
}

/** Reads and checks a plan file. */
export async function loadCantonPlan(file: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<CantonPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigurationError(`Canton plan file ${file} cannot be read.`, { cause, details: { file: path.basename(file) } });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigurationError(`Canton plan file ${path.basename(file)} is not valid JSON: ${(cause as Error).message}.`, {
      cause,
      details: { file: path.basename(file) },
    });
  }
  return checkCantonPlan(raw, path.dirname(path.resolve(file)), env, file);
}

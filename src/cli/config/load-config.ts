/**
 * Finds, loads and checks the CLI config: `casebridge.config.json`, or `.mjs`/`.js`/`.ts` loaded by
 * dynamic import (default export or `config`). A bad field fails with a ConfigurationError naming its
 * JSON pointer; `{"env": "NAME"}` secrets are resolved from the environment (a missing variable is named,
 * its value never printed).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { closest, distance } from 'fastest-levenshtein';
import { ConfigurationError } from '../../core/errors.js';
import type { CliConfig, LoadedConfig } from './cli-config.js';
import { CONFIG_SCHEMA, type SecretValue } from './config-schema.js';

/** File names looked for in the working directory when no `--config` is given, in this order. */
export const CONFIG_FILE_NAMES = ['casebridge.config.json', 'casebridge.config.mjs', 'casebridge.config.js', 'casebridge.config.ts'] as const;

// verbose: errors carry their parentSchema, which lists the allowed fields for a typo suggestion.
const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile(CONFIG_SCHEMA);

/** Loads the config from `file` (or the first default name found in `cwd`). */
export async function loadConfig(file: string | undefined, cwd: string): Promise<LoadedConfig> {
  const resolved = file !== undefined ? path.resolve(cwd, file) : CONFIG_FILE_NAMES.map((n) => path.join(cwd, n)).find((p) => existsSync(p));
  if (resolved === undefined) {
    throw new ConfigurationError(`No config file found: pass --config <file> or create ${CONFIG_FILE_NAMES[0]} (see docs/cli.md).`, { details: { cwd } });
  }
  if (!existsSync(resolved)) throw new ConfigurationError('The config file does not exist.', { details: { file: resolved } });
  const raw = resolved.endsWith('.json') ? await readJson(resolved) : await importConfig(resolved);
  return { config: checkConfig(raw, resolved), file: resolved, baseDir: path.dirname(resolved) };
}

/**
 * Validates a config object; throws a ConfigurationError that names the first bad field and says what
 * to write instead: an unknown field with the closest allowed name, a wrong value with the allowed ones.
 */
export function checkConfig(raw: unknown, file = '<inline>'): CliConfig {
  if (validate(raw)) return raw as unknown as CliConfig;
  const errors = validate.errors ?? [];
  // A typo is reported as the unknown field, not as the required field it misspells.
  const unknown = errors.find((e) => e.keyword === 'additionalProperties' && !isBranchNoise(e, errors));
  if (unknown !== undefined) {
    const name = String((unknown.params as { additionalProperty?: string }).additionalProperty);
    const allowed = Object.keys((unknown.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
    const field = unknown.instancePath === '' ? '(top level)' : unknown.instancePath;
    const suggestion = suggest(name, allowed);
    throw new ConfigurationError(
      `Config field ${field}: unknown field "${name}".${suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`}${allowed.length > 0 ? ` Allowed fields: ${allowed.join(', ')}.` : ''}`,
      { details: { file, field: `${unknown.instancePath}/${name}`, ...(suggestion === undefined ? {} : { suggestion }) } },
    );
  }
  const error = mostSpecific(errors);
  const field = error?.instancePath === '' || error === undefined ? '(top level)' : error.instancePath;
  const allowedValues = error === undefined ? [] : allowedValuesAt(error.instancePath, errors);
  if (allowedValues.length > 0) {
    throw new ConfigurationError(`Config field ${field}: must be one of ${allowedValues.map((v) => JSON.stringify(v)).join(', ')}.`, {
      details: { file, field, allowed: allowedValues.join(',') },
    });
  }
  throw new ConfigurationError(`Config field ${field}: ${error?.message ?? 'is invalid'}.`, { details: { file, field } });
}

/** The closest allowed name when it is near enough to be a typo. */
export function suggest(name: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const best = closest(name, allowed);
  return distance(name.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Every value an `enum`/`const` at `instancePath` accepts, over all `oneOf` branches (the source's
 * `connector` is `const: "files"` in one branch and an enum in the other).
 */
function allowedValuesAt(instancePath: string, errors: readonly ErrorObject[]): string[] {
  const values = new Set<string>();
  for (const e of errors) {
    if (e.instancePath !== instancePath) continue;
    if (e.keyword === 'enum') for (const v of (e.params as { allowedValues?: unknown[] }).allowedValues ?? []) values.add(String(v));
    if (e.keyword === 'const') values.add(String((e.params as { allowedValue?: unknown }).allowedValue));
  }
  return [...values];
}

/**
 * True for an unknown-field error from a `oneOf` branch that does not apply: the SQL source branch
 * rejects `baseDir` of a files source, recognisable by its failed discriminator (`connector`, `kind`, `from`).
 */
function isBranchNoise(error: ErrorObject, errors: readonly ErrorObject[]): boolean {
  const branch = /^(.*\/oneOf\/\d+)\//.exec(error.schemaPath)?.[1];
  if (branch === undefined) return false;
  return errors.some(
    (e) => e.schemaPath.startsWith(`${branch}/`) && (e.keyword === 'const' || e.keyword === 'enum') && /\/(connector|kind|from)$/.test(e.instancePath),
  );
}

/** Resolves a secret; throws when its environment variable is unset (naming the variable only). */
export function resolveSecret(value: SecretValue | undefined, env: Readonly<Record<string, string | undefined>>, field: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  const found = env[value.env];
  if (found === undefined || found === '') {
    throw new ConfigurationError(`Config field ${field} reads the environment variable ${value.env}, which is not set.`, {
      details: { field, variable: value.env },
    });
  }
  return found;
}

/** Resolves a config-relative path. */
export function resolvePath(loaded: LoadedConfig, p: string): string {
  return path.resolve(loaded.baseDir, p);
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ConfigurationError(`The config file is not valid JSON: ${(cause as Error).message}`, { cause, details: { file } });
  }
}

async function importConfig(file: string): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (cause) {
    const hint = file.endsWith('.ts') ? ' A .ts config needs a TypeScript-aware Node (run through `npx tsx`), or use .mjs.' : '';
    throw new ConfigurationError(`The config module could not be loaded: ${(cause as Error).message}.${hint}`, { cause, details: { file } });
  }
  const value = mod['default'] ?? mod['config'];
  if (value === undefined) throw new ConfigurationError('The config module must export the config as default export or as `config`.', { details: { file } });
  return typeof value === 'function' ? await (value as () => unknown)() : value;
}

/** Picks the error deepest in the document (oneOf branches report their parent too). */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const real = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const pool = real.length > 0 ? real : errors;
  return [...pool].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
}

/**
 * `casebridge stats shs|kokes|indicators`: the statistics products read from a canonical store given as
 * `--target pglite:<dir>` / `--target postgres://…` or by the `target` of a config file (`--config`).
 * `shs` writes the monthly SHS delivery files (layout v1), `kokes` the yearly KOKES extract (JSON),
 * `indicators` prints the indicator table of a commune, service or the canton. Every published count is
 * suppressed below the threshold; no output holds a name, an address or an AHV number. The person-key
 * secret is read from an environment variable (never from the command line).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError } from '../../core/errors.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';
import { loadConfig, resolvePath, resolveSecret } from '../config/load-config.js';
import { EXIT_CODES } from '../exit-codes.js';
import { DEFAULT_KEY_FILE, KEY_FILE_OPTION_HELP, resolveKeyFile } from '../pseudonym-key-option.js';
import { loadPseudonymKeyFile } from '../../core/pseudonyms/pseudonym-key-file.js';
import { parsePeriod, type StatsPeriod } from '../../stats/period.js';
import { personKeyFunction } from '../../stats/shs/person-key.js';
import { openStatsStore, type OpenStatsStore } from '../../stats/store/open-stats-store.js';
import { splitKokesExtract } from '../../stats/kokes/build-kokes-extract.js';
import { indicatorsFromStore, kokesExtractFromStore, writeShsDeliveryFromStore } from '../../stats/stats-from-store.js';
import type { IndicatorScope } from '../../stats/indicators/indicator-accumulator.js';

interface StoreOptions {
  readonly target?: string;
  readonly config?: string;
  readonly period: string;
  readonly secretEnv?: string;
  readonly keyFile?: string;
}

async function openStore(opts: StoreOptions, command: Command): Promise<OpenStatsStore> {
  const { io } = cliContext(command);
  if ((opts.target === undefined) === (opts.config === undefined)) {
    throw new ConfigurationError('stats: give exactly one of --target <pglite:dir|postgres://…> or --config <file>.', {
      details: { option: '--target|--config' },
    });
  }
  if (opts.target !== undefined) {
    const spec = opts.target.startsWith('pglite:') ? `pglite:${path.resolve(io.cwd, opts.target.slice('pglite:'.length))}` : opts.target;
    return openStatsStore(spec);
  }
  const loaded = await loadConfig(opts.config, io.cwd);
  const t = loaded.config.target;
  if (t.kind === 'jsonl')
    throw new ConfigurationError('stats: the statistics read a canonical store (pglite or postgres target), not a jsonl import folder.', {
      details: { field: '/target/kind' },
    });
  return openStatsStore(t.kind === 'pglite' ? `pglite:${resolvePath(loaded, t.dir)}` : (resolveSecret(t.url, io.env, '/target/url') ?? ''));
}

/**
 * The person-key function: the secret of `--secret-env`, else the canton's key file (`--key-file`, the
 * config's, or `casebridge-keys/pseudonyms.key` in the working directory; created on first use).
 */
async function personKey(opts: StoreOptions, command: Command): Promise<ReturnType<typeof personKeyFunction>> {
  const { io } = cliContext(command);
  if (opts.secretEnv !== undefined) {
    const secret = io.env[opts.secretEnv];
    if (secret === undefined || secret === '') {
      throw new ConfigurationError('The person-key secret variable is not set.', { details: { option: '--secret-env', variable: opts.secretEnv } });
    }
    return personKeyFunction({ secret });
  }
  const file =
    opts.config !== undefined
      ? resolveKeyFile(await loadConfig(opts.config, io.cwd), opts.keyFile, io.cwd)
      : path.resolve(io.cwd, opts.keyFile ?? DEFAULT_KEY_FILE);
  const { key } = await loadPseudonymKeyFile(file, { create: true, scope: 'statistics' });
  return personKeyFunction({ key });
}

function threshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigurationError('--threshold must be a whole number from 1 up.', { details: { option: '--threshold' } });
  return n;
}

function withStoreOptions(command: Command): Command {
  return command
    .requiredOption('-p, --period <period>', 'YYYY or YYYY-MM')
    .option('-t, --target <target>', 'canonical store: pglite:<dir> or postgres://…')
    .option('-c, --config <file>', 'take the store from the target of a casebridge config file');
}

async function withStore<T>(opts: StoreOptions, command: Command, fn: (store: OpenStatsStore, period: StatsPeriod) => Promise<T>): Promise<T> {
  const period = parsePeriod(opts.period);
  const store = await openStore(opts, command);
  try {
    return await fn(store, period);
  } finally {
    await store.close();
  }
}

/** Registers `stats` with its subcommands `shs`, `kokes` and `indicators`. */
export function registerStatsCommand(program: Command): void {
  const stats = program.command('stats').description('statistics from a canonical store: BFS SHS delivery, KOKES extract, canton indicators');

  withStoreOptions(stats.command('shs').description('write the SHS monthly delivery (layout v1) of a month or of every month of a year'))
    .option('-o, --out <dir>', 'output folder', 'shs-delivery')
    .option('-f, --format <format>', 'csv or jsonl', 'csv')
    .option('--include-failing', 'also deliver dossiers with blocking plausibility issues')
    .option('--secret-env <name>', 'environment variable holding the person-key secret (instead of the key file)')
    .option('--key-file <file>', KEY_FILE_OPTION_HELP)
    .action(async (opts: StoreOptions & { out: string; format: string; includeFailing?: boolean }, command: Command) => {
      if (opts.format !== 'csv' && opts.format !== 'jsonl') throw new ConfigurationError('--format must be csv or jsonl.', { details: { option: '--format' } });
      const outDir = path.resolve(cliContext(command).io.cwd, opts.out);
      const manifests = await withStore(opts, command, async (store, period) =>
        writeShsDeliveryFromStore(store.db, {
          period,
          outDir,
          format: opts.format as 'csv' | 'jsonl',
          personKey: await personKey(opts, command),
          includeFailing: opts.includeFailing === true,
        }),
      );
      const excluded = manifests.reduce((t, m) => t + m.excludedDossiers, 0);
      if (excluded > 0) cliContext(command).exitCode = EXIT_CODES.WARNINGS;
      if (globalFlags(command).json) {
        printJson(command, { ok: excluded === 0, outDir, months: manifests });
        return;
      }
      printLine(command, `SHS delivery (layout ${manifests[0]?.layoutVersion ?? ''}) in ${outDir}`);
      for (const m of manifests) {
        printLine(
          command,
          `  ${m.month}: ${String(m.rows.dossiers)} dossiers, ${String(m.rows.persons)} persons, ${String(m.rows.bookings)} bookings, paid CHF ${m.controlTotals.paidInMonthChf}, left out ${String(m.excludedDossiers)}`,
        );
      }
      if (excluded > 0) printLine(command, `${String(excluded)} dossier-months left out for plausibility errors: see shs-<month>-issues.jsonl`);
    });

  withStoreOptions(stats.command('kokes').description('write the KOKES extract of a year (per KESB: persons by birth year and sex, measures and events)'))
    .option('-o, --out <file>', 'per-person file (audience: the KOKES statistics office only)', 'kokes-extract.json')
    .option('--tables-out <file>', 'aggregated count tables (audience: publication; default: <out>-tables.json)')
    .option('--threshold <n>', 'suppress counts below n in the count tables (default 5)')
    .option('--secret-env <name>', 'environment variable holding the person-key secret (instead of the key file)')
    .option('--key-file <file>', KEY_FILE_OPTION_HELP)
    .action(async (opts: StoreOptions & { out: string; tablesOut?: string; threshold?: string }, command: Command) => {
      if (!/^\d{4}$/.test(opts.period.trim()))
        throw new ConfigurationError('The KOKES statistics are yearly: --period YYYY.', { details: { option: '--period' } });
      const t = threshold(opts.threshold);
      const extract = await withStore(opts, command, async (store, period) =>
        kokesExtractFromStore(store.db, {
          year: Number(period.label),
          personKey: await personKey(opts, command),
          ...(t === undefined ? {} : { threshold: t }),
        }),
      );
      const file = path.resolve(cliContext(command).io.cwd, opts.out);
      const tablesFile = path.resolve(cliContext(command).io.cwd, opts.tablesOut ?? `${opts.out.replace(/\.json$/i, '')}-tables.json`);
      if (tablesFile === file)
        throw new ConfigurationError('stats kokes: the per-person file and the count tables must be separate files.', { details: { option: '--tables-out' } });
      // Per-person rows and suppressed tables go to separate files for separate audiences.
      const split = splitKokesExtract(extract);
      for (const [target, content] of [
        [file, split.persons],
        [tablesFile, split.tables],
      ] as const) {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, `${JSON.stringify(content, null, 2)}\n`, 'utf8');
      }
      const summary = extract.authorities.map((a) => ({ kesbId: a.kesbId, persons: a.persons.length, counts: a.counts }));
      if (globalFlags(command).json) {
        printJson(command, { ok: true, file, tablesFile, year: extract.year, threshold: extract.threshold, authorities: summary });
        return;
      }
      printLine(command, `KOKES extract ${String(extract.year)}: per-person rows (KOKES office only) ${file}; count tables (publication) ${tablesFile}`);
      for (const a of summary)
        printLine(
          command,
          `  ${a.kesbId}: ${Object.entries(a.counts)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(', ')}`,
        );
    });

  withStoreOptions(stats.command('indicators').description('print the indicator table of the canton, some communes or a service'))
    .option('--commune <numbers>', 'comma-separated BFS commune numbers (default: the whole canton)')
    .option('--service <id>', 'canonical id of a social service')
    .option('--population <n>', 'permanent resident population, for the social-assistance rate')
    .option('--threshold <n>', 'suppress counts below n (default 5)')
    .action(async (opts: StoreOptions & { commune?: string; service?: string; population?: string; threshold?: string }, command: Command) => {
      if (opts.commune !== undefined && opts.service !== undefined)
        throw new ConfigurationError('Give --commune or --service, not both.', { details: { option: '--commune|--service' } });
      let scope: IndicatorScope = { kind: 'canton' };
      if (opts.commune !== undefined) {
        const numbers = opts.commune.split(',').map((s) => Number(s.trim()));
        if (numbers.some((n) => !Number.isInteger(n) || n <= 0))
          throw new ConfigurationError('--commune takes BFS numbers, e.g. 351,355.', { details: { option: '--commune' } });
        scope = { kind: 'commune', municipalityBfsNumbers: numbers };
      } else if (opts.service !== undefined) scope = { kind: 'service', serviceId: opts.service };
      const population = opts.population === undefined ? undefined : Number(opts.population);
      if (population !== undefined && (!Number.isInteger(population) || population <= 0))
        throw new ConfigurationError('--population must be a positive whole number.', { details: { option: '--population' } });
      const t = threshold(opts.threshold);
      const table = await withStore(opts, command, (store, period) =>
        indicatorsFromStore(store.db, { period, scope, ...(population === undefined ? {} : { population }), ...(t === undefined ? {} : { threshold: t }) }),
      );
      if (globalFlags(command).json) {
        printJson(command, table);
        return;
      }
      printLine(command, `Indicators ${table.period}, ${table.scope} (counts below ${String(table.threshold)} shown as ${table.suppressedMarker})`);
      for (const [name, value] of Object.entries(table)) {
        if (['period', 'scope', 'threshold', 'suppressedMarker'].includes(name)) continue;
        const text =
          value !== null && typeof value === 'object'
            ? Object.entries(value)
                .map(([k, v]) => `${k}=${String(v)}`)
                .join(', ') || '—'
            : String(value ?? '—');
        printLine(command, `  ${name.padEnd(28)} ${text}`);
      }
    });
}

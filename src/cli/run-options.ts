/** Options shared by `run` and `dry-run`, and how they become a prepared migration. */
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { validate as uuidValidate } from 'uuid';
import { cliContext } from './cli-context.js';
import { buildMigration } from './config/build-migration.js';
import type { ReportFormat } from './config/cli-config.js';
import { loadConfig } from './config/load-config.js';
import { executeRun } from './execute-run.js';
import { EXIT_CODES } from './exit-codes.js';
import { KEY_FILE_OPTION_HELP, resolveKeyFile } from './pseudonym-key-option.js';
import { LANG_OPTION_HELP, parseLang, reportLanguageFor } from './lang-option.js';
import type { ReportLanguage } from '../core/report/i18n/report-language.js';

/** Parsed options of `run` / `dry-run`. */
interface RunCommandOptions {
  readonly config?: string;
  readonly reports?: string;
  readonly strict?: boolean;
  readonly runId?: string;
  readonly resume?: boolean;
  readonly keyFile?: string;
  readonly lang?: ReportLanguage;
  readonly signingKey?: string;
}

/** Adds the shared options to a run-like command. */
export function withRunOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config file (default: casebridge.config.json|mjs|js|ts in the working directory)')
    .option('-r, --reports <dir>', 'folder for the reports (default: config reports.dir or ./casebridge-reports)')
    .option('--strict', 'exit 1 when the run passed with warnings')
    .option('--key-file <file>', KEY_FILE_OPTION_HELP)
    .option('--lang <lang>', LANG_OPTION_HELP, parseLang)
    .option('--signing-key <file>', "Ed25519 private key (PEM) that signs the run's chain link (default: config signingKey; see `casebridge keys`)")
    .option('--run-id <uuid>', 'run id (to resume an interrupted run together with --resume)', parseRunId);
}

/** Checks `--run-id` before anything connects: run ids are UUIDs (the ledger's key). */
export function parseRunId(value: string): string {
  if (!uuidValidate(value))
    throw new InvalidArgumentError('A run id is a UUID such as 3f2b8c1e-5d4a-4b7e-9c2f-1a2b3c4d5e6f: copy it from the run log or the report.');
  return value.toLowerCase();
}

/** Loads the config, builds the migration and runs it. */
export async function runFromConfig(command: Command, dryRun: boolean): Promise<void> {
  const { io } = cliContext(command);
  const opts = command.opts<RunCommandOptions>();
  if (opts.resume === true && opts.runId === undefined) {
    command.error('error: --resume needs the run to continue: pass --run-id <uuid> (printed when the run was interrupted, and in its report).', {
      exitCode: EXIT_CODES.USAGE,
      code: 'casebridge.resumeWithoutRunId',
    });
  }
  const loaded = await loadConfig(opts.config, io.cwd);
  const prepared = await buildMigration(loaded, io.env, { dryRun });
  for (const warning of prepared.warnings) io.stderr.write(`warning: ${warning}\n`);
  const reportsDir =
    opts.reports !== undefined ? path.resolve(io.cwd, opts.reports) : path.resolve(loaded.baseDir, loaded.config.reports?.dir ?? 'casebridge-reports');
  const formats: readonly ReportFormat[] = loaded.config.reports?.formats ?? ['json', 'html', 'md'];
  await executeRun(command, prepared, {
    dryRun,
    reportsDir,
    formats,
    strict: opts.strict === true,
    keyFile: resolveKeyFile(loaded, opts.keyFile, io.cwd),
    lang: reportLanguageFor(opts.lang, loaded.config.lang, io.env),
    ...signingKeyOption(opts.signingKey !== undefined ? path.resolve(io.cwd, opts.signingKey) : loaded.config.signingKey, loaded.baseDir),
    ...(opts.runId !== undefined ? { runId: opts.runId } : {}),
    ...(opts.resume === true ? { resume: true } : {}),
    resumeCommand: (runId) => `casebridge run -c ${shellQuote(path.relative(io.cwd, loaded.file) || loaded.file)} --run-id ${runId} --resume`,
  });
}

/** The `signingKeyFile` option of `executeRun` (a config path is relative to the config's folder). */
function signingKeyOption(file: string | undefined, baseDir: string): { signingKeyFile?: string } {
  return file === undefined ? {} : { signingKeyFile: path.resolve(baseDir, file) };
}

/** Quotes a path for a POSIX shell line when it needs it. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

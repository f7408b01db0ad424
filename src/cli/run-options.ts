/** Options shared by `run` and `dry-run`, and how they become a prepared migration. */
import path from 'node:path';
import type { Command } from 'commander';
import { cliContext } from './cli-context.js';
import { buildMigration } from './config/build-migration.js';
import type { ReportFormat } from './config/cli-config.js';
import { loadConfig } from './config/load-config.js';
import { executeRun } from './execute-run.js';
import { KEY_FILE_OPTION_HELP, resolveKeyFile } from './pseudonym-key-option.js';

/** Parsed options of `run` / `dry-run`. */
interface RunCommandOptions {
  readonly config?: string;
  readonly reports?: string;
  readonly strict?: boolean;
  readonly runId?: string;
  readonly resume?: boolean;
  readonly keyFile?: string;
}

/** Adds the shared options to a run-like command. */
export function withRunOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config file (default: casebridge.config.json|mjs|js|ts in the working directory)')
    .option('-r, --reports <dir>', 'folder for the reports (default: config reports.dir or ./casebridge-reports)')
    .option('--strict', 'exit 1 when the run passed with warnings')
    .option('--key-file <file>', KEY_FILE_OPTION_HELP)
    .option('--run-id <uuid>', 'run id (to resume an interrupted run together with --resume)');
}

/** Loads the config, builds the migration and runs it. */
export async function runFromConfig(command: Command, dryRun: boolean): Promise<void> {
  const { io } = cliContext(command);
  const opts = command.opts<RunCommandOptions>();
  const loaded = await loadConfig(opts.config, io.cwd);
  const prepared = await buildMigration(loaded, io.env);
  const reportsDir = opts.reports !== undefined ? path.resolve(io.cwd, opts.reports) : path.resolve(loaded.baseDir, loaded.config.reports?.dir ?? 'casebridge-reports');
  const formats: readonly ReportFormat[] = loaded.config.reports?.formats ?? ['json', 'html', 'md'];
  await executeRun(command, prepared, {
    dryRun,
    reportsDir,
    formats,
    strict: opts.strict === true,
    keyFile: resolveKeyFile(loaded, opts.keyFile, io.cwd),
    ...(opts.runId !== undefined ? { runId: opts.runId } : {}),
    ...(opts.resume === true ? { resume: true } : {}),
  });
}

/**
 * Builds the `casebridge` program and registers every command. One command per file in
 * `src/cli/commands/<name>-command.ts`, exporting `register<Name>Command(program)`; add new commands
 * to the list below (one line each).
 */
import { Command } from 'commander';
import { attachCliContext, type CliContext } from './cli-context.js';
import type { CliIo } from './cli-io.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerProfileCommand } from './commands/profile-command.js';
import { registerCodesCommand } from './commands/codes-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerDryRunCommand } from './commands/dry-run-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerValidateCommand } from './commands/validate-command.js';
import { registerInitConnectorCommand } from './commands/init-connector-command.js';
import { registerSchemaCommand } from './commands/schema-command.js';
import { registerStatsCommand } from './commands/stats-command.js';
import { registerQuarantineCommand } from './commands/quarantine-command.js';
import { registerResolveCommand } from './commands/resolve-command.js';
import { registerCantonCommand } from './commands/canton-command.js';
import { registerFixListCommand } from './commands/fixlist-command.js';
import { registerVerifyCommand } from './commands/verify-command.js';
import { registerKeysCommand } from './commands/keys-command.js';
import { registerRollbackCommand } from './commands/rollback-command.js';

/** The version printed by `casebridge --version`. */
export const CLI_VERSION = '0.1.0';

/** Every command, in help order. Add a line here to register a new command. */
const COMMANDS: readonly ((program: Command) => void)[] = [
  registerDemoCommand,
  registerProfileCommand,
  registerCodesCommand,
  registerRunCommand,
  registerDryRunCommand,
  registerReportCommand,
  registerValidateCommand,
  registerInitConnectorCommand,
  registerSchemaCommand,
  registerStatsCommand,
  registerQuarantineCommand,
  registerResolveCommand,
  registerCantonCommand,
  registerFixListCommand,
  registerVerifyCommand,
  registerKeysCommand,
  registerRollbackCommand,
];

/** Builds a fresh program bound to `io`; returns it with its invocation context. */
export function buildProgram(io: CliIo): { program: Command; context: CliContext } {
  const program = new Command('casebridge')
    .description('Migrate the case data of Swiss communal social services into one harmonized model, with proof that nothing is lost.')
    .version(CLI_VERSION)
    .option('--json', 'print one machine-readable JSON document on stdout')
    .option('--debug', 'print error stacks and causes')
    .option('--no-progress', 'no progress bars, plain lines only')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  const context = attachCliContext(program, io);
  for (const register of COMMANDS) register(program);
  // Subcommands inherit exitOverride and output settings only when set before they are added.
  for (const command of program.commands) applyToTree(command, io);
  return { program, context };
}

function applyToTree(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const sub of command.commands) applyToTree(sub, io);
}

/** `casebridge dry-run`: stage everything exactly like a run, roll back, report what would change. */
import type { Command } from 'commander';
import { runFromConfig, withRunOptions } from '../run-options.js';

/** Registers `dry-run`. */
export function registerDryRunCommand(program: Command): void {
  withRunOptions(
    program.command('dry-run').description('rehearse the migration: classify and stage every row, commit nothing, report what would change'),
  ).action(async (_opts: unknown, command: Command) => runFromConfig(command, true));
}

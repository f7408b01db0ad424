/** `casebridge run`: migrate for real, as the config describes, and write the reports. */
import type { Command } from 'commander';
import { runFromConfig, withRunOptions } from '../run-options.js';

/** Registers `run`. */
export function registerRunCommand(program: Command): void {
  withRunOptions(program.command('run').description('migrate the source into the target as the config describes, reconcile and write the reports'))
    .option('--resume', 'continue the interrupted run given by --run-id from its last checkpoint')
    .action(async (_opts: unknown, command: Command) => runFromConfig(command, false));
}

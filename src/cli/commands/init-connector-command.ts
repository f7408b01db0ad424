/** `casebridge init-connector <name> --dir <dir>`: scaffold a new source connector with its conformance test. */
import path from 'node:path';
import type { Command } from 'commander';
import { scaffoldConnector } from '../../connectors/scaffold/scaffold-connector.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';

/** Registers `init-connector`. */
export function registerInitConnectorCommand(program: Command): void {
  program
    .command('init-connector')
    .description('scaffold a new connector (driver, introspector, reader, control totals, adapter) and its conformance test')
    .argument('<name>', 'kebab-case connector name, e.g. acme-soz')
    .option('-d, --dir <dir>', 'folder to create (must be empty or absent; default ./<name>-connector)')
    .action(async (name: string, opts: { dir?: string }, command: Command) => {
      const { io } = cliContext(command);
      const result = await scaffoldConnector({ name, dir: path.resolve(io.cwd, opts.dir ?? `${name}-connector`) });
      if (globalFlags(command).json) printJson(command, { ok: true, ...result });
      else {
        printLine(command, `Created connector "${name}" in ${result.dir}:`);
        for (const f of result.files) printLine(command, `  ${f}`);
        printLine(command, 'Next: implement the TODOs, then run its conformance test (see docs/connectors.md).');
      }
    });
}

/**
 * How source-only commands (`profile`, `codes extract`) find their source: the config's `source`
 * section (`--config`), or a folder of CSV/JSONL files (`--files <dir>`) detected without any config.
 */
import type { Command } from 'commander';
import type { Connector } from '../core/connector/connector.js';
import { ConfigurationError } from '../core/errors.js';
import type { CliIo } from './cli-io.js';
import { createSource } from './config/build-migration.js';
import { loadConfig } from './config/load-config.js';
import { detectFileSource } from './detect-file-source.js';

/** Options of a source-only command. */
export interface SourceOptions {
  readonly config?: string;
  readonly files?: string;
}

/** Adds `--config` and `--files`. */
export function withSourceOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'take the source from this config (default: casebridge.config.* in the working directory)')
    .option('--files <dir>', 'a folder of .csv / .jsonl files (delimiter and encoding detected)');
}

/** The connector the options describe. */
export async function sourceFromOptions(opts: SourceOptions, io: CliIo): Promise<Connector> {
  if (opts.files !== undefined && opts.config !== undefined)
    throw new ConfigurationError('Give either --config or --files, not both.', { details: { option: '--config|--files' } });
  if (opts.files !== undefined) {
    const { createFileConnector } = await import('../connectors/files/index.js');
    return createFileConnector(await detectFileSource(opts.files, io.cwd));
  }
  const loaded = await loadConfig(opts.config, io.cwd);
  return createSource(loaded, io.env);
}

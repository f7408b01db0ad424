/**
 * Where the CLI finds the commune's pseudonym key: `--key-file`, else the config's `pseudonyms.keyFile`,
 * else `casebridge-keys/pseudonyms.key` beside the config. Runs that write reports create it on first
 * use; `resolve` and `stats` only read it.
 */
import path from 'node:path';
import type { LoadedConfig } from './config/cli-config.js';

/** Default key file, relative to the config's folder. */
export const DEFAULT_KEY_FILE = path.join('casebridge-keys', 'pseudonyms.key');

/** The `--key-file` option text. */
export const KEY_FILE_OPTION_HELP = `the commune's pseudonym key file (default: config pseudonyms.keyFile or ${DEFAULT_KEY_FILE} beside the config)`;

/** Absolute path of the key file for `loaded`; `override` is a `--key-file` given relative to `cwd`. */
export function resolveKeyFile(loaded: LoadedConfig, override: string | undefined, cwd: string): string {
  if (override !== undefined) return path.resolve(cwd, override);
  return path.resolve(loaded.baseDir, loaded.config.pseudonyms?.keyFile ?? DEFAULT_KEY_FILE);
}

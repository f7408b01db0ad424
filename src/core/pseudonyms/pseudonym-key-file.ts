/**
 * The key file of a canton's or commune's pseudonym secret: created on first use (mode 0600, never
 * overwritten), read on every later run. It must live outside the report folder, because whoever holds
 * both can resolve every pseudonym of the reports.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../errors.js';
import { PseudonymKey } from './pseudonym-key.js';

/** Format marker of a key file (its `format` member). */
export const PSEUDONYM_KEY_FILE_FORMAT = 'casebridge-pseudonym-key/1';

/** The JSON content of a key file. */
interface KeyFileContent {
  readonly format: string;
  /** Which canton, commune or source system the key belongs to (free label, not a secret). */
  readonly scope: string;
  readonly keyId: string;
  /** The secret, base64. */
  readonly secret: string;
  readonly createdAt: string;
}

/** Options of {@link loadPseudonymKeyFile}. */
export interface LoadPseudonymKeyOptions {
  /** Create the file with a fresh key when it does not exist (default false). */
  readonly create?: boolean;
  /** Label written into a new file (e.g. the commune or source system). */
  readonly scope?: string;
  /** Folders the key file must not be inside (the report folder). */
  readonly forbiddenDirs?: readonly string[];
}

/** A loaded key and whether this call created its file. */
export interface LoadedPseudonymKey {
  readonly key: PseudonymKey;
  readonly file: string;
  readonly created: boolean;
}

/** True when `file` lies inside `dir` (or is `dir`). */
function isInside(file: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Reads the key file at `file`, creating it on first use when `create` is set. */
export async function loadPseudonymKeyFile(file: string, options: LoadPseudonymKeyOptions = {}): Promise<LoadedPseudonymKey> {
  const absolute = path.resolve(file);
  for (const dir of options.forbiddenDirs ?? []) {
    if (isInside(absolute, dir)) {
      throw new ConfigurationError('The pseudonym key file must not be inside the report folder (whoever holds both could resolve every pseudonym).', {
        details: { keyFile: absolute, reportsDir: path.resolve(dir) },
      });
    }
  }
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigurationError('The pseudonym key file cannot be read.', { details: { keyFile: absolute }, cause: error });
    }
    if (options.create !== true) {
      throw new ConfigurationError('The pseudonym key file does not exist; give the key file the reports were made with.', { details: { keyFile: absolute } });
    }
    return createKeyFile(absolute, options.scope ?? '');
  }
  return { key: parseKeyFile(text, absolute), file: absolute, created: false };
}

function parseKeyFile(text: string, file: string): PseudonymKey {
  let content: Partial<KeyFileContent>;
  try {
    content = JSON.parse(text) as Partial<KeyFileContent>;
  } catch (error) {
    throw new ConfigurationError('The pseudonym key file is not valid JSON.', { details: { keyFile: file }, cause: error });
  }
  if (content.format !== PSEUDONYM_KEY_FILE_FORMAT || typeof content.secret !== 'string') {
    throw new ConfigurationError(`The pseudonym key file is not a casebridge key file (format ${PSEUDONYM_KEY_FILE_FORMAT}).`, { details: { keyFile: file } });
  }
  const key = PseudonymKey.fromSecret(Buffer.from(content.secret, 'base64'));
  if (content.keyId !== undefined && content.keyId !== key.keyId) {
    throw new ConfigurationError('The pseudonym key file is damaged (its key id does not match its secret).', { details: { keyFile: file } });
  }
  return key;
}

async function createKeyFile(file: string, scope: string): Promise<LoadedPseudonymKey> {
  const key = PseudonymKey.generate();
  const content: KeyFileContent = {
    format: PSEUDONYM_KEY_FILE_FORMAT,
    scope,
    keyId: key.keyId,
    secret: key.exportSecret(),
    createdAt: new Date().toISOString(),
  };
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // `wx`: two runs starting at once must not each write a different key; the loser reads the winner's.
    await writeFile(file, `${JSON.stringify(content, null, 2)}\n`, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: parseKeyFile(await readFile(file, 'utf8'), file), file, created: false };
    throw new ConfigurationError('The pseudonym key file cannot be created.', { details: { keyFile: file }, cause: error });
  }
  return { key, file, created: true };
}

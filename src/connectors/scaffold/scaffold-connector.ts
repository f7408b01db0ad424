/**
 * `scaffoldConnector`: writes the standard connector file set plus a conformance test for a new
 * connector (the engine behind `casebridge init-connector <name>`).
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../core/errors.js';
import { scaffoldFiles } from './scaffold-templates.js';

/** Options of {@link scaffoldConnector}. */
export interface ScaffoldOptions {
  /** kebab-case connector name, e.g. `acme-soz`. */
  readonly name: string;
  /** Directory to create the files in (created if missing; must be empty or absent). */
  readonly dir: string;
  /** Module specifiers the files import; defaults `casebridge`, `casebridge/connectors` and `casebridge/testing`. */
  readonly importFrom?: { readonly core?: string; readonly spi?: string; readonly testing?: string };
}

/** What was written. */
export interface ScaffoldResult {
  readonly dir: string;
  readonly files: readonly string[];
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Writes the file set; refuses invalid names and non-empty directories (never overwrites). */
export async function scaffoldConnector(options: ScaffoldOptions): Promise<ScaffoldResult> {
  if (!NAME.test(options.name)) {
    throw new ConfigurationError('init-connector: the name must be kebab-case (a-z, 0-9, single dashes), e.g. acme-soz', { details: { name: options.name } });
  }
  const dir = path.resolve(options.dir);
  const existing = await readdir(dir).catch(() => [] as string[]);
  if (existing.length > 0) throw new ConfigurationError('init-connector: the target directory is not empty', { details: { dir } });
  const parts = options.name.split('-');
  const pascal = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  const files = scaffoldFiles({
    name: options.name,
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    core: options.importFrom?.core ?? 'casebridge',
    spi: options.importFrom?.spi ?? 'casebridge/connectors',
    testing: options.importFrom?.testing ?? 'casebridge/testing',
  });
  await mkdir(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(dir, file), content, { flag: 'wx' });
  return { dir, files: Object.keys(files).sort() };
}

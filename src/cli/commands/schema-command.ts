/** `casebridge schema apply`: bring the canonical store's schema up to date on PostgreSQL or a PGlite folder. */
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError } from '../../core/errors.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';
import { redactUrl } from '../config/build-migration.js';
import { loadConfig, resolvePath, resolveSecret } from '../config/load-config.js';

/** Where to apply the schema. */
type StoreChoice = { readonly kind: 'pglite'; readonly dir: string } | { readonly kind: 'postgres'; readonly url: string };

/** Registers `schema apply`. */
export function registerSchemaCommand(program: Command): void {
  const schema = program.command('schema').description('manage the canonical store schema');
  schema
    .command('apply')
    .description('apply every pending canonical-store migration (idempotent)')
    .option('--pglite <dir>', 'a PGlite data folder (created when missing)')
    .option('--postgres <url>', 'a PostgreSQL URL (or set it in the config target; prefer {"env": ...} for passwords)')
    .option('-c, --config <file>', 'take the target from this config')
    .action(async (opts: { pglite?: string; postgres?: string; config?: string }, command: Command) => {
      const { io } = cliContext(command);
      const store = await chooseStore(opts, io.cwd, io.env);
      let applied: readonly string[];
      if (store.kind === 'pglite') {
        const { openPgliteStore } = await import('../../targets/store/pglite-store.js');
        const opened = await openPgliteStore({ dataDir: store.dir });
        applied = opened.applied;
        await opened.close();
      } else {
        const { openPostgresStore } = await import('../../targets/store/postgres-store.js');
        const opened = await openPostgresStore({ url: store.url, max: 2 });
        applied = opened.applied;
        await opened.close();
      }
      const where = store.kind === 'pglite' ? `PGlite ${store.dir}` : `PostgreSQL ${redactUrl(store.url)}`;
      if (globalFlags(command).json) printJson(command, { ok: true, target: where, applied });
      else {
        printLine(command, applied.length === 0 ? `Schema is up to date (${where}).` : `Applied ${applied.length} migration(s) to ${where}:`);
        for (const name of applied) printLine(command, `  ${name}`);
      }
    });
}

async function chooseStore(
  opts: { pglite?: string; postgres?: string; config?: string },
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<StoreChoice> {
  const given = [opts.pglite, opts.postgres, opts.config].filter((o) => o !== undefined).length;
  if (given !== 1)
    throw new ConfigurationError('schema apply: give exactly one of --pglite <dir>, --postgres <url> or --config <file>.', {
      details: { option: '--pglite|--postgres|--config' },
    });
  if (opts.pglite !== undefined) return { kind: 'pglite', dir: path.resolve(cwd, opts.pglite) };
  if (opts.postgres !== undefined) return { kind: 'postgres', url: opts.postgres };
  const loaded = await loadConfig(opts.config, cwd);
  const t = loaded.config.target;
  if (t.kind === 'pglite') return { kind: 'pglite', dir: resolvePath(loaded, t.dir) };
  if (t.kind === 'jsonl')
    throw new ConfigurationError('schema apply: a jsonl target is an import folder and has no canonical-store schema.', { details: { field: '/target/kind' } });
  return { kind: 'postgres', url: resolveSecret(t.url, env, '/target/url') ?? '' };
}

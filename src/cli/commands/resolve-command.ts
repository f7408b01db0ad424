/**
 * `casebridge resolve <ref…> --run <id>`: the clerk's fix list. Resolves pseudonymous quarantine
 * references (`persons:dc9f…`) of a run to their legacy keys, for a user holding the commune's key file:
 * each reference is recomputed under the key from the ledger's entry, so a wrong or missing key resolves
 * nothing. Prints the legacy keys on stdout only (they may be personal); never logs them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError } from '../../core/errors.js';
import type { QuarantineEntry } from '../../core/pipeline/canonical-target.js';
import { sourceRecordRef } from '../../core/pipeline/identity.js';
import { loadPseudonymKeyFile } from '../../core/pseudonyms/pseudonym-key-file.js';
import type { PseudonymKey } from '../../core/pseudonyms/pseudonym-key.js';
import { cliContext, globalFlags, printJson } from '../cli-context.js';
import { buildMigration } from '../config/build-migration.js';
import { loadConfig } from '../config/load-config.js';
import { KEY_FILE_OPTION_HELP, resolveKeyFile } from '../pseudonym-key-option.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One resolved reference. `legacyKey` is null when the ledger of the run holds no such reference. */
export interface ResolvedReference {
  readonly recordRef: string;
  readonly mapping: string | null;
  readonly sourceTable: string | null;
  readonly legacyKey: string | null;
}

/**
 * Resolves `refs` against the quarantine entries of a run. An entry counts only when its reference
 * recomputes under `key`: a ledger row alone does not resolve anything (and a foreign key file fails).
 */
export function resolveReferences(refs: readonly string[], entries: readonly QuarantineEntry[], sourceSystem: string, key: PseudonymKey): ResolvedReference[] {
  const byRef = new Map<string, QuarantineEntry>();
  for (const e of entries) byRef.set(e.recordRef, e);
  return refs.map((recordRef): ResolvedReference => {
    const e = byRef.get(recordRef);
    if (e === undefined) return { recordRef, mapping: null, sourceTable: null, legacyKey: null };
    if (sourceRecordRef(e.mapping, sourceSystem, e.sourceTable, e.sourceKey, key) !== recordRef) {
      throw new ConfigurationError("resolve: this key file did not make the run's references; give the key file of the commune that ran it.", {
        details: { keyId: key.keyId },
      });
    }
    return { recordRef, mapping: e.mapping, sourceTable: e.sourceTable, legacyKey: e.sourceKey };
  });
}

/** The references of a fix list: the `record_ref` column of a quarantine export (CSV) or JSON Lines `recordRef`. */
export function fixListReferences(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  if (lines[0]!.trimStart().startsWith('{'))
    return lines.map((l) => String((JSON.parse(l) as { recordRef?: unknown }).recordRef ?? '')).filter((r) => r !== '');
  const header = lines[0]!.split(',');
  const column = header.indexOf('record_ref');
  if (column < 0)
    throw new ConfigurationError('resolve: the fix list has no record_ref column (expected a quarantine export).', { details: { option: '--fix-list' } });
  // References never hold commas or quotes, so a plain split is enough for this column.
  return lines
    .slice(1)
    .map((l) => l.split(',')[column] ?? '')
    .filter((r) => r !== '');
}

/** Registers `resolve`. */
export function registerResolveCommand(program: Command): void {
  program
    .command('resolve')
    .description("resolve pseudonymous quarantine references of a run to their legacy keys (needs the commune's key file)")
    .argument('[refs...]', 'references as in the report or quarantine export, e.g. persons:dc9f1d9a2a5bd868')
    .requiredOption('--run <id>', 'run id (as in the run report)')
    .option('--fix-list <file>', 'resolve every reference of a quarantine export (quarantine.csv or .jsonl)')
    .option('-c, --config <file>', 'config file naming the target (default: casebridge.config.* in the working directory)')
    .option('--key-file <file>', KEY_FILE_OPTION_HELP)
    .action(async (refsArg: string[], opts: { run: string; fixList?: string; config?: string; keyFile?: string }, command: Command) => {
      const { io } = cliContext(command);
      if (!UUID.test(opts.run))
        throw new ConfigurationError('resolve: --run must be a run id (a UUID, as in the run report).', { details: { option: '--run' } });
      const refs = [...refsArg, ...(opts.fixList === undefined ? [] : fixListReferences(await readFile(path.resolve(io.cwd, opts.fixList), 'utf8')))];
      if (refs.length === 0) throw new ConfigurationError('resolve: give references or --fix-list <quarantine export>.', { details: { option: '--fix-list' } });
      const loaded = await loadConfig(opts.config, io.cwd);
      // Read only: resolving never creates a key (a fresh key would resolve nothing).
      const { key } = await loadPseudonymKeyFile(resolveKeyFile(loaded, opts.keyFile, io.cwd));
      const prepared = await buildMigration(loaded, io.env);
      const target = prepared.definition.target as typeof prepared.definition.target & {
        quarantineEntries?: (runId: string) => Promise<QuarantineEntry[] | null>;
      };
      if (typeof target.quarantineEntries !== 'function') {
        throw new ConfigurationError('resolve: this target keeps no readable ledger.', { details: { target: target.kind } });
      }
      let entries: QuarantineEntry[] | null;
      await target.open();
      try {
        await target.ensureSchema();
        entries = await target.quarantineEntries(opts.run);
      } finally {
        await target.close();
      }
      if (entries === null) throw new ConfigurationError('resolve: the target ledger knows no run with this id.', { details: { runId: opts.run } });
      const resolved = resolveReferences(refs, entries, prepared.definition.sourceSystem, key);
      if (globalFlags(command).json) {
        printJson(command, { ok: resolved.every((r) => r.legacyKey !== null), runId: opts.run, resolved });
        return;
      }
      io.stdout.write(
        `record_ref,mapping,source_table,legacy_key\n${resolved.map((r) => [r.recordRef, r.mapping ?? '', r.sourceTable ?? '', r.legacyKey ?? ''].map(csvCell).join(',')).join('\n')}\n`,
      );
    });
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

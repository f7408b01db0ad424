/**
 * `casebridge quarantine export --run <id>`: the quarantined source rows of a run, read from the
 * target's ledger, one line each (CSV or JSON Lines) with pseudonymous references, codes and field
 * paths only. `run` and `demo` also write it beside the reports (`quarantine.csv`).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError } from '../../core/errors.js';
import type { QuarantineEntry } from '../../core/pipeline/canonical-target.js';
import { cliContext, globalFlags, noteLine, printJson } from '../cli-context.js';
import { buildMigration } from '../config/build-migration.js';
import { loadConfig } from '../config/load-config.js';
import { entityLookup } from '../execute-run.js';
import {
  QUARANTINE_EXPORT_FORMATS,
  quarantineExportRows,
  renderQuarantineExport,
  writeQuarantineExport,
  type QuarantineExportFormat,
} from '../quarantine-export.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Registers `quarantine export`. */
export function registerQuarantineCommand(program: Command): void {
  const quarantine = program.command('quarantine').description('the quarantined source rows of a run (references and codes only)');
  quarantine
    .command('export')
    .description('export the quarantined rows of a run from the target ledger: record ref, mapping, entity, codes, severity, field paths')
    .requiredOption('--run <id>', 'run id (as in the run report)')
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('-c, --config <file>', 'config file naming the target (default: casebridge.config.* in the working directory)')
    .action(async (opts: { run: string; format: string; out?: string; config?: string }, command: Command) => {
      const { io } = cliContext(command);
      if (!UUID.test(opts.run))
        throw new ConfigurationError('quarantine export: --run must be a run id (a UUID, as in the run report).', { details: { option: '--run' } });
      if (!(QUARANTINE_EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        throw new ConfigurationError(`quarantine export: --format must be one of ${QUARANTINE_EXPORT_FORMATS.join(', ')}.`, {
          details: { option: '--format' },
        });
      }
      const format = opts.format as QuarantineExportFormat;
      const prepared = await buildMigration(await loadConfig(opts.config, io.cwd), io.env);
      const target = prepared.definition.target;
      if (target.quarantineEntries === undefined) {
        throw new ConfigurationError('quarantine export: this target keeps no readable ledger; use the quarantine.csv written beside the run reports.', {
          details: { target: target.kind },
        });
      }
      let entries: QuarantineEntry[] | null;
      await target.open();
      try {
        await target.ensureSchema();
        entries = await target.quarantineEntries(opts.run);
      } finally {
        await target.close();
      }
      if (entries === null) {
        throw new ConfigurationError(
          'quarantine export: the target ledger knows no run with this id (a dry run keeps nothing in the ledger; see its quarantine.csv).',
          { details: { runId: opts.run } },
        );
      }
      const rows = quarantineExportRows(entries, entityLookup(prepared.definition));
      if (opts.out !== undefined) {
        const file = path.resolve(io.cwd, opts.out);
        await writeQuarantineExport(file, rows, format);
        if (globalFlags(command).json) printJson(command, { ok: true, runId: opts.run, rows: rows.length, format, file });
        else noteLine(command, `${rows.length} quarantined rows written to ${file}`);
        return;
      }
      io.stdout.write(renderQuarantineExport(rows, format));
    });
}

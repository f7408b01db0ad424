/**
 * `casebridge quarantine export --run <id>`: the quarantined source rows of a run, read from the
 * target's ledger, one line each (CSV or JSON Lines) with pseudonymous references, codes and field
 * paths only. `run` and `demo` also write it beside the reports (`quarantine.csv`). `--with-warnings` and
 * `--with-filtered` add the rows the record-level ledger noted (loaded with warnings, left out by a named
 * filter rule), with a `bucket` column that says which is which.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError } from '../../core/errors.js';
import type { RecordNoteBucket } from '../../core/pipeline/canonical-target.js';
import { cliContext, globalFlags, noteLine, printJson } from '../cli-context.js';
import { buildMigration } from '../config/build-migration.js';
import { loadConfig } from '../config/load-config.js';
import { entityLookup } from '../execute-run.js';
import {
  QUARANTINE_EXPORT_FORMATS,
  exportRecordNotes,
  quarantineExportRows,
  renderQuarantineExport,
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
    .option('--with-warnings', 'add the rows loaded with warnings (adds a bucket column: quarantined, warning, filtered)')
    .option('--with-filtered', 'add the rows a named filter rule left out, the rule as their code (adds the bucket column)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('-c, --config <file>', 'config file naming the target (default: casebridge.config.* in the working directory)')
    .action(async (opts: { run: string; format: string; out?: string; config?: string; withWarnings?: boolean; withFiltered?: boolean }, command: Command) => {
      const { io } = cliContext(command);
      if (!UUID.test(opts.run))
        throw new ConfigurationError('quarantine export: --run must be a run id (a UUID, as in the run report).', { details: { option: '--run' } });
      if (!(QUARANTINE_EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        throw new ConfigurationError(`quarantine export: --format must be one of ${QUARANTINE_EXPORT_FORMATS.join(', ')}.`, {
          details: { option: '--format' },
        });
      }
      const format = opts.format as QuarantineExportFormat;
      const buckets = new Set<RecordNoteBucket>([
        ...(opts.withWarnings === true ? ['warning' as const] : []),
        ...(opts.withFiltered === true ? ['filtered' as const] : []),
      ]);
      const withBucket = buckets.size > 0;
      const prepared = await buildMigration(await loadConfig(opts.config, io.cwd), io.env);
      const target = prepared.definition.target;
      if (target.quarantineEntries === undefined || (withBucket && target.recordNotes === undefined)) {
        throw new ConfigurationError('quarantine export: this target keeps no readable ledger; use the quarantine.csv written beside the run reports.', {
          details: { target: target.kind },
        });
      }
      const entityOf = entityLookup(prepared.definition);
      const file = opts.out === undefined ? null : path.resolve(io.cwd, opts.out);
      let rows = 0;
      await target.open();
      try {
        await target.ensureSchema();
        const entries = await target.quarantineEntries(opts.run);
        if (entries === null) {
          throw new ConfigurationError(
            'quarantine export: the target ledger knows no run with this id (a dry run keeps nothing in the ledger; see its quarantine.csv).',
            { details: { runId: opts.run } },
          );
        }
        const quarantined = quarantineExportRows(entries, entityOf);
        rows = quarantined.length;
        // The quarantined rows first, then the notes page by page: a run's notes are never all in memory.
        const write = async (text: string): Promise<void> => {
          if (file === null) io.stdout.write(text);
          else await appendFile(file, text, 'utf8');
        };
        if (file !== null) {
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, '', 'utf8');
        }
        await write(renderQuarantineExport(quarantined, format, { withBucket }));
        if (withBucket) rows += await exportRecordNotes(target, opts.run, buckets, entityOf, format, write);
      } finally {
        await target.close();
      }
      if (file === null) return;
      if (globalFlags(command).json) printJson(command, { ok: true, runId: opts.run, rows, format, file, buckets: ['quarantined', ...buckets] });
      else noteLine(command, `${rows} ${withBucket ? 'rows' : 'quarantined rows'} written to ${file}`);
    });
}

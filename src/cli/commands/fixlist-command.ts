/**
 * `casebridge fixlist --run <id>`: the fix list of a run as CSV (see fix-list.ts): the quarantined rows
 * from the target's ledger and the case-check findings from the run report, grouped by issue with the
 * issue's sentence in the report language, then the rows that loaded with warnings (and, with
 * `--with-filtered`, the rows a named filter rule left out) from the record-level ledger; legacy keys filled in when the commune's key file is at hand.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError } from '../../core/errors.js';
import type { QuarantineEntry, RecordNote, StoredRecordNote } from '../../core/pipeline/canonical-target.js';
import { loadPseudonymKeyFile } from '../../core/pseudonyms/pseudonym-key-file.js';
import type { PseudonymKey } from '../../core/pseudonyms/pseudonym-key.js';
import type { ReportLanguage } from '../../core/report/i18n/report-language.js';
import type { RunReport } from '../../core/report/run-report.js';
import { cliContext, globalFlags, noteLine, printJson } from '../cli-context.js';
import { buildMigration } from '../config/build-migration.js';
import type { LoadedConfig } from '../config/cli-config.js';
import { loadConfig } from '../config/load-config.js';
import { entityLookup } from '../execute-run.js';
import { RECORD_NOTE_PAGE } from '../quarantine-export.js';
import { FIX_LIST_DELIMITERS, fixListRows, renderFixListCsv, type FixListDelimiter } from '../fix-list.js';
import { LANG_OPTION_HELP, parseLang, reportLanguageFor } from '../lang-option.js';
import { KEY_FILE_OPTION_HELP, resolveKeyFile } from '../pseudonym-key-option.js';
import { parseRunId } from '../run-options.js';
import { readRunReport } from './report-command.js';

interface FixListOptions {
  readonly run?: string;
  readonly config?: string;
  readonly keyFile?: string;
  readonly lang?: ReportLanguage;
  readonly delimiter: string;
  readonly report?: string;
  readonly out?: string;
  readonly withFiltered?: boolean;
}

/** Registers `fixlist`. */
export function registerFixListCommand(program: Command): void {
  program
    .command('fixlist')
    .description("the fix list of a run as CSV for a spreadsheet: flagged records grouped by issue, with legacy keys for the holder of the commune's key file")
    .option('--run <id>', "run id (as in the run report; default: the latest real run of the config's reports folder)", parseRunId)
    .option('-c, --config <file>', 'config file naming the target (default: casebridge.config.* in the working directory)')
    .option('--key-file <file>', `${KEY_FILE_OPTION_HELP}; without a key file the legacy keys stay empty`)
    .option('--lang <lang>', LANG_OPTION_HELP, parseLang)
    .option('--delimiter <char>', 'field delimiter: ";" (Excel in Swiss and German locales, the default) or ","', ';')
    .option('--report <file>', "the run report (JSON) with the case-check findings (default: found by run id in the config's reports folder)")
    .option('--with-filtered', 'add the rows a named filter rule left out (the rows loaded with warnings are always listed)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (opts: FixListOptions, command: Command) => {
      const { io } = cliContext(command);
      if (!(FIX_LIST_DELIMITERS as readonly string[]).includes(opts.delimiter)) {
        throw new ConfigurationError(`fixlist: --delimiter must be one of ${FIX_LIST_DELIMITERS.map((d) => `"${d}"`).join(', ')}.`, {
          details: { option: '--delimiter' },
        });
      }
      const loaded = await loadConfig(opts.config, io.cwd);
      const lang = reportLanguageFor(opts.lang, loaded.config.lang, io.env);
      const key = await keyIfAtHand(loaded, opts.keyFile, io.cwd, (line) => noteLine(command, line));
      const runId = opts.run ?? (await latestRunId(loaded));
      const prepared = await buildMigration(loaded, io.env);
      const target = prepared.definition.target;
      if (target.quarantineEntries === undefined) {
        throw new ConfigurationError('fixlist: this target keeps no readable ledger; use the quarantine.csv written beside the run reports.', {
          details: { target: target.kind },
        });
      }
      let entries: QuarantineEntry[] | null;
      const notes: RecordNote[] = [];
      await target.open();
      try {
        await target.ensureSchema();
        entries = await target.quarantineEntries(runId);
        // The list is sorted and grouped as a whole, so its rows are in memory anyway; the ledger is read page by page.
        for (let after: string | null = null; entries !== null && target.recordNotes !== undefined; ) {
          const page: readonly StoredRecordNote[] = (await target.recordNotes(runId, after, RECORD_NOTE_PAGE)) ?? [];
          const last = page.at(-1);
          if (last === undefined) break;
          for (const n of page) if (n.bucket === 'warning' || opts.withFiltered === true) notes.push(n);
          after = last.seq;
        }
      } finally {
        await target.close();
      }
      if (entries === null)
        throw new ConfigurationError('fixlist: the target ledger knows no run with this id (a dry run keeps nothing in the ledger).', { details: { runId } });
      const report = await findRunReport(loaded, { ...opts, run: runId }, io.cwd);
      const rows = fixListRows({
        quarantine: entries,
        notes,
        caseFlags: report?.caseChecks?.flags ?? [],
        entityOf: entityLookup(prepared.definition),
        sourceSystem: prepared.definition.sourceSystem,
        key,
      });
      const csv = renderFixListCsv(rows, { lang, delimiter: opts.delimiter as FixListDelimiter });
      const summary = {
        ok: true,
        runId,
        rows: rows.length,
        issues: new Set(rows.map((r) => r.issueCode)).size,
        legacyKeys: key !== null,
        caseChecks: report?.caseChecks !== undefined,
        lang,
      };
      if (opts.out === undefined) {
        io.stdout.write(csv);
        return;
      }
      const file = path.resolve(io.cwd, opts.out);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, csv, 'utf8');
      if (globalFlags(command).json) printJson(command, { ...summary, file });
      else
        noteLine(
          command,
          `${rows.length} lines in ${summary.issues} issue groups written to ${file}${key === null ? ' (no key file: legacy keys left empty)' : ''}`,
        );
    });
}

/**
 * The commune's key when it is at hand: `--key-file` must exist (a typo must not silently drop the
 * legacy keys); the default key file is used when present and skipped with a note when not.
 */
async function keyIfAtHand(loaded: LoadedConfig, option: string | undefined, cwd: string, note: (line: string) => void): Promise<PseudonymKey | null> {
  const file = resolveKeyFile(loaded, option, cwd);
  if (option === undefined && loaded.config.pseudonyms?.keyFile === undefined && !existsSync(file)) {
    note('No key file at hand: the legacy keys stay empty (pseudonymous references only).');
    return null;
  }
  return (await loadPseudonymKeyFile(file)).key;
}

/** Folder of the config's reports. */
function reportsDir(loaded: LoadedConfig): string {
  return path.resolve(loaded.baseDir, loaded.config.reports?.dir ?? 'casebridge-reports');
}

/** The run id of the latest report in the reports folder, when it is a real run (a dry run keeps no ledger). */
async function latestRunId(loaded: LoadedConfig): Promise<string> {
  const file = path.join(reportsDir(loaded), 'run-report.json');
  if (!existsSync(file))
    throw new ConfigurationError('fixlist: no run report in the reports folder; give the run id with --run <id>.', { details: { option: '--run', file } });
  const report = await readRunReport(file);
  if (report.dryRun)
    throw new ConfigurationError(
      "fixlist: the latest report is a dry run, which keeps nothing in the ledger (its rows are in quarantine.csv); give a real run's id with --run <id>.",
      { details: { option: '--run', runId: report.runId } },
    );
  return report.runId;
}

/** The run report of `opts.run`: `--report`, else `run-report.json` or `runs/*.json` of the reports folder; null when none is found. */
async function findRunReport(loaded: LoadedConfig, opts: FixListOptions & { readonly run: string }, cwd: string): Promise<RunReport | null> {
  if (opts.report !== undefined) {
    const report = await readRunReport(path.resolve(cwd, opts.report));
    if (report.runId !== opts.run)
      throw new ConfigurationError('fixlist: --report is the report of another run.', {
        details: { option: '--report', runId: opts.run, reportRunId: report.runId },
      });
    return report;
  }
  const dir = reportsDir(loaded);
  const candidates = [path.join(dir, 'run-report.json')];
  if (existsSync(path.join(dir, 'runs'))) {
    const prefix = opts.run.slice(0, 8);
    for (const name of await readdir(path.join(dir, 'runs'))) if (name.endsWith(`-${prefix}.json`)) candidates.push(path.join(dir, 'runs', name));
  }
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const report = await readRunReport(file);
    if (report.runId === opts.run) return report;
  }
  return null;
}

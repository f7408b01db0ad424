/**
 * Runs a prepared migration for `run`, `dry-run` and `demo`: progress, Ctrl-C as a clean cancel, the
 * reports and run log written to the reports folder, a summary on stdout (or one JSON document), and the
 * engine's exit code (`exitCodeFor`).
 */
import { appendFile, copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadPseudonymKeyFile } from '../core/pseudonyms/pseudonym-key-file.js';
import { exitCodeFor } from '../core/pipeline/thresholds.js';
import { runMigration } from '../core/pipeline/run-migration.js';
import { randomUUID } from 'node:crypto';
import type { CanonicalTarget, LoadBatch } from '../core/pipeline/canonical-target.js';
import type { MigrationDefinition } from '../core/pipeline/migration-definition.js';
import type { RunReport } from '../core/report/run-report.js';
import { balanceBadge, errorNextStep, REASON_TEXT, reconciliationLine, reconciliationStatusName, statusName, totalOf } from '../core/report/report-wording.js';
import type { ReportLanguage } from '../core/report/i18n/report-language.js';
import { reportMessages } from '../core/report/i18n/report-messages.js';
import { exitCodeForFailedRun } from './exit-codes.js';
import { cliContext, globalFlags, printJson, printLine } from './cli-context.js';
import type { PreparedMigration } from './config/build-migration.js';
import type { ReportFormat } from './config/cli-config.js';
import { ProgressReporter, progressMode } from './progress-reporter.js';
import { QuarantineCsvSpool, exportRecordNotes, quarantineExportRows, renderQuarantineExport } from './quarantine-export.js';
import { reportStem, writeRunQuarantine, writeRunReports, type WrittenReports } from './write-run-reports.js';
import { recordReportFiles } from './record-report-files.js';
import { loadSigningKey } from '../core/trust/run-signing-keys.js';

/** Options of one CLI run. */
export interface ExecuteRunOptions {
  readonly dryRun: boolean;
  /** Folder for run-report.{json,html,md} and run.log. */
  readonly reportsDir: string;
  readonly formats?: readonly ReportFormat[];
  /** Exit 1 when the run passed with warnings. */
  readonly strict?: boolean;
  readonly runId?: string;
  readonly resume?: boolean;
  /** The command line that continues this run after an interruption (printed on Ctrl-C). */
  readonly resumeCommand?: (runId: string) => string;
  /** Print the summary (default true; `demo` prints its own). */
  readonly summary?: boolean;
  /** The commune's pseudonym key file (created on first use; must lie outside `reportsDir`). */
  readonly keyFile: string;
  /** Language of the HTML and Markdown reports and of the summary (default English; JSON has none). */
  readonly lang?: ReportLanguage;
  /** Ed25519 private key (PEM) that signs the run's chain link (`--signing-key`, config `signingKey`). */
  readonly signingKeyFile?: string;
}

/** Outcome of a CLI run. */
export interface ExecutedRun {
  readonly report: RunReport;
  readonly reports: WrittenReports;
  readonly log: string;
  readonly exitCode: number;
  /** The quarantine export written beside the reports (`quarantine.csv`). */
  readonly quarantine: string;
  /** The rows loaded with warnings or filtered by a named rule, written beside the reports (`record-notes.csv`). */
  readonly recordNotes: string;
}

/** Runs the migration, writes the reports, prints the outcome and sets the exit code. */
export async function executeRun(command: Command, preparedIn: PreparedMigration, options: ExecuteRunOptions): Promise<ExecutedRun> {
  const context = cliContext(command);
  // A run that writes reports needs the commune's key: every pseudonym in them is keyed by it.
  const { key: pseudonymKey } = await loadPseudonymKeyFile(options.keyFile, {
    create: true,
    scope: preparedIn.definition.sourceSystem,
    forbiddenDirs: [options.reportsDir],
  });
  // The document transfer is a stage of the run (checkpointed with the others), not a step after it.
  const stageOptions = { ...preparedIn.definition.options, pseudonymKey, ...(preparedIn.documents === null ? {} : { documents: preparedIn.documents }) };
  const prepared: PreparedMigration = { ...preparedIn, definition: { ...preparedIn.definition, options: stageOptions } };
  // Read before the run: a wrong signing key should stop it before anything is written.
  const signingKey = options.signingKeyFile === undefined ? undefined : await loadSigningKey(options.signingKeyFile);
  const flags = globalFlags(command);
  const progress = new ProgressReporter(context.io, progressMode(context.io, flags));
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  const target = prepared.definition.target;
  // The run's quarantine goes to a file batch by batch (never all in memory); a real run's export is
  // re-read from the ledger at the end, which also holds the earlier sessions of a resumed run.
  const spool = new QuarantineCsvSpool(path.join(options.reportsDir, `.quarantine-${randomUUID()}.csv.part`), entityLookup(prepared.definition));
  // Likewise the record notes (warnings, filtered rows): a dry run keeps them only in this file.
  const noteSpool = new QuarantineCsvSpool(path.join(options.reportsDir, `.record-notes-${randomUUID()}.csv.part`), entityLookup(prepared.definition), true);
  const onBatchCommitted = async (batch: LoadBatch): Promise<void> => {
    await spool.append(batch.quarantine);
    await noteSpool.appendNotes(batch.notes ?? []);
  };
  let report: RunReport;
  let fromLedger: Awaited<ReturnType<typeof ledgerQuarantine>>;
  let recordNotes: string | null;
  try {
    // A dry run's full record-by-record change list goes beside its reports.
    if (options.dryRun) await mkdir(options.reportsDir, { recursive: true });
    // The target stays open to read the stored report and the ledger's quarantine. The engine's report
    // is the run's report, assembled once at the end of the run and stored in the ledger; the files are
    // rendered from the stored text, so `casebridge report <runId>` re-renders the same bytes.
    report = await runMigration(prepared.definition, {
      ...(options.dryRun ? { changeListFile: path.join(options.reportsDir, 'changes.jsonl') } : {}),
      dryRun: options.dryRun,
      onProgress: progress.onProgress,
      onBatchCommitted,
      signal: abort.signal,
      keepTargetOpen: true,
      ...(options.runId !== undefined ? { runId: options.runId } : {}),
      ...(options.resume === true ? { resume: true } : {}),
    });
    const stored = report.dryRun ? null : ((await target.storedReport?.(report.runId)) ?? null);
    if (stored !== null) report = JSON.parse(stored) as RunReport;
    fromLedger = await ledgerQuarantine(target, report);
    recordNotes = await writeLedgerRecordNotes(target, report, options.reportsDir, entityLookup(prepared.definition));
  } catch (error) {
    await spool.remove().catch(() => undefined);
    await target.close().catch(() => undefined);
    await noteSpool.remove().catch(() => undefined);
    throw error;
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSigint);
  }
  const lang = options.lang ?? 'en';
  let reports: WrittenReports;
  let quarantineFiles: string;
  // The target stays open until the report files are recorded in the run's chain link.
  try {
    reports = await writeRunReports(report, options.reportsDir, options.formats, lang);
    try {
      if (fromLedger !== null)
        quarantineFiles = await writeRunQuarantine(report, options.reportsDir, quarantineExportRows(fromLedger, entityLookup(prepared.definition)));
      else {
        quarantineFiles = path.join(options.reportsDir, 'quarantine.csv');
        await spool.saveAs([quarantineFiles, path.join(options.reportsDir, 'runs', `${reportStem(report)}.quarantine.csv`)]);
      }
    } finally {
      await spool.remove().catch(() => undefined);
    }
    if (recordNotes === null) {
      recordNotes = path.join(options.reportsDir, RECORD_NOTES_FILE);
      await noteSpool.saveAs([recordNotes, path.join(options.reportsDir, 'runs', `${reportStem(report)}.${RECORD_NOTES_FILE}`)]);
    }
    if (!report.dryRun) await recordReportFiles(target, report, options.reportsDir, options.formats, signingKey);
  } finally {
    await spool.remove().catch(() => undefined);
    await noteSpool.remove().catch(() => undefined);
    await target.close().catch(() => undefined);
  }
  const log = path.join(options.reportsDir, 'run.log');
  await mkdir(options.reportsDir, { recursive: true });
  await writeFile(log, `${progress.log.join('\n')}\n${summaryLines(report, lang).join('\n')}\n`, 'utf8');
  const exitCode = exitCodeForFailedRun(
    exitCodeFor(report, options.strict ?? false),
    report.errors.map((e) => e.code),
  );
  context.exitCode = exitCode;
  // Exit 1 is --strict's doing, not a failure: say so, with the warnings that caused it.
  if (exitCode === 1 && options.strict === true) {
    const why = report.reasons.map((r) => `${r} (${REASON_TEXT[r] ?? r})`).join('; ') || `${totalOf(report, 'warnings')} record warnings`;
    context.io.stderr.write(
      `Exit 1 because of --strict: the run passed with warnings: ${why}. See the report's "Why this status" section; without --strict this run exits 0.\n`,
    );
  }
  // An interrupted real run stays resumable in the ledger: say how to continue it.
  if (report.status === 'cancelled' && !report.dryRun && options.resumeCommand !== undefined) {
    context.io.stderr.write(`Interrupted. The committed batches are kept; continue this run with:\n  ${options.resumeCommand(report.runId)}\n`);
  }
  if (options.summary !== false) {
    if (flags.json) printJson(command, { ...runSummaryJson(report, reports, exitCode), quarantineExport: quarantineFiles });
    else {
      for (const line of summaryLines(report, lang)) printLine(command, line);
      printLine(command, `Target: ${prepared.targetLabel}`);
      for (const [format, file] of Object.entries(reports)) printLine(command, `Report (${format}): ${file}`);
      printLine(command, `Quarantine export: ${quarantineFiles}`);
    }
  }
  return { report, reports, log, exitCode, quarantine: quarantineFiles, recordNotes };
}

/**
 * The run's quarantined rows from the target's ledger after a real run (complete even when the run was
 * resumed); null when there is no ledger to read (a dry run's is rolled back): then the spool is the export.
 */
async function ledgerQuarantine(target: CanonicalTarget, report: RunReport): Promise<Awaited<ReturnType<NonNullable<CanonicalTarget['quarantineEntries']>>>> {
  if (report.dryRun || target.quarantineEntries === undefined) return null;
  return target.quarantineEntries(report.runId);
}

/** Name of the record-note export beside the reports (rows loaded with warnings or filtered, with their bucket). */
export const RECORD_NOTES_FILE = 'record-notes.csv';

/**
 * A real run's record notes from the target's ledger (every session of a resumed run), written page by
 * page beside the reports; null when there is no ledger to read (a dry run's is rolled back): then the
 * spool is the export.
 */
async function writeLedgerRecordNotes(
  target: CanonicalTarget,
  report: RunReport,
  dir: string,
  entityOf: (mapping: string) => string | undefined,
): Promise<string | null> {
  if (report.dryRun || target.recordNotes === undefined) return null;
  const latest = path.join(dir, RECORD_NOTES_FILE);
  await mkdir(path.join(dir, 'runs'), { recursive: true });
  await writeFile(latest, renderQuarantineExport([], 'csv', { withBucket: true }), 'utf8');
  await exportRecordNotes(target, report.runId, new Set(['warning', 'filtered']), entityOf, 'csv', (text) => appendFile(latest, text, 'utf8'));
  await copyFile(latest, path.join(dir, 'runs', `${reportStem(report)}.${RECORD_NOTES_FILE}`));
  return latest;
}

/** Mapping name → canonical entity, for the quarantine export. */
export function entityLookup(definition: MigrationDefinition): (mapping: string) => string | undefined {
  const byMapping = new Map(definition.mappings.map((m) => [m.name, m.entity]));
  return (mapping) => byMapping.get(mapping);
}

/** The `--json` document of a run. */
export function runSummaryJson(report: RunReport, reports: WrittenReports, exitCode: number): Record<string, unknown> {
  return {
    ok: exitCode === 0,
    exitCode,
    status: report.status,
    runId: report.runId,
    dryRun: report.dryRun,
    unbalanced: report.unbalanced,
    reasons: report.reasons,
    totals: {
      extracted: totalOf(report, 'extracted'),
      loaded: totalOf(report, 'loaded'),
      filtered: totalOf(report, 'filtered'),
      quarantined: totalOf(report, 'quarantined'),
    },
    reconciliation: report.reconciliation.status,
    reports,
  };
}

/** Human summary in the report's language: verdict, the cause of a failure with its next step, and one equation line per mapping. */
export function summaryLines(report: RunReport, lang: ReportLanguage = 'en'): string[] {
  const m = reportMessages(lang);
  const width = Math.max(8, ...report.entities.map((e) => e.mapping.length));
  const lines = [m.consoleHeadline(report.dryRun, report.migration, statusName(report.status, m).toUpperCase())];
  for (const e of report.errors) {
    lines.push(`  ${m.consoleError(e.code, e.message)}`);
    lines.push(`  ${m.consoleNextStep(errorNextStep(e, m))}`);
  }
  for (const e of report.entities) {
    // Figures stay unformatted and right-aligned here: the console is read column by column.
    const extracted = String(e.extracted).padStart(8);
    lines.push(
      `  ${e.mapping.padEnd(width)}  ${m.consoleEquation(extracted, String(e.loaded), String(e.filtered), String(e.quarantined))}  ${balanceBadge(e, m).label}`,
    );
  }
  const all = Object.entries(report.quarantine.byCode).sort(([, a], [, b]) => b - a);
  const codes = all.slice(0, 5);
  // Never hide codes silently: say how many more there are and where they are listed.
  if (codes.length > 0) lines.push(m.consoleQuarantine(codes.map(([c, n]) => `${c} ${n}`).join(', '), all.length - codes.length));
  const d = report.documents;
  if (d !== undefined) {
    const docCodes = Object.entries(d.quarantinedByCode)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    const check = d.reconciliation !== null ? reconciliationStatusName(d.reconciliation.status, m) : d.dryRun ? m.docCheckDryRun : m.consoleDocCheckOff;
    lines.push(m.consoleDocuments(String(d.total), String(d.transferred), String(d.unchanged), String(d.quarantined), docCodes, String(d.failed), check));
  }
  lines.push(m.consoleReconciliation(reconciliationLine(report.reconciliation, report.dryRun, m), report.reasons.join(', ')));
  if (report.changes !== null) {
    const c = Object.values(report.changes).reduce(
      (t, x) => ({ insert: t.insert + x.insert, update: t.update + x.update, unchanged: t.unchanged + x.unchanged }),
      { insert: 0, update: 0, unchanged: 0 },
    );
    lines.push(m.consoleWouldChange(String(c.insert), String(c.update), String(c.unchanged)));
  }
  return lines;
}

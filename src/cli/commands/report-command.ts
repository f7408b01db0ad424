/**
 * `casebridge report <runId>`: re-render a run's reports from the report its ledger stored at the end of
 * the run (byte for byte the files the run wrote); `casebridge report <run-report.json>`: re-render the
 * HTML and Markdown reports from a JSON run report (e.g. a dry run's, which the ledger does not keep).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError, SourceFormatError } from '../../core/errors.js';
import { RUN_REPORT_VERSION, type RunReport } from '../../core/report/run-report.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';
import { buildMigration } from '../config/build-migration.js';
import type { ReportFormat } from '../config/cli-config.js';
import { loadConfig } from '../config/load-config.js';
import { renderReport, writeRunReports } from '../write-run-reports.js';
import { LANG_OPTION_HELP, parseLang, reportLanguageFor } from '../lang-option.js';
import type { ReportLanguage } from '../../core/report/i18n/report-language.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses and checks a JSON run report; `where` names its origin in errors. */
export function parseRunReport(text: string, where: Readonly<Record<string, string>>): RunReport {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new SourceFormatError(`The run report could not be read as JSON: ${(cause as Error).message}`, { cause, details: where });
  }
  const r = value as Partial<RunReport>;
  if (typeof r !== 'object' || r === null || r.reportVersion !== RUN_REPORT_VERSION || !Array.isArray(r.entities) || typeof r.status !== 'string') {
    throw new SourceFormatError(`Not a casebridge run report (version ${RUN_REPORT_VERSION}).`, { details: where });
  }
  return value as RunReport;
}

/** Reads and checks a JSON run report. */
export async function readRunReport(file: string): Promise<RunReport> {
  return parseRunReport(await readFile(file, 'utf8'), { file });
}

function parseFormats(list: string, allowed: readonly ReportFormat[]): ReportFormat[] {
  const formats = list
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  for (const f of formats)
    if (!(allowed as readonly string[]).includes(f))
      throw new ConfigurationError(`Unknown report format "${f}" (use ${allowed.join(', ')}).`, { details: { option: '--format' } });
  return formats as ReportFormat[];
}

/** The report the target's ledger stored for `runId`, as its exact text. */
async function storedReportText(
  configFile: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv,
  runId: string,
): Promise<{ text: string; reportsDir: string; lang: ReportLanguage | undefined }> {
  const loaded = await loadConfig(configFile, cwd);
  const prepared = await buildMigration(loaded, env);
  const target = prepared.definition.target;
  if (target.storedReport === undefined) {
    throw new ConfigurationError('report: this target keeps no report in its ledger; render the run-report.json written beside the run instead.', {
      details: { target: target.kind },
    });
  }
  let text: string | null;
  await target.open();
  try {
    await target.ensureSchema();
    text = await target.storedReport(runId);
  } finally {
    await target.close();
  }
  if (text === null) {
    throw new ConfigurationError(
      'report: the target ledger holds no finished report for this run id (a run still running or interrupted has none yet: resume it; a dry run keeps nothing in the ledger).',
      { details: { runId } },
    );
  }
  return { text, reportsDir: path.resolve(loaded.baseDir, loaded.config.reports?.dir ?? 'casebridge-reports'), lang: loaded.config.lang };
}

/** Registers `report`. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description("render a run's reports: from the report its ledger stored (run id), or from a JSON run report")
    .argument('<run-id|run-report.json>', 'a run id (reads the target ledger named by the config) or a JSON run report file')
    .option('-o, --out <dir>', "output folder (default: run id: the config's reports folder; file: next to the JSON report)")
    .option('-f, --format <formats>', 'comma-separated formats: json,html,md (run id) or html,md (file)')
    .option('--lang <lang>', LANG_OPTION_HELP, parseLang)
    .option(
      '-c, --config <file>',
      'config file naming the target (run id; default: casebridge.config.* in the working directory) and the report language (lang)',
    )
    .action(async (subject: string, opts: { out?: string; format?: string; config?: string; lang?: ReportLanguage }, command: Command) => {
      const { io } = cliContext(command);
      const source = path.resolve(io.cwd, subject);
      let written: Record<string, string>;
      let lang: ReportLanguage;
      if (UUID.test(subject) && !existsSync(source)) {
        // The stored text is rendered exactly as the run rendered it: the same bytes.
        const formats = parseFormats(opts.format ?? 'json,html,md', ['json', 'html', 'md']);
        const stored = await storedReportText(opts.config, io.cwd, io.env, subject);
        const report = parseRunReport(stored.text, { runId: subject });
        lang = reportLanguageFor(opts.lang, stored.lang, io.env);
        const dir = opts.out !== undefined ? path.resolve(io.cwd, opts.out) : stored.reportsDir;
        written = { ...(await writeRunReports(report, dir, formats, lang)) };
      } else {
        const report = await readRunReport(source);
        const formats = parseFormats(opts.format ?? 'html,md', ['html', 'md']);
        // The config is read only for its `lang`, and only when named: re-rendering a file needs no source or target.
        const configured = opts.config !== undefined ? (await loadConfig(opts.config, io.cwd)).config.lang : undefined;
        lang = reportLanguageFor(opts.lang, configured, io.env);
        const dir = opts.out !== undefined ? path.resolve(io.cwd, opts.out) : path.dirname(source);
        await mkdir(dir, { recursive: true });
        const stem = path.basename(source).replace(/\.json$/i, '');
        written = {};
        for (const format of formats) {
          const target = path.join(dir, `${stem}.${format}`);
          await writeFile(target, renderReport(report, format, lang), 'utf8');
          written[format] = target;
        }
      }
      if (globalFlags(command).json) printJson(command, { ok: true, lang, reports: written });
      else for (const [format, target] of Object.entries(written)) printLine(command, `Report (${format}): ${target}`);
    });
}

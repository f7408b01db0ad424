/** `casebridge report <run-report.json>`: re-render the HTML and Markdown reports from a JSON run report. */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError, SourceFormatError } from '../../core/errors.js';
import { RUN_REPORT_VERSION, type RunReport } from '../../core/report/run-report.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';
import type { ReportFormat } from '../config/cli-config.js';
import { renderReport } from '../write-run-reports.js';
import { loadConfig } from '../config/load-config.js';
import { LANG_OPTION_HELP, parseLang, reportLanguageFor } from '../lang-option.js';
import type { ReportLanguage } from '../../core/report/i18n/report-language.js';

/** Reads and checks a JSON run report. */
export async function readRunReport(file: string): Promise<RunReport> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (cause) {
    throw new SourceFormatError(`The run report could not be read as JSON: ${(cause as Error).message}`, { cause, details: { file } });
  }
  const r = value as Partial<RunReport>;
  if (typeof r !== 'object' || r === null || r.reportVersion !== RUN_REPORT_VERSION || !Array.isArray(r.entities) || typeof r.status !== 'string') {
    throw new SourceFormatError(`Not a casebridge run report (version ${RUN_REPORT_VERSION}).`, { details: { file } });
  }
  return value as RunReport;
}

/** Registers `report`. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('render the HTML and Markdown reports from a JSON run report')
    .argument('<run-report.json>', 'a JSON run report written by run, dry-run or demo')
    .option('-o, --out <dir>', 'output folder (default: next to the JSON report)')
    .option('-f, --format <formats>', 'comma-separated formats: html,md', 'html,md')
    .option('--lang <lang>', LANG_OPTION_HELP, parseLang)
    .option('-c, --config <file>', 'config whose lang to use (default: none; --lang or the locale decide)')
    .action(async (file: string, opts: { out?: string; format: string; lang?: ReportLanguage; config?: string }, command: Command) => {
      const { io } = cliContext(command);
      const source = path.resolve(io.cwd, file);
      const report = await readRunReport(source);
      const formats = opts.format.split(',').map((f) => f.trim()).filter((f) => f !== '');
      for (const f of formats) if (f !== 'html' && f !== 'md') throw new ConfigurationError(`Unknown report format "${f}" (use html, md).`, { details: { option: '--format' } });
      // The config is read only for its `lang`, and only when named: re-rendering needs no source or target.
      const configured = opts.config !== undefined ? (await loadConfig(opts.config, io.cwd)).config.lang : undefined;
      const lang = reportLanguageFor(opts.lang, configured, io.env);
      const dir = opts.out !== undefined ? path.resolve(io.cwd, opts.out) : path.dirname(source);
      await mkdir(dir, { recursive: true });
      const stem = path.basename(source).replace(/\.json$/i, '');
      const written: Record<string, string> = {};
      for (const format of formats as ReportFormat[]) {
        const target = path.join(dir, `${stem}.${format}`);
        await writeFile(target, renderReport(report, format, lang), 'utf8');
        written[format] = target;
      }
      if (globalFlags(command).json) printJson(command, { ok: true, lang, reports: written });
      else for (const [format, target] of Object.entries(written)) printLine(command, `Report (${format}): ${target}`);
    });
}

/**
 * Writes a run's reports into a folder: `run-report.json` (the machine contract), `run-report.html`
 * (self-contained, for people) and `run-report.md` (a summary), each also kept under the run id so that
 * rehearsals do not overwrite each other's evidence.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport } from '../core/report/run-report.js';
import { renderRunReportHtml } from '../core/report/render-html.js';
import { renderRunReportMarkdown } from '../core/report/render-markdown.js';
import type { ReportFormat } from './config/cli-config.js';
import type { ReportLanguage } from '../core/report/i18n/report-language.js';
import { writeQuarantineExport, type QuarantineExportRow } from './quarantine-export.js';

/** Paths of the written reports by format. */
export type WrittenReports = Partial<Record<ReportFormat, string>>;

const EXT: Readonly<Record<ReportFormat, string>> = { json: 'json', html: 'html', md: 'md' };

/** Renders one format; `lang` sets the words of HTML and Markdown (JSON is language-neutral). */
export function renderReport(report: RunReport, format: ReportFormat, lang: ReportLanguage = 'en'): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'html') return renderRunReportHtml(report, { lang });
  return renderRunReportMarkdown(report, { lang });
}

/** Writes the reports (latest copy and per-run copy); returns the latest copies' paths. */
export async function writeRunReports(
  report: RunReport,
  dir: string,
  formats: readonly ReportFormat[] = ['json', 'html', 'md'],
  lang: ReportLanguage = 'en',
): Promise<WrittenReports> {
  await mkdir(path.join(dir, 'runs'), { recursive: true });
  const written: WrittenReports = {};
  const stem = reportStem(report);
  for (const format of formats) {
    const text = renderReport(report, format, lang);
    const latest = path.join(dir, `run-report.${EXT[format]}`);
    await writeFile(latest, text, 'utf8');
    await writeFile(path.join(dir, 'runs', `${stem}.${EXT[format]}`), text, 'utf8');
    written[format] = latest;
  }
  return written;
}

/** File stem of a run's kept copies under `runs/`: mode, start time and the run id's first 8 hex digits. */
export function reportStem(report: RunReport): string {
  return `${report.dryRun ? 'dry-run' : 'run'}-${report.startedAt.slice(0, 19).replace(/[:T]/g, '-')}-${report.runId.slice(0, 8)}`;
}

/** Writes the quarantine export (CSV) beside the reports, latest and per run; returns the latest copy's path. */
export async function writeRunQuarantine(report: RunReport, dir: string, rows: readonly QuarantineExportRow[]): Promise<string> {
  const latest = path.join(dir, 'quarantine.csv');
  await writeQuarantineExport(latest, rows, 'csv');
  await writeQuarantineExport(path.join(dir, 'runs', `${reportStem(report)}.quarantine.csv`), rows, 'csv');
  return latest;
}

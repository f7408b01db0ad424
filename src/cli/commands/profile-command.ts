/** `casebridge profile`: scan a source and write the profile as JSON and self-contained HTML. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { profileSource } from '../../core/profile/profile-source.js';
import { renderProfileHtml } from '../../core/profile/render-profile-html.js';
import { cliContext, globalFlags, noteLine, printJson, printLine } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { loadConfig, resolvePath } from '../config/load-config.js';
import { detectCsvFormat, detectFileCharset, detectFileSource, type FileCharset } from '../detect-file-source.js';
import { sourceFromOptions, withSourceOptions, type SourceOptions } from '../source-options.js';
import { LANG_OPTION_HELP, parseLang, reportLanguageFor } from '../lang-option.js';
import type { ReportLanguage } from '../../core/report/i18n/report-language.js';

/** Registers `profile`. */
export function registerProfileCommand(program: Command): void {
  withSourceOptions(
    program
      .command('profile')
      .description(
        'profile a source: tables, row counts, null shares, distinct counts, min/max, frequent values, date formats, encodings (personal columns: counts only)',
      )
      .option('-o, --out <dir>', 'output folder for source-profile.json and source-profile.html', 'casebridge-profile')
      .option('-t, --table <tables>', 'comma-separated tables (default: all)')
      .option('--max-rows <n>', 'scan at most this many rows per table', (v) => Number.parseInt(v, 10))
      .option('--distinct-cap <n>', 'most distinct values tracked per column', (v) => Number.parseInt(v, 10), 10_000)
      .option(
        '--non-personal <columns>',
        'comma-separated TABLE.COLUMN whose values may be shown (codes, booking dates); other text and date columns show counts only',
      )
      .option('--lang <lang>', LANG_OPTION_HELP, parseLang),
  ).action(
    async (
      opts: SourceOptions & { out: string; table?: string; maxRows?: number; distinctCap: number; nonPersonal?: string; lang?: ReportLanguage },
      command: Command,
    ) => {
      const { io } = cliContext(command);
      const flags = globalFlags(command);
      const connector = await sourceFromOptions(opts, io);
      const fileFormats = await fileFormatsOf(opts, io);
      const profile = await profileSource(connector, {
        ...(opts.table !== undefined ? { tables: opts.table.split(',').map((t) => t.trim()) } : {}),
        ...(opts.maxRows !== undefined && Number.isFinite(opts.maxRows) ? { maxRows: opts.maxRows } : {}),
        distinctCap: opts.distinctCap,
        ...(opts.nonPersonal !== undefined
          ? {
              nonPersonalColumns: opts.nonPersonal
                .split(',')
                .map((c) => c.trim())
                .filter((c) => c !== ''),
            }
          : {}),
        ...(fileFormats !== undefined ? { fileFormats } : {}),
        onTable: (table, rows) => {
          if (!flags.json) noteLine(command, `profiled ${table}: ${rows} rows`);
        },
      });
      const dir = path.resolve(io.cwd, opts.out);
      await mkdir(dir, { recursive: true });
      const json = path.join(dir, 'source-profile.json');
      const html = path.join(dir, 'source-profile.html');
      await writeFile(json, `${JSON.stringify(profile, null, 2)}\n`, 'utf8');
      // The config (when one is named) may set the language; a --files profile has none.
      const configured = opts.config !== undefined ? (await loadConfig(opts.config, io.cwd)).config.lang : undefined;
      await writeFile(html, renderProfileHtml(profile, { lang: reportLanguageFor(opts.lang, configured, io.env) }), 'utf8');
      if (flags.json) printJson(command, { ok: true, tables: profile.tables.length, files: { json, html } });
      else {
        const personal = profile.tables.flatMap((t) => t.columns.filter((c) => c.personal !== null).map((c) => `${t.name}.${c.name}`));
        printLine(
          command,
          `Profiled ${profile.tables.length} tables (${profile.tables.reduce((t, x) => t + x.rowsScanned, 0)} rows); ${personal.length} columns show counts only (personal-looking, or text/date not declared with --non-personal).`,
        );
        printLine(command, `Profile (json): ${json}`);
        printLine(command, `Profile (html): ${html}`);
      }
    },
  );
}

/** How a file's charset is shown in the profile. */
const CHARSET_LABELS: Readonly<Record<FileCharset, string>> = { ascii: 'ASCII', 'utf-8': 'UTF-8', 'windows-1252': 'Windows-1252' };

/**
 * Encoding and delimiter of each file table as found in the file (not as declared), for `--files`
 * and for a config's files source alike; undefined for a database source.
 */
async function fileFormatsOf(opts: SourceOptions, io: CliIo): Promise<Record<string, { encoding?: string; delimiter?: string }> | undefined> {
  let baseDir: string;
  let tables: Readonly<Record<string, { readonly file: string; readonly format: 'csv' | 'jsonl' }>>;
  if (opts.files !== undefined) {
    ({ baseDir, tables } = await detectFileSource(opts.files, io.cwd));
  } else {
    const loaded = await loadConfig(opts.config, io.cwd);
    const source = loaded.config.source;
    if (source.connector !== 'files') return undefined;
    baseDir = resolvePath(loaded, source.baseDir);
    tables = source.tables;
  }
  const out: Record<string, { encoding?: string; delimiter?: string }> = {};
  for (const [name, table] of Object.entries(tables)) {
    const file = path.resolve(baseDir, table.file);
    const charset = await detectFileCharset(file).catch(() => undefined);
    const delimiter = table.format === 'csv' ? (await detectCsvFormat(file).catch(() => undefined))?.delimiter : undefined;
    out[name] = { ...(charset !== undefined ? { encoding: CHARSET_LABELS[charset] } : {}), ...(delimiter !== undefined ? { delimiter } : {}) };
  }
  return out;
}

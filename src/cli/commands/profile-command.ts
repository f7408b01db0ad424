/** `casebridge profile`: scan a source and write the profile as JSON and self-contained HTML. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { profileSource } from '../../core/profile/profile-source.js';
import { renderProfileHtml } from '../../core/profile/render-profile-html.js';
import { cliContext, globalFlags, noteLine, printJson, printLine } from '../cli-context.js';
import { detectFileSource } from '../detect-file-source.js';
import { sourceFromOptions, withSourceOptions, type SourceOptions } from '../source-options.js';

/** Registers `profile`. */
export function registerProfileCommand(program: Command): void {
  withSourceOptions(
    program
      .command('profile')
      .description('profile a source: tables, row counts, null shares, distinct counts, min/max, frequent values, date formats, encodings (personal columns: counts only)')
      .option('-o, --out <dir>', 'output folder for source-profile.json and source-profile.html', 'casebridge-profile')
      .option('-t, --table <tables>', 'comma-separated tables (default: all)')
      .option('--max-rows <n>', 'scan at most this many rows per table', (v) => Number.parseInt(v, 10))
      .option('--distinct-cap <n>', 'most distinct values tracked per column', (v) => Number.parseInt(v, 10), 10_000),
  ).action(async (opts: SourceOptions & { out: string; table?: string; maxRows?: number; distinctCap: number }, command: Command) => {
    const { io } = cliContext(command);
    const flags = globalFlags(command);
    const connector = await sourceFromOptions(opts, io);
    const fileFormats = opts.files !== undefined ? (await detectFileSource(opts.files, io.cwd)).detected : undefined;
    const profile = await profileSource(connector, {
      ...(opts.table !== undefined ? { tables: opts.table.split(',').map((t) => t.trim()) } : {}),
      ...(opts.maxRows !== undefined && Number.isFinite(opts.maxRows) ? { maxRows: opts.maxRows } : {}),
      distinctCap: opts.distinctCap,
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
    await writeFile(html, renderProfileHtml(profile), 'utf8');
    if (flags.json) printJson(command, { ok: true, tables: profile.tables.length, files: { json, html } });
    else {
      const personal = profile.tables.flatMap((t) => t.columns.filter((c) => c.personal !== null).map((c) => `${t.name}.${c.name}`));
      printLine(command, `Profiled ${profile.tables.length} tables (${profile.tables.reduce((t, x) => t + x.rowsScanned, 0)} rows); ${personal.length} columns look personal and show counts only.`);
      printLine(command, `Profile (json): ${json}`);
      printLine(command, `Profile (html): ${html}`);
    }
  });
}

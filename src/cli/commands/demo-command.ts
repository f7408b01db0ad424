/**
 * `casebridge demo`: generates the bundled sample commune (the flat-file reference profile, synthetic
 * people only), profiles it, migrates it into an embedded PGlite store through a generated config file,
 * and writes the reports. No server needed. The demo folder is reusable: the config it writes works
 * with `casebridge dry-run -c <out>/casebridge.config.json`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError } from '../../core/errors.js';
import { profileSource } from '../../core/profile/profile-source.js';
import { renderProfileHtml } from '../../core/profile/render-profile-html.js';
import { cliContext, globalFlags, noteLine, printJson, printLine } from '../cli-context.js';
import { buildMigration, createSource } from '../config/build-migration.js';
import { checkConfig } from '../config/load-config.js';
import { importProfileModule } from '../config/builtin-profiles.js';
import { resolveKeyFile } from '../pseudonym-key-option.js';
import { executeRun, runSummaryJson, summaryLines } from '../execute-run.js';
import { runCantonDemo } from '../canton-demo.js';
import { LANG_OPTION_HELP, parseLang, reportLanguageFor } from '../lang-option.js';
import type { ReportLanguage } from '../../core/report/i18n/report-language.js';

/** Marker file that makes a folder a demo folder (and safe to clean). */
const MARKER = '.casebridge-demo';
/** Subfolders the demo owns. */
const OWNED = ['source', 'store', 'reports', 'profile', 'communes', 'canton-reports'] as const;

/** Registers `demo`. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('migrate the bundled sample commune into an embedded PGlite store and write the reports (no server needed)')
    .option('-o, --out <dir>', 'demo folder (reused on the next demo)', 'casebridge-demo')
    .option('--canton', 'four sample communes into one canton store, with the canton overview (parallel canton runs need PostgreSQL: casebridge canton)')
    .option('--lang <lang>', LANG_OPTION_HELP, parseLang)
    .action(async (opts: { out: string; canton?: boolean; lang?: ReportLanguage }, command: Command) => {
      const { io } = cliContext(command);
      const flags = globalFlags(command);
      const started = performance.now();
      const out = path.resolve(io.cwd, opts.out);
      await prepareFolder(out);
      const note = (line: string): void => {
        if (!flags.json) noteLine(command, line);
      };
      if (opts.canton === true) {
        const canton = await runCantonDemo(command, out, note);
        const seconds = Math.round(((performance.now() - started) / 1000) * 10) / 10;
        if (canton.overview.status !== 'done') cliContext(command).exitCode = 2;
        if (flags.json)
          return printJson(command, {
            status: canton.overview.status,
            totals: canton.overview.totals,
            overview: { html: canton.html, json: canton.json },
            folder: out,
            seconds,
          });
        printLine(
          command,
          `Canton demo: ${String(canton.overview.totals.succeeded)} of ${String(canton.overview.totals.communes)} communes migrated into one store (${canton.overview.status}).`,
        );
        for (const c of canton.overview.communes)
          printLine(
            command,
            `  ${String(c.commune)}: ${c.run === null ? 'failed' : `${c.run.status}, ${String(c.run.loaded)} rows loaded, ${c.run.quarantinePercent} % quarantined, ${c.run.conservation}`}`,
          );
        if (canton.overview.personIndex !== null)
          printLine(command, `People in more than one commune (same AHVN13): ${String(canton.overview.personIndex.linkedVn)}`);
        printLine(command, `Open the canton overview in your browser:  ${canton.html}`);
        printLine(command, `Done in ${seconds.toFixed(1)} s.`);
        return;
      }

      note(`Generating the sample commune (synthetic data) in ${path.join(out, 'source')} …`);
      const mod = await importProfileModule('flat-file');
      const writeSampleCommune = mod['writeSampleCommune'] as (dir: string) => Promise<unknown>;
      const connectorConfig = mod['flatFileConnectorConfig'] as (dir: string) => { name: string; tables: Record<string, unknown> };
      await writeSampleCommune(path.join(out, 'source'));

      const config = checkConfig(
        {
          name: 'sample-commune',
          tenant: { commune: mod['SAMPLE_COMMUNE_BFS'] as number, sourceSystem: connectorConfig('source').name },
          source: { connector: 'files', name: connectorConfig('source').name, baseDir: 'source', tables: connectorConfig('source').tables },
          mappings: 'flat-file',
          target: { kind: 'pglite', dir: 'store' },
          reports: { dir: 'reports' },
          // The demo's own key, kept across demos (outside the report folder).
          pseudonyms: { keyFile: 'keys/pseudonyms.key' },
          // The flat-file profile itself allows its one planted case without an applicant (a second one fails the run).
          options: { batchSize: 500, thresholds: [{ metric: 'quarantined', maxPercent: 10, severity: 'warning' }] },
        },
        path.join(out, 'casebridge.config.json'),
      );
      await writeFile(path.join(out, 'casebridge.config.json'), `${JSON.stringify(config, null, 2)}\n`, 'utf8');
      const loaded = { config, file: path.join(out, 'casebridge.config.json'), baseDir: out };

      note('Profiling the source …');
      const profile = await profileSource(await createSource(loaded, io.env));
      await mkdir(path.join(out, 'profile'), { recursive: true });
      const profileHtml = path.join(out, 'profile', 'source-profile.html');
      await writeFile(path.join(out, 'profile', 'source-profile.json'), `${JSON.stringify(profile, null, 2)}\n`, 'utf8');
      const lang = reportLanguageFor(opts.lang, undefined, io.env);
      await writeFile(profileHtml, renderProfileHtml(profile, { lang }), 'utf8');

      note('Migrating into the embedded PGlite store …');
      const prepared = await buildMigration(loaded, io.env);
      const run = await executeRun(command, prepared, {
        dryRun: false,
        reportsDir: path.join(out, 'reports'),
        summary: false,
        keyFile: resolveKeyFile(loaded, undefined, io.cwd),
        lang,
      });
      const seconds = (performance.now() - started) / 1000;

      if (flags.json) {
        printJson(command, {
          ...runSummaryJson(run.report, run.reports, run.exitCode),
          quarantineExport: run.quarantine,
          profile: { html: profileHtml },
          folder: out,
          seconds: Math.round(seconds * 10) / 10,
        });
        return;
      }
      for (const line of summaryLines(run.report, lang)) printLine(command, line);
      printLine(command);
      printLine(command, `Open the run report in your browser:  ${run.reports.html ?? ''}`);
      printLine(command, `Source profile:                        ${profileHtml}`);
      printLine(command, `Markdown summary:                      ${run.reports.md ?? ''}`);
      printLine(command, `Quarantined rows (CSV, no values):     ${run.quarantine}`);
      printLine(command, `Config to rehearse again:              casebridge dry-run -c ${path.join(out, 'casebridge.config.json')}`);
      printLine(command, `Done in ${seconds.toFixed(1)} s.`);
    });
}

/** Creates the demo folder, or cleans the demo's own subfolders when it is one; refuses other folders. */
async function prepareFolder(out: string): Promise<void> {
  if (existsSync(out)) {
    const entries = await readdir(out);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new ConfigurationError('The demo folder exists and is not a casebridge demo folder; choose another with --out.', { details: { dir: out } });
    }
    for (const sub of OWNED) await rm(path.join(out, sub), { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, MARKER), 'This folder was created by `casebridge demo` and is cleaned by the next demo.\n', 'utf8');
}

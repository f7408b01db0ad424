/**
 * `casebridge verify`: checks the run chain of the store the config names and the report folder (see
 * `verifyRunChain`): exit 0 when every chain is intact, 4 with the first broken link of each chain named
 * (commune, position, run id, what differs; report file names at most, never personal data).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigurationError } from '../../core/errors.js';
import { reportMessages } from '../../core/report/i18n/report-messages.js';
import type { ReportLanguage } from '../../core/report/i18n/report-language.js';
import { hasRunChain } from '../../core/trust/run-chain-target.js';
import { loadVerifyKey } from '../../core/trust/run-signing-keys.js';
import { verifyRunChain, type ChainBreak, type ChainVerification } from '../../targets/ledger/run-chain-verify.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';
import { buildMigration } from '../config/build-migration.js';
import { loadConfig } from '../config/load-config.js';
import { EXIT_CODES } from '../exit-codes.js';
import { LANG_OPTION_HELP, parseLang, reportLanguageFor } from '../lang-option.js';

interface VerifyOptions {
  readonly config?: string;
  readonly reports?: string;
  readonly publicKey?: string;
  readonly lang?: ReportLanguage;
}

/** The translated sentence naming a broken link. */
export function brokenLinkLine(lang: ReportLanguage, broken: ChainBreak): string {
  const m = reportMessages(lang).verify;
  const what = m.what[broken.kind] ?? broken.kind;
  return m.firstBreak(broken.seq, broken.runId, broken.file === undefined ? what : `${what} (${m.file(broken.file)})`);
}

/** The human lines of a verification, in `lang`. */
export function verifyLines(lang: ReportLanguage, result: ChainVerification): string[] {
  const m = reportMessages(lang).verify;
  const lines: string[] = [];
  if (result.chains.length === 0) lines.push(m.noChain);
  else if (result.intact)
    lines.push(
      m.intact(
        result.chains.length,
        result.chains.reduce((n, c) => n + c.links, 0),
        result.filesChecked,
      ),
    );
  else lines.push(m.broken);
  for (const chain of result.chains) {
    lines.push(m.chain(String(chain.commune), chain.sourceSystem, chain.links, chain.head));
    if (chain.firstBreak !== null) lines.push(`  ${brokenLinkLine(lang, chain.firstBreak)}`);
  }
  if (result.unsealedRuns > 0) lines.push(m.unsealed(result.unsealedRuns));
  return lines;
}

/** Registers `verify`. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description("check the run chain: every commune's runs, their ledger entries, report files and signatures; names the first broken link")
    .option('-c, --config <file>', 'config file naming the target (default: casebridge.config.* in the working directory)')
    .option('-r, --reports <dir>', 'report folder whose files the runs recorded (default: config reports.dir or ./casebridge-reports)')
    .option('--public-key <file>', 'Ed25519 public key (PEM): every link must carry its valid signature')
    .option('--lang <lang>', LANG_OPTION_HELP, parseLang)
    .action(async (opts: VerifyOptions, command: Command) => {
      const context = cliContext(command);
      const { io } = context;
      const loaded = await loadConfig(opts.config, io.cwd);
      const publicKey = opts.publicKey === undefined ? undefined : await loadVerifyKey(path.resolve(io.cwd, opts.publicKey));
      const reportsDir =
        opts.reports !== undefined ? path.resolve(io.cwd, opts.reports) : path.resolve(loaded.baseDir, loaded.config.reports?.dir ?? 'casebridge-reports');
      const prepared = await buildMigration(loaded, io.env);
      const target = prepared.definition.target;
      if (!hasRunChain(target)) {
        throw new ConfigurationError('verify: this target keeps no run chain (only the PostgreSQL and PGlite stores do).', {
          details: { target: target.kind },
        });
      }
      let result: ChainVerification;
      await target.open();
      try {
        await target.ensureSchema();
        result = await verifyRunChain(target.ledgerQueryable(), { reportsDir, ...(publicKey === undefined ? {} : { publicKey }) });
      } finally {
        await target.close();
      }
      const exitCode = result.intact ? EXIT_CODES.OK : EXIT_CODES.CHAIN_BROKEN;
      context.exitCode = exitCode;
      if (globalFlags(command).json) printJson(command, { ok: result.intact, exitCode, ...result });
      else for (const line of verifyLines(reportLanguageFor(opts.lang, loaded.config.lang, io.env), result)) printLine(command, line);
    });
}

/**
 * `casebridge keys ed25519 <dir>`: creates the Ed25519 key pair that signs the run chain's links
 * (`run --signing-key`, config `signingKey`) and verifies them (`verify --public-key`).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { createSigningKeyPair } from '../../core/trust/run-signing-keys.js';
import { reportMessages } from '../../core/report/i18n/report-messages.js';
import type { ReportLanguage } from '../../core/report/i18n/report-language.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';
import { LANG_OPTION_HELP, parseLang, reportLanguageFor } from '../lang-option.js';

/** Registers `keys ed25519`. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('create the keys that sign the run chain');
  keys
    .command('ed25519')
    .description('create an Ed25519 key pair (PEM) in <dir>: the private key signs each run, the public key verifies; never overwrites')
    .argument('<dir>', 'folder for run-signing-key.pem (private, keep it with the pseudonym key) and run-signing-key.pub.pem')
    .option('--lang <lang>', LANG_OPTION_HELP, parseLang)
    .action(async (dir: string, opts: { lang?: ReportLanguage }, command: Command) => {
      const { io } = cliContext(command);
      const created = await createSigningKeyPair(path.resolve(io.cwd, dir));
      const m = reportMessages(reportLanguageFor(opts.lang, undefined, io.env)).verify;
      if (globalFlags(command).json) printJson(command, { ok: true, ...created });
      else for (const line of [m.keysPrivate(created.privateKey), m.keysPublic(created.publicKey), m.keysId(created.keyId)]) printLine(command, line);
    });
}

/**
 * `casebridge keys ed25519 <dir>`: creates the Ed25519 key pair that signs the run chain's links
 * (`run --signing-key`, config `signingKey`) and verifies them (`verify --public-key`).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { createSigningKeyPair } from '../../core/trust/run-signing-keys.js';
import { cliContext, globalFlags, printJson, printLine } from '../cli-context.js';

/** Registers `keys ed25519`. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('create the keys that sign the run chain');
  keys
    .command('ed25519')
    .description('create an Ed25519 key pair (PEM) in <dir>: the private key signs each run, the public key verifies; never overwrites')
    .argument('<dir>', 'folder for run-signing-key.pem (private, keep it with the pseudonym key) and run-signing-key.pub.pem')
    .action(async (dir: string, _opts: unknown, command: Command) => {
      const { io } = cliContext(command);
      const created = await createSigningKeyPair(path.resolve(io.cwd, dir));
      if (globalFlags(command).json) printJson(command, { ok: true, ...created });
      else {
        printLine(command, `Private key (signs runs: --signing-key / config signingKey): ${created.privateKey}`);
        printLine(command, `Public key (verify --public-key): ${created.publicKey}`);
        printLine(command, `Key id: ${created.keyId}`);
      }
    });
}

/**
 * `casebridge keys ed25519`, signed runs and `casebridge verify` on the flat-file sample commune, in-process
 * through `runCli`: two signed real runs (and a dry run, which adds no link) verify intact with exit 0, a
 * re-render with `casebridge report <runId>` keeps the chain intact, an edited report file exits 4 and is
 * named (in German with --lang de), and a wrong public key exits 4 naming the signature.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { EXIT_CODES } from '../src/cli/exit-codes.js';
import { flatFileConnectorConfig, writeSampleCommune } from '../src/profiles/flat-file/index.js';
import type { ChainVerification } from '../src/targets/ledger/run-chain-verify.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-cli-chain-'));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: {} });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

const runIds: string[] = [];

beforeAll(async () => {
  await writeSampleCommune(path.join(root, 'source'));
  writeFileSync(
    path.join(root, 'casebridge.config.json'),
    JSON.stringify({
      name: 'cli-chain',
      tenant: { commune: 351, sourceSystem: 'flat-file-export' },
      source: { connector: 'files', name: 'flat-file-export', baseDir: 'source', tables: flatFileConnectorConfig('source').tables },
      mappings: 'flat-file',
      target: { kind: 'pglite', dir: 'store' },
      reports: { dir: 'reports' },
      signingKey: 'keys/run-signing-key.pem',
    }),
  );
  const keys = await cli(['keys', 'ed25519', 'keys']);
  expect(keys.code).toBe(0);
  expect(keys.out).toContain(`Public key (casebridge verify --public-key): ${path.join(root, 'keys', 'run-signing-key.pub.pem')}`);
  expect(readFileSync(path.join(root, 'keys', 'run-signing-key.pub.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');
  // A second key pair, to verify against the wrong public key.
  expect((await cli(['keys', 'ed25519', 'other-keys'])).code).toBe(0);
  // Never overwritten: the commune's key stays the one its links were signed with.
  expect((await cli(['keys', 'ed25519', 'keys'])).code).toBe(EXIT_CODES.CONFIG);
  for (const dryRun of [false, true, false]) {
    const r = await cli(['--json', dryRun ? 'dry-run' : 'run']);
    expect(r.code, r.err).toBe(0);
    if (!dryRun) runIds.push((JSON.parse(r.out) as { runId: string }).runId);
  }
}, 300_000);

describe('casebridge verify on the flat-file sample', () => {
  it('two signed runs verify intact (exit 0) and a re-render with `report <runId>` keeps them intact', async () => {
    const r = await cli(['--json', 'verify', '--public-key', 'keys/run-signing-key.pub.pem']);
    expect(r.code).toBe(EXIT_CODES.OK);
    const result = JSON.parse(r.out) as ChainVerification;
    expect(result).toMatchObject({ intact: true, firstBreak: null, unsealedRuns: 0 });
    // json, html, md and the quarantine export of each run.
    expect(result.filesChecked).toBe(8);
    expect(result.chains).toMatchObject([{ commune: 351, sourceSystem: 'flat-file-export', links: 2 }]);
    expect((await cli(['report', runIds[0]!])).code).toBe(0);
    const again = await cli(['verify', '--public-key', 'keys/run-signing-key.pub.pem']);
    expect(again.code).toBe(EXIT_CODES.OK);
    expect(again.out).toContain('Run chain intact: 2 links in 1 chain, 8 report files checked.');
  });

  it('a wrong public key exits 4 and names the first link and its signature', async () => {
    const r = await cli(['verify', '--public-key', 'other-keys/run-signing-key.pub.pem']);
    expect(r.code).toBe(EXIT_CODES.CHAIN_BROKEN);
    expect(r.out).toContain(`first broken link: no. 1, run ${runIds[0]!}: the signature is missing or does not match the public key`);
  });

  it('an edited report file exits 4 and is named, in German with --lang de', async () => {
    const md = readdirSync(path.join(root, 'reports', 'runs')).filter((f) => f.endsWith(`-${runIds[1]!.slice(0, 8)}.md`));
    expect(md).toHaveLength(1);
    const name = `runs/${md[0]!}`;
    appendFileSync(path.join(root, 'reports', name), '\nedited\n');
    const r = await cli(['verify', '--lang', 'de', '--public-key', 'keys/run-signing-key.pub.pem']);
    expect(r.code).toBe(EXIT_CODES.CHAIN_BROKEN);
    expect(r.out).toContain('Laufkette GEBROCHEN.');
    expect(r.out).toContain(
      `erstes gebrochenes Glied: Nr. 2, Lauf ${runIds[1]!}: eine Berichtsdatei fehlt oder weicht von ihrem erfassten SHA-256 ab (Datei ${name})`,
    );
  });
});

/**
 * `casebridge stats …` on the command line: option errors end with the configuration exit code and a
 * message naming the option; an empty store gives an all-zero indicator table, human or JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { EXIT_CODES } from '../src/cli/exit-codes.js';
import { runCli } from '../src/cli/main.js';
import { openPgliteStore } from '../src/targets/store/index.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-stats-cli-'));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: {} });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  const store = await openPgliteStore({ dataDir: path.join(root, 'store') });
  await store.close();
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('casebridge stats', () => {
  it('refuses a bad period, a missing or unknown target and a monthly KOKES period', async () => {
    const badPeriod = await cli(['stats', 'indicators', '--period', '2024-13', '--target', 'pglite:store']);
    expect(badPeriod.code).toBe(EXIT_CODES.CONFIG);
    expect(badPeriod.err).toContain('CB_CONFIGURATION_INVALID');
    expect(badPeriod.err).toContain('YYYY');
    expect((await cli(['stats', 'shs', '--period', '2024'])).err).toContain('--target');
    expect((await cli(['stats', 'indicators', '--period', '2024', '--target', 'mysql://localhost/x'])).code).toBe(EXIT_CODES.CONFIG);
    const monthly = await cli(['stats', 'kokes', '--period', '2024-03', '--target', 'pglite:store']);
    expect(monthly.code).toBe(EXIT_CODES.CONFIG);
    expect(monthly.err).toContain('YYYY');
    expect((await cli(['stats', 'shs', '--period', '2024', '--target', 'pglite:store', '--secret-env', 'NOPE'])).err).toContain('NOPE');
    expect((await cli(['stats', 'indicators', '--period', '2024'])).code).toBe(EXIT_CODES.CONFIG);
  });

  it('prints an all-zero table for an empty store', async () => {
    const json = await cli(['stats', 'indicators', '--period', '2024', '--target', 'pglite:store', '--commune', '351', '--json']);
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      period: '2024',
      scope: 'commune:351',
      dossiers: 0,
      supportedPersons: 0,
      grossExpenditureChf: '0.00',
      closingReasons: {},
    });
    const human = await cli(['stats', 'indicators', '--period', '2024-02', '--target', 'pglite:store']);
    expect(human.out).toContain('Indicators 2024-02, canton');
    expect(human.out).toMatch(/dossiers\s+0/);
  }, 60_000);
});

/**
 * `casebridge rollback <runId>` end to end through `runCli` against a PGlite store named by a config:
 * `--dry-run --json` lists what would go per entity and changes nothing, the rollback undoes the run and
 * is recorded, an earlier run is refused with exit code 4 naming the later run (in the chosen language),
 * and a run rolled back already is refused too.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { EXIT_CODES } from '../src/cli/exit-codes.js';
import { flatFileConnectorConfig, generateFlatFileExport } from '../src/profiles/flat-file/index.js';
import type { RollbackResult } from '../src/targets/store/index.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-cli-rollback-'));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: {} });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  await generateFlatFileExport({ dir: path.join(root, 'source'), persons: 15, seed: 5 });
  writeFileSync(
    path.join(root, 'casebridge.config.json'),
    JSON.stringify({
      name: 'cli-rollback',
      tenant: { commune: 351, sourceSystem: 'flat-file-export' },
      source: { connector: 'files', name: 'flat-file-export', baseDir: 'source', tables: flatFileConnectorConfig('source').tables },
      mappings: 'flat-file',
      target: { kind: 'pglite', dir: 'store' },
      reports: { dir: 'reports' },
      documents: false,
    }),
  );
}, 120_000);

describe('casebridge rollback', () => {
  it('dry-runs, rolls back, and refuses an earlier run while a later one stands (exit 5, named, translated)', async () => {
    const first = randomUUID();
    const second = randomUUID();
    expect((await cli(['--no-progress', 'run', '--run-id', first])).code).toBe(0);
    expect((await cli(['--no-progress', 'run', '--run-id', second])).code).toBe(0);

    const refused = await cli(['rollback', first, '--lang', 'de']);
    expect(refused.code).toBe(EXIT_CODES.ROLLBACK_REFUSED);
    expect(refused.err).toContain('error CB_ROLLBACK_REFUSED');
    expect(refused.err).toContain(`laterRunId=${second}`);
    expect(refused.err).toContain('späterer, nicht rückgängig gemachter Lauf');

    // The second run changed nothing (same source): nothing to undo but the run itself.
    const dryTwo = await cli(['--json', 'rollback', second, '--dry-run']);
    expect(dryTwo.code).toBe(0);
    expect((JSON.parse(dryTwo.out) as RollbackResult).entities).toEqual([]);
    expect((await cli(['rollback', second, '--actor', 'ops'])).out).toContain(`Run ${second} rolled back:`);

    const dry = await cli(['--json', 'rollback', first, '--dry-run']);
    expect(dry.code).toBe(0);
    const planned = JSON.parse(dry.out) as RollbackResult & { ok: boolean };
    expect(planned).toMatchObject({ ok: true, runId: first, dryRun: true, commune: 351 });
    const persons = planned.entities.find((e) => e.entity === 'person');
    expect(persons?.removed).toBeGreaterThan(0);
    expect(planned.lineage.removed).toBeGreaterThan(0);

    const done = await cli(['rollback', first, '--lang', 'fr']);
    expect(done.code).toBe(0);
    expect(done.out).toContain(`Exécution ${first} annulée :`);
    expect(done.out).toContain(`person : ${persons?.removed} retirés`);

    const again = await cli(['--json', 'rollback', first]);
    expect(again.code).toBe(EXIT_CODES.ROLLBACK_REFUSED);
    expect(JSON.parse(again.out)).toMatchObject({ ok: false, exitCode: 5, error: { code: 'CB_ROLLBACK_REFUSED', details: { reason: 'rolled-back' } } });
  }, 600_000);
});

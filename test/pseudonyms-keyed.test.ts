/**
 * Defect 8 of issue 14: pseudonyms could be reversed. A quarantine reference was an unsalted SHA-256 of
 * (system, table, key), reversed by trying 400 keys. Now every reference is an HMAC under the commune's
 * key file (created on first use, outside the report folder); the same brute force finds nothing, and
 * `casebridge resolve` gives the legacy keys back only to a holder of the key file.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { EXIT_CODES } from '../src/cli/exit-codes.js';
import { fixListReferences } from '../src/cli/commands/resolve-command.js';
import { PseudonymKey } from '../src/core/pseudonyms/pseudonym-key.js';
import { loadPseudonymKeyFile } from '../src/core/pseudonyms/pseudonym-key-file.js';
import { flatFileConnectorConfig, writeSampleCommune } from '../src/profiles/flat-file/index.js';
import type { RunReport } from '../src/core/report/run-report.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-pseudonyms-'));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: {} });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** The pre-fix reference: mapping plus SHA-256 (no key) of system, table and key. */
function unkeyedRef(mapping: string, system: string, table: string, key: string): string {
  return `${mapping}:${createHash('sha256').update([system, table, key].join('\u001f')).digest('hex').slice(0, 16)}`;
}

describe('keyed pseudonyms: quarantine references under the commune key file', () => {
  let report: RunReport;
  let refs: string[];
  const keyFile = path.join(root, 'casebridge-keys', 'pseudonyms.key');

  beforeAll(async () => {
    await writeSampleCommune(path.join(root, 'source'));
    const config = {
      name: 'keyed',
      tenant: { commune: 351, sourceSystem: 'flat-file-export' },
      source: { connector: 'files', name: 'flat-file-export', baseDir: 'source', tables: flatFileConnectorConfig('source').tables },
      mappings: 'flat-file',
      target: { kind: 'pglite', dir: 'store' },
      reports: { dir: 'reports' },
      documents: false,
    };
    writeFileSync(path.join(root, 'casebridge.config.json'), JSON.stringify(config, null, 2));
    const r = await cli(['run', '--json']);
    expect([EXIT_CODES.OK, EXIT_CODES.WARNINGS, EXIT_CODES.RUN_FAILED]).toContain(r.code);
    report = JSON.parse(readFileSync(path.join(root, 'reports', 'run-report.json'), 'utf8')) as RunReport;
    refs = fixListReferences(readFileSync(path.join(root, 'reports', 'quarantine.csv'), 'utf8'));
    expect(refs.length).toBeGreaterThan(0);
  }, 240_000);

  it('creates the key file on first use, private, outside the report folder, and keeps it', async () => {
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const first = readFileSync(keyFile, 'utf8');
    expect(first).not.toContain(report.runId);
    // A second run reuses the key: the same source rows get the same references.
    const again = await cli(['run', '--json']);
    expect(again.code).not.toBe(EXIT_CODES.CONFIG);
    expect(readFileSync(keyFile, 'utf8')).toBe(first);
    expect(fixListReferences(readFileSync(path.join(root, 'reports', 'quarantine.csv'), 'utf8')).sort()).toEqual([...refs].sort());
  }, 240_000);

  it('the 400-key brute force of the issue reverses no reference without the key', async () => {
    const resolved = await cli(['resolve', '--run', report.runId, '--fix-list', 'reports/quarantine.csv', '--json']);
    expect(resolved.code).toBe(EXIT_CODES.OK);
    const rows = (JSON.parse(resolved.out) as { resolved: { recordRef: string; mapping: string; sourceTable: string; legacyKey: string }[] }).resolved;
    expect(rows.length).toBe(refs.length);
    expect(rows.every((r) => r.legacyKey !== null && r.legacyKey !== '')).toBe(true);
    const wanted = new Set(refs);
    for (const row of rows) {
      // The attacker knows system, table, mapping and that keys are near each other: 400 guesses around the true key.
      const numeric = Number(row.legacyKey);
      const guesses = Number.isInteger(numeric) ? Array.from({ length: 400 }, (_, i) => String(numeric - 200 + i)) : [row.legacyKey];
      expect(guesses).toContain(row.legacyKey);
      for (const guess of guesses) {
        expect(wanted.has(unkeyedRef(row.mapping, report.sourceSystem, row.sourceTable, guess))).toBe(false);
        // Nor under a guessed key (the old fixed fallback of the statistics keys).
        expect(
          wanted.has(
            `${row.mapping}:${PseudonymKey.fromText('casebridge-stats-fallback').digest('record', 'flat-file-export', row.sourceTable, guess).slice(0, 16)}`,
          ),
        ).toBe(false);
      }
    }
  }, 120_000);

  it('resolve refuses a foreign key file and needs an existing one', async () => {
    const foreign = path.join(root, 'other-keys', 'foreign.key');
    await loadPseudonymKeyFile(foreign, { create: true });
    const wrong = await cli(['resolve', refs[0]!, '--run', report.runId, '--key-file', foreign]);
    expect(wrong.code).toBe(EXIT_CODES.CONFIG);
    expect(wrong.out).not.toMatch(/,\d+\n/);
    const missing = await cli(['resolve', refs[0]!, '--run', report.runId, '--key-file', 'nowhere/none.key']);
    expect(missing.code).toBe(EXIT_CODES.CONFIG);
  }, 120_000);

  it('refuses a key file inside the report folder', async () => {
    const r = await cli(['dry-run', '--key-file', 'reports/keys/pseudonyms.key']);
    expect(r.code).toBe(EXIT_CODES.CONFIG);
    expect(r.err).toMatch(/report folder/);
  }, 120_000);
});

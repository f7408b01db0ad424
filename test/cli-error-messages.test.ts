/**
 * CLI errors that say what to do: each case names the wrong input, what would be right, and ends with
 * the documented exit code. In-process through `runCli`, like `bin/casebridge.js`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo, type CliIo } from '../src/cli/cli-io.js';
import { runCli } from '../src/cli/main.js';
import { EXIT_CODES, exitCodeForError } from '../src/cli/exit-codes.js';
import { loadOptionalModule, packageNameOf } from '../src/connectors/shared/load-optional-module.js';
import { flatFileConnectorConfig, flatFileProfile, writeSampleCommune } from '../src/profiles/flat-file/index.js';

const root = mkdtempSync(path.join(tmpdir(), 'cb-cli-errors-'));

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd: root, env: { ...env } });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

function writeConfig(name: string, config: unknown): string {
  const file = path.join(root, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

const filesConfig = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'cli-errors',
  tenant: { commune: 351, sourceSystem: 'flat-file-export' },
  source: { connector: 'files', name: 'flat-file-export', baseDir: 'source', tables: flatFileConnectorConfig('source').tables },
  mappings: 'flat-file',
  target: { kind: 'pglite', dir: 'store' },
  reports: { dir: 'reports' },
  ...extra,
});

beforeAll(async () => {
  await writeSampleCommune(path.join(root, 'source'));
}, 60_000);

describe('CLI errors say what to do', () => {
  it('names a misspelt top-level config field and suggests the right one (exit 78)', async () => {
    const { mappings, ...rest } = filesConfig();
    const r = await cli(['dry-run', '-c', writeConfig('typo.json', { ...rest, mapings: mappings })]);
    expect(r.code).toBe(EXIT_CODES.CONFIG);
    expect(r.err).toContain('unknown field "mapings"');
    expect(r.err).toContain('Did you mean "mappings"?');
  });

  it('names a misspelt nested field of a files source with its suggestion, not the SQL branch', async () => {
    const config = filesConfig();
    const source = config['source'] as Record<string, unknown>;
    const { baseDir, ...sourceRest } = source;
    const r = await cli(['dry-run', '-c', writeConfig('nested-typo.json', { ...config, source: { ...sourceRest, basedir: baseDir } })]);
    expect(r.code).toBe(EXIT_CODES.CONFIG);
    expect(r.err).toContain('Config field /source: unknown field "basedir". Did you mean "baseDir"?');
  });

  it('lists the allowed values of a wrong enum value (exit 78)', async () => {
    const r = await cli(['dry-run', '-c', writeConfig('enum.json', filesConfig({ options: { duplicatePolicy: 'merg' } }))]);
    expect(r.code).toBe(EXIT_CODES.CONFIG);
    expect(r.err).toContain('Config field /options/duplicatePolicy: must be one of "flag", "merge".');
    expect(r.err).not.toContain('must be equal to');

    const kind = await cli(['dry-run', '-c', writeConfig('kind.json', filesConfig({ target: { kind: 'pgsql', dir: 'store' } }))]);
    expect(kind.code).toBe(EXIT_CODES.CONFIG);
    expect(kind.err).toContain('Config field /target/kind: must be one of "pglite", "postgres", "jsonl".');

    const connector = await cli(['dry-run', '-c', writeConfig('connector.json', { ...filesConfig(), source: { connector: 'mysq', host: 'db' } })]);
    expect(connector.code).toBe(EXIT_CODES.CONFIG);
    expect(connector.err).toContain('Config field /source/connector: must be one of "postgres", "mysql", "mssql", "files".');
  });

  it('lists the built-in profile names for an unknown profile (exit 78)', async () => {
    const r = await cli(['dry-run', '-c', writeConfig('profile.json', filesConfig({ mappings: 'flatfile' }))]);
    expect(r.code).toBe(EXIT_CODES.CONFIG);
    expect(r.err).toContain('"flatfile" is neither a built-in profile nor a module file. Did you mean "flat-file"? Built-in profiles: flat-file, relational');
  });

  it('refuses --run-id that is not a UUID before anything connects (exit 64)', async () => {
    const config = writeConfig('unreachable.json', {
      ...filesConfig(),
      source: { connector: 'postgres', host: '127.0.0.1', port: 1, database: 'x' },
      mappings: 'relational',
    });
    const r = await cli(['run', '-c', config, '--run-id', 'abc']);
    expect(r.code).toBe(EXIT_CODES.USAGE);
    expect(r.err).toContain("option '--run-id <uuid>' argument 'abc' is invalid. A run id is a UUID");
    expect(r.err).not.toContain('CB_CONNECTION_FAILED');
    expect(r.err).not.toContain('CB_DATA_EXCEPTION');
  });

  it('refuses --resume without a run id (exit 64)', async () => {
    const r = await cli(['run', '-c', writeConfig('resume.json', filesConfig()), '--resume']);
    expect(r.code).toBe(EXIT_CODES.USAGE);
    expect(r.err).toContain('--resume needs the run to continue: pass --run-id <uuid>');
  });

  it('refuses --resume with a run id the store does not know instead of starting a new run (exit 2)', async () => {
    const config = writeConfig('resume-unknown.json', filesConfig({ target: { kind: 'jsonl', dir: 'out-resume-unknown' } }));
    const r = await cli(['run', '-c', config, '--run-id', '0d1e2f30-4a5b-4c6d-8e7f-901234567890', '--resume']);
    expect(r.code).toBe(EXIT_CODES.RUN_FAILED);
    expect(r.err).toContain('CB_CHECKPOINT_INVALID: Nothing to resume');
    expect(r.out).not.toContain('Run of');
  }, 300_000);

  it('says that validate was given a missing file, not an internal error (exit 64)', async () => {
    const r = await cli(['validate', 'no-such-records.jsonl', '--entity', 'person']);
    expect(r.code).toBe(EXIT_CODES.USAGE);
    expect(r.err).toContain('validate: the file no-such-records.jsonl does not exist');
    expect(r.err).not.toContain('CB_INTERNAL');
  });

  it('names the npm package to install for a missing driver, not its subpath (exit 78)', async () => {
    expect(packageNameOf('mysql2/promise')).toBe('mysql2');
    expect(packageNameOf('@scope/driver/sub')).toBe('@scope/driver');
    const error = await loadOptionalModule('casebridge-no-such-driver/promise').catch((e: unknown) => e);
    expect((error as Error).message).toContain('Install it with: npm install casebridge-no-such-driver');
    expect((error as Error).message).not.toContain('/promise');
    expect(exitCodeForError(error)).toBe(EXIT_CODES.CONFIG);
  });

  it('names host:port of an unreachable source database, never the password (exit 69)', async () => {
    const env = { LEGACY_PW: 'pw-must-not-show-7781' };
    for (const [connector, port] of [
      ['postgres', 1],
      ['mysql', 2],
    ] as const) {
      const config = writeConfig(`down-${connector}.json`, {
        ...filesConfig({ target: { kind: 'jsonl', dir: `out-${connector}` } }),
        source: { connector, host: '127.0.0.1', port, database: 'soz', user: 'reader', password: { env: 'LEGACY_PW' } },
        mappings: 'relational',
      });
      const r = await cli(['dry-run', '-c', config], env);
      expect(r.code, r.err).toBe(EXIT_CODES.UNAVAILABLE);
      expect(r.err).toContain(`(server 127.0.0.1:${port})`);
      expect(r.err).not.toContain(env.LEGACY_PW);
    }
  });

  it('prints the command that resumes a run interrupted with Ctrl-C, and that command continues it', async () => {
    const config = writeConfig(
      'interrupt.json',
      filesConfig({ target: { kind: 'jsonl', dir: 'out-interrupt' }, options: { batchSize: 20, reconcile: false } }),
    );
    // Ctrl-C after the first committed batch: the CLI's own SIGINT handler is called, as the signal would.
    let interrupted = false;
    const stderr: string[] = [];
    const io: CliIo & { err(): string } = {
      ...captureIo({ cwd: root, env: {} }),
      stderr: new Writable({
        write(chunk: Buffer | string, _encoding, callback) {
          const text = chunk.toString();
          stderr.push(text);
          if (!interrupted && text.includes('rows read (batch')) {
            interrupted = true;
            const handler = process.listeners('SIGINT').at(-1);
            handler?.('SIGINT');
          }
          callback();
        },
      }),
      err: () => stderr.join(''),
    };
    const code = await runCli(['run', '-c', config], io);
    expect(interrupted).toBe(true);
    expect(code).toBe(EXIT_CODES.CANCELLED);
    const match = /continue this run with:\n {2}(casebridge run -c (\S+) --run-id ([0-9a-f-]{36}) --resume)\n/.exec(io.err());
    expect(match, io.err()).not.toBeNull();
    expect(match![2]).toBe('interrupt.json');

    const resumed = await cli(match![1]!.split(' ').slice(1));
    expect(resumed.code, resumed.err).toBe(EXIT_CODES.OK);
    expect(resumed.err).toContain('(resumed)');
  }, 300_000);

  it('warns about every file in codeListMapsDir that no mapping reads, and reads a correctly named map with the shipped ones as fallback', async () => {
    const codes = path.join(root, 'codes-check');
    mkdirSync(codes, { recursive: true });
    writeFileSync(path.join(codes, 'case-type.csv'), readFileSync(path.join(flatFileProfile.codeListMapsDir, 'dossier-art.csv')));
    writeFileSync(path.join(codes, 'dossier-art.csv'), readFileSync(path.join(flatFileProfile.codeListMapsDir, 'dossier-art.csv')));
    const config = writeConfig('codes-dir.json', filesConfig({ codeListMapsDir: 'codes-check', target: { kind: 'jsonl', dir: 'out-codes' } }));
    const r = await cli(['dry-run', '-c', config]);
    // Only dossier-art.csv is in the folder: the eight other maps come from the shipped ones.
    expect(r.code, r.err).toBe(EXIT_CODES.OK);
    expect(r.err).toContain(
      'warning: codeListMapsDir: codes-check/case-type.csv is used by no mapping. The flat-file profile reads zivilstand.csv, dossier-art.csv',
    );
    expect(r.err).not.toContain('codes-check/dossier-art.csv is used by no mapping');
  }, 300_000);

  it('says why --strict exits 1', async () => {
    const config = writeConfig(
      'strict.json',
      filesConfig({
        target: { kind: 'jsonl', dir: 'out-strict' },
        options: { reconcile: false, thresholds: [{ metric: 'quarantined', maxCount: 0, severity: 'warning' }] },
      }),
    );
    const r = await cli(['run', '-c', config, '--strict']);
    expect(r.code, r.err).toBe(EXIT_CODES.WARNINGS);
    expect(r.err).toContain('Exit 1 because of --strict: the run passed with warnings: threshold-warning (A warning threshold was exceeded.)');
  }, 300_000);

  it('does not create a PGlite store that does not exist yet in a dry run', async () => {
    // The sample commune plants one case without an applicant: allowed here, as in the demo.
    const options = { thresholds: [{ metric: 'case:case.applicant_missing', maxCount: 1, severity: 'error' }] };
    const config = writeConfig('dry-no-store.json', filesConfig({ target: { kind: 'pglite', dir: 'store-never-created' }, options }));
    const r = await cli(['dry-run', '-c', config]);
    expect(r.code, r.err).toBe(EXIT_CODES.OK);
    expect(existsSync(path.join(root, 'store-never-created'))).toBe(false);
    expect(r.out).toContain('PGlite in memory (dry run');
  }, 300_000);
});

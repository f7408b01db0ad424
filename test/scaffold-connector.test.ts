/**
 * init-connector scaffolding: the generated file set typechecks under our strict settings, and its
 * conformance test runs and fails clearly with CB_NOT_IMPLEMENTED instead of crashing.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffoldConnector } from '../src/connectors/scaffold/scaffold-connector.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'test-output', `scaffold-${randomBytes(4).toString('hex')}`);
const rel = (p: string): string => path.relative(dir, path.join(root, p)).split(path.sep).join('/');

async function exec(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd: root, env: { ...process.env, CI: '1', NO_COLOR: '1' }, maxBuffer: 20_000_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('scaffoldConnector', () => {
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(['Acme', 'acme_soz', '-x', 'a--b', ''])('rejects the name %j', async (name) => {
    await expect(scaffoldConnector({ name, dir: path.join(dir, 'never') })).rejects.toMatchObject({ code: 'CB_CONFIGURATION_INVALID' });
  });

  it('writes the standard file set, which typechecks and fails its conformance run with CB_NOT_IMPLEMENTED', { timeout: 180_000 }, async () => {
    const result = await scaffoldConnector({
      name: 'acme-soz',
      dir,
      importFrom: {
        core: `${rel('src/index.ts').replace(/\.ts$/, '.js')}`,
        spi: `${rel('src/connectors/index.ts').replace(/\.ts$/, '.js')}`,
        testing: `${rel('src/testing/index.ts').replace(/\.ts$/, '.js')}`,
      },
    });
    expect(result.files).toEqual([
      'acme-soz-config.ts',
      'acme-soz-connector.ts',
      'acme-soz-driver.ts',
      'acme-soz-errors.ts',
      'acme-soz-introspector.ts',
      'acme-soz-reader.ts',
      'acme-soz-type-map.ts',
      'acme-soz-writer.ts',
      'acme-soz.conformance.test.ts',
      'index.ts',
    ]);
    expect(await readFile(path.join(dir, 'acme-soz-connector.ts'), 'utf8')).toContain('export function createAcmeSozConnector');
    await expect(scaffoldConnector({ name: 'acme-soz', dir })).rejects.toMatchObject({ code: 'CB_CONFIGURATION_INVALID' });

    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: rel('tsconfig.json'), compilerOptions: { noEmit: true }, include: ['./*.ts'] }));
    const tsc = await exec(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')]);
    expect(tsc.out).toBe('');
    expect(tsc.code).toBe(0);

    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.ts'], hookTimeout: 30000 } };\n");
    const vitest = await exec(process.execPath, [
      path.join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--root',
      dir,
      '--config',
      path.join(dir, 'vitest.config.mjs'),
    ]);
    expect(vitest.code).not.toBe(0);
    expect(vitest.out).toContain('CB_NOT_IMPLEMENTED');
    expect(vitest.out).toMatch(/acme-soz connector: driver\.init is not implemented yet/);
    expect(vitest.out).not.toMatch(/TypeError|ReferenceError|SyntaxError|Cannot find module/);
  });
});

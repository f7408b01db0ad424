/**
 * `npm run check:imports` (dependency-cruiser with .dependency-cruiser.cjs) passes on src/ and fails on a
 * core file that imports a connector or a driver, naming the rule and the edge.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve('.');
const depcruise = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function cruise(cwd: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [depcruise, 'src', '--config', path.join(ROOT, '.dependency-cruiser.cjs')], { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('the import rules', () => {
  it('hold for src/', () => {
    const r = cruise(ROOT);
    expect(r.output).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  }, 120_000);

  it('fail when a core file imports a connector or a driver', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-import-rules-'));
    temps.push(dir);
    mkdirSync(path.join(dir, 'src', 'core'), { recursive: true });
    mkdirSync(path.join(dir, 'src', 'connectors'), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'probe', type: 'module' }));
    writeFileSync(path.join(dir, 'src', 'connectors', 'files.ts'), 'export const files = 1;\n');
    writeFileSync(
      path.join(dir, 'src', 'core', 'engine.ts'),
      "import type { Pool } from 'pg';\nimport { files } from '../connectors/files.js';\nexport const engine = (p: Pool): unknown => [p, files];\n",
    );
    const r = cruise(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('core-imports-no-upper-layer: src/core/engine.ts → src/connectors/files.ts');
    expect(r.output).toMatch(/core-imports-no-driver: src\/core\/engine\.ts → \S*node_modules\/pg\//);
  }, 120_000);
});
